/**
 * 配信スケジュール: a saved report's email deliveries — list, add (recipients, cadence, day, hour,
 * format, language), pause, delete and send now. Each recipient receives only what they may see.
 */
import { ActionIcon, Alert, Badge, Button, Divider, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconSend, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type Cadence, type ReportSchedule, useMemberOptions, useReportScheduleMutations, useReportSchedules } from './api.ts'

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6]
const HOURS = Array.from({ length: 24 }, (_, h) => h)
const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['Asia/Tokyo', 'UTC']
  }
}

export function ReportSchedulesModal({ reportId, reportName, onClose }: { reportId: string; reportName: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('reports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const schedules = useReportSchedules(reportId)
  const members = useMemberOptions()
  const { create, update, remove, sendNow } = useReportScheduleMutations(reportId)
  const [recipients, setRecipients] = useState<string[]>([])
  const [cadence, setCadence] = useState<Cadence>('weekly')
  const [weekday, setWeekday] = useState(1)
  const [dayOfMonth, setDayOfMonth] = useState(1)
  const [hour, setHour] = useState(9)
  const [timeZone, setTimeZone] = useState<string | null>(null)
  const [format, setFormat] = useState<'csv' | 'pdf'>('pdf')
  const [locale, setLocale] = useState<'ja' | 'en'>(lang)

  const dateTime = (iso: string, zone: string) => new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
  const when = (s: Pick<ReportSchedule, 'cadence' | 'weekday' | 'dayOfMonth' | 'hour' | 'timeZone'>) => {
    const time = `${s.hour}:00`
    if (s.cadence === 'weekly') return t('schedules.whenWeekly', { weekday: t(`schedules.weekdays.${s.weekday}`), time })
    if (s.cadence === 'monthly') return t('schedules.whenMonthly', { day: s.dayOfMonth, time })
    return t('schedules.whenDaily', { time })
  }
  const fail = (e: unknown) => notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) })

  const add = async () => {
    await create.mutateAsync({
      recipientUserIds: recipients,
      cadence,
      weekday: cadence === 'weekly' ? weekday : null,
      dayOfMonth: cadence === 'monthly' ? dayOfMonth : null,
      hour,
      ...(timeZone ? { timeZone } : {}),
      format,
      locale,
    })
    notifications.show({ color: 'teal', message: t('schedules.added') })
    setRecipients([])
  }

  const list = schedules.data?.data ?? []
  return (
    <Modal opened onClose={onClose} title={t('schedules.title', { name: reportName })} size="xl" data-testid="report-schedules">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('schedules.help')}
        </Text>
        <ErrorAlert error={schedules.error} />
        {list.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="sm">
            {t('schedules.empty')}
          </Text>
        ) : (
          <Table striped verticalSpacing="xs" data-testid="report-schedule-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('schedules.recipients')}</Table.Th>
                <Table.Th>{t('schedules.when')}</Table.Th>
                <Table.Th>{t('schedules.format')}</Table.Th>
                <Table.Th>{t('schedules.nextRun')}</Table.Th>
                <Table.Th>{t('schedules.active')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((s) => (
                <Table.Tr key={s.id} data-testid={`report-schedule-${s.id}`}>
                  <Table.Td>
                    <Text size="sm">{s.recipients.map((r) => r.name ?? t('schedules.formerMember')).join(lang === 'ja' ? '、' : ', ')}</Text>
                    {s.lastError ? (
                      <Text size="xs" c="red" style={{ whiteSpace: 'pre-line' }} data-testid="report-schedule-error">
                        {s.lastError}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(s)}</Text>
                    <Text size="xs" c="dimmed">
                      {s.timeZone}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{s.format.toUpperCase()}</Badge> <Text span size="xs" c="dimmed">{t(`schedules.locales.${s.locale}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.active ? dateTime(s.nextRunAt, s.timeZone) : '—'}</Text>
                    {s.lastSentAt ? (
                      <Text size="xs" c="dimmed">
                        {t('schedules.lastSent', { at: dateTime(s.lastSentAt, s.timeZone) })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={s.active}
                      disabled={!s.canEdit}
                      onChange={(e) => update.mutateAsync({ id: s.id, active: e.currentTarget.checked }).catch(fail)}
                      aria-label={t('schedules.active')}
                      data-testid="report-schedule-active"
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label={t('schedules.sendNow')}>
                        <ActionIcon
                          variant="subtle"
                          disabled={!s.canEdit}
                          onClick={() =>
                            sendNow
                              .mutateAsync(s.id)
                              .then((r) => notifications.show({ color: 'teal', message: t('schedules.sentNow', { count: r.queued }) }))
                              .catch(fail)
                          }
                          aria-label={t('schedules.sendNow')}
                          data-testid="report-schedule-send-now"
                        >
                          <IconSend size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('schedules.delete')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          disabled={!s.canEdit}
                          onClick={() => {
                            if (window.confirm(t('schedules.confirmDelete'))) remove.mutateAsync(s.id).catch(fail)
                          }}
                          aria-label={t('schedules.delete')}
                          data-testid="report-schedule-delete"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        <Divider label={t('schedules.addTitle')} labelPosition="left" />
        <MultiSelect
          label={t('schedules.recipients')}
          placeholder={t('schedules.pickRecipients')}
          data={(members.data ?? []).filter((m) => m.status !== 'disabled').map((m) => ({ value: m.id, label: m.name }))}
          value={recipients}
          onChange={setRecipients}
          searchable
          data-testid="report-schedule-recipients"
        />
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SegmentedControl
            value={cadence}
            onChange={(v) => setCadence(v as Cadence)}
            data={(['daily', 'weekly', 'monthly'] as const).map((c) => ({ value: c, label: t(`schedules.cadences.${c}`) }))}
            data-testid="report-schedule-cadence"
          />
          {cadence === 'weekly' ? (
            <Select
              w={110}
              label={t('schedules.weekday')}
              data={WEEKDAYS.map((d) => ({ value: String(d), label: t(`schedules.weekdays.${d}`) }))}
              value={String(weekday)}
              onChange={(v) => v && setWeekday(Number(v))}
              allowDeselect={false}
              data-testid="report-schedule-weekday"
            />
          ) : null}
          {cadence === 'monthly' ? (
            <NumberInput w={110} label={t('schedules.dayOfMonth')} min={1} max={28} value={dayOfMonth} onChange={(v) => setDayOfMonth(Number(v) || 1)} suffix={lang === 'ja' ? ' 日' : ''} data-testid="report-schedule-day" />
          ) : null}
          <Select w={100} label={t('schedules.hour')} data={HOURS.map((h) => ({ value: String(h), label: `${h}:00` }))} value={String(hour)} onChange={(v) => v && setHour(Number(v))} allowDeselect={false} data-testid="report-schedule-hour" />
          <Select w={200} label={t('schedules.timeZone')} placeholder={t('schedules.yourTimeZone')} data={zones()} value={timeZone} onChange={setTimeZone} searchable clearable data-testid="report-schedule-zone" />
        </Group>
        <Group align="flex-end" gap="sm">
          <Select w={120} label={t('schedules.format')} data={[{ value: 'pdf', label: 'PDF' }, { value: 'csv', label: 'CSV' }]} value={format} onChange={(v) => v && setFormat(v as 'csv' | 'pdf')} allowDeselect={false} data-testid="report-schedule-format" />
          <Select w={120} label={t('schedules.language')} data={(['ja', 'en'] as const).map((l) => ({ value: l, label: t(`schedules.locales.${l}`) }))} value={locale} onChange={(v) => v && setLocale(v as 'ja' | 'en')} allowDeselect={false} data-testid="report-schedule-locale" />
          <Button onClick={() => void add().catch(() => undefined)} loading={create.isPending} disabled={recipients.length === 0} data-testid="report-schedule-add">
            {t('schedules.add')}
          </Button>
        </Group>
        <ErrorAlert error={create.error} testId="report-schedule-create-error" />
        <Alert variant="light" color="gray">
          <Text size="xs">{t('schedules.privacy')}</Text>
        </Alert>
      </Stack>
    </Modal>
  )
}
