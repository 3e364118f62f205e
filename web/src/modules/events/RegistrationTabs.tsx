/** The event page's tabs: all registrants, one-click check-in (or by code), the waitlist, and follow-up (attendees / no-shows, CSV, tasks). */
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Menu, Progress, SegmentedControl, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCircleCheck, IconDots, IconDownload, IconInfoCircle, IconListCheck, IconSearch, IconUserCheck } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type CrmEvent, type Registration, type RegistrationFilters, useCancelRegistration, useCheckIn, useCheckInByCode, useFollowUpTasks, useRegistrations } from './api.ts'
import { RegistrationStatusBadge } from './EventBadges.tsx'

function useRows(eventId: string, filters: RegistrationFilters) {
  const list = useRegistrations(eventId, filters)
  return { list, rows: list.data?.pages.flatMap((p) => p.data) ?? [] }
}

function SearchBox({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation('events')
  return (
    <TextInput
      style={{ flex: '1 1 260px' }}
      leftSection={<IconSearch size={16} />}
      placeholder={t('registrations.search')}
      aria-label={t('checkIn.searchLabel')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-testid={testId}
    />
  )
}

function Person({ r }: { r: Registration }) {
  const { t } = useTranslation('events')
  return (
    <Stack gap={0}>
      <Group gap={6}>
        <Text size="sm" fw={500}>
          {r.name}
        </Text>
        {r.promotedAt ? (
          <Badge size="xs" variant="outline" color="orange">
            {t('registrations.promotedBadge')}
          </Badge>
        ) : null}
      </Group>
      {r.nameKana ? (
        <Text size="xs" c="dimmed">
          {r.nameKana}
        </Text>
      ) : null}
    </Stack>
  )
}

function CrmLink({ r }: { r: Registration }) {
  const { t } = useTranslation('events')
  if (r.contactId)
    return (
      <Anchor component={Link} to={`/contacts/${r.contactId}`} size="sm">
        {t('registrations.contact')}
      </Anchor>
    )
  if (r.leadId)
    return (
      <Anchor component={Link} to={`/leads/${r.leadId}`} size="sm">
        {t('registrations.lead')}
      </Anchor>
    )
  return <Text size="sm">—</Text>
}

function More({ list }: { list: ReturnType<typeof useRegistrations> }) {
  const { t } = useTranslation()
  return list.hasNextPage ? (
    <Stack align="center" p="md">
      <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
        {t('actions.loadMore')}
      </Button>
    </Stack>
  ) : null
}

export function RegistrationsTab({ event }: { event: CrmEvent }) {
  const { t } = useTranslation('events')
  const format = useFormat()
  const canUpdate = useCan('events', 'update')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const { list, rows } = useRows(event.id, { q: q || undefined })
  const cancel = useCancelRegistration(event.id)
  const [target, setTarget] = useState<Registration | null>(null)

  const confirmCancel = async () => {
    if (!target) return
    try {
      const result = await cancel.mutateAsync(target.id)
      notifications.show({ color: 'teal', message: [t('registrations.cancelled'), result.promoted > 0 ? t('registrations.promoted', { count: result.promoted }) : ''].join(' ') })
      setTarget(null)
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <Stack gap={0}>
      <Group p="md" gap="sm">
        <SearchBox value={search} onChange={setSearch} testId="registration-search" />
        <Button component="a" href={`/api/v1/events/${event.id}/export`} variant="default" leftSection={<IconDownload size={16} />} data-testid="registration-export">
          {t('actions.exportAll')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState message={q ? t('common:states.noResults') : t('registrations.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="registration-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('registrations.name')}</Table.Th>
                <Table.Th>{t('registrations.company')}</Table.Th>
                <Table.Th>{t('registrations.email')}</Table.Th>
                <Table.Th>{t('registrations.code')}</Table.Th>
                <Table.Th>{t('registrations.status')}</Table.Th>
                <Table.Th>{t('registrations.registeredAt')}</Table.Th>
                <Table.Th>{t('registrations.crm')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="registration-row">
                  <Table.Td>
                    <Person r={r} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.company ?? ''}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.email}</Text>
                    {r.phone ? (
                      <Text size="xs" c="dimmed">
                        {r.phone}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <RegistrationStatusBadge status={r.status} />
                      {r.checkedInAt ? (
                        <Badge size="sm" color="blue" variant="light">
                          {t('checkIn.attended')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.dateTime(r.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <CrmLink r={r} />
                  </Table.Td>
                  <Table.Td>
                    {canUpdate && r.status !== 'cancelled' && !r.checkedInAt ? (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('common:actions.openMenu')}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item color="red" onClick={() => setTarget(r)}>
                            {t('registrations.cancel')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <More list={list} />
      <ConfirmDialog
        opened={target !== null}
        title={t('registrations.cancelTitle')}
        message={t('registrations.cancelMessage', { name: target?.name ?? '' })}
        confirmLabel={t('registrations.cancel')}
        loading={cancel.isPending}
        onConfirm={() => void confirmCancel()}
        onClose={() => setTarget(null)}
      />
    </Stack>
  )
}

export function CheckInTab({ event }: { event: CrmEvent }) {
  const { t } = useTranslation('events')
  const format = useFormat()
  const canUpdate = useCan('events', 'update')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 200)
  const { list, rows } = useRows(event.id, { q: q || undefined, status: 'confirmed' })
  const checkIn = useCheckIn(event.id)
  const byCode = useCheckInByCode(event.id)
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)
  const { confirmed, checkedIn } = event.counts
  const rate = confirmed > 0 ? Math.round((checkedIn / confirmed) * 100) : 0

  const toggle = async (r: Registration, on: boolean) => {
    try {
      await checkIn.mutateAsync({ registrationId: r.id, checkedIn: on })
      notifications.show({ color: on ? 'teal' : 'gray', message: t(on ? 'checkIn.done' : 'checkIn.undone', { name: r.name }) })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  const submitCode = async (e: FormEvent) => {
    e.preventDefault()
    if (!code.trim()) return
    setCodeError(null)
    try {
      const r = await byCode.mutateAsync(code.trim())
      notifications.show({ color: 'teal', message: t('checkIn.done', { name: r.name }) })
      setCode('')
    } catch (error) {
      setCodeError((error as { status?: number }).status === 404 ? t('checkIn.notFound') : errorMessage(error, t))
    }
  }

  return (
    <Stack gap={0}>
      <Stack p="md" gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          {canUpdate ? (
            <form onSubmit={(e) => void submitCode(e)} style={{ flex: '0 1 360px' }}>
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label={t('checkIn.codeLabel')}
                  placeholder={t('checkIn.codePlaceholder')}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
                  error={codeError}
                  ff="monospace"
                  style={{ flex: 1 }}
                  data-testid="checkin-code"
                />
                <Button type="submit" mt={25} loading={byCode.isPending} leftSection={<IconUserCheck size={16} />} data-testid="checkin-code-submit">
                  {t('checkIn.submit')}
                </Button>
              </Group>
            </form>
          ) : null}
          <Stack gap={4} style={{ flex: '0 1 280px' }}>
            <Text size="sm" fw={500} data-testid="checkin-progress">
              {t('checkIn.progress', { checkedIn, confirmed, rate: `${rate}%` })}
            </Text>
            <Progress value={rate} color="teal" size="lg" radius="xl" />
          </Stack>
        </Group>
        <SearchBox value={search} onChange={setSearch} testId="checkin-search" />
      </Stack>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState message={q ? t('common:states.noResults') : t('checkIn.empty')} />
      ) : (
        <Table verticalSpacing="xs" highlightOnHover data-testid="checkin-list">
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="checkin-row" data-checked-in={r.checkedInAt ? 'true' : 'false'}>
                <Table.Td>
                  <Person r={r} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.company ?? ''}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {r.code}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {r.checkedInAt ? (
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Tooltip label={format.dateTime(r.checkedInAt)}>
                        <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={12} />}>
                          {t('checkIn.attended')}
                        </Badge>
                      </Tooltip>
                      {canUpdate ? (
                        <Button size="xs" variant="subtle" color="gray" onClick={() => void toggle(r, false)}>
                          {t('checkIn.undo')}
                        </Button>
                      ) : null}
                    </Group>
                  ) : canUpdate ? (
                    <Button size="xs" leftSection={<IconUserCheck size={14} />} onClick={() => void toggle(r, true)} loading={checkIn.isPending && checkIn.variables?.registrationId === r.id} data-testid="checkin-button">
                      {t('checkIn.checkIn')}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <More list={list} />
    </Stack>
  )
}

export function WaitlistTab({ event }: { event: CrmEvent }) {
  const { t } = useTranslation('events')
  const format = useFormat()
  const { list, rows } = useRows(event.id, { status: 'waitlisted' })
  return (
    <Stack gap={0}>
      <Alert m="md" variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
        {t('waitlist.note')}
      </Alert>
      {list.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState message={t('waitlist.empty')} />
      ) : (
        <Table verticalSpacing="xs" data-testid="waitlist-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t('waitlist.position')}</Table.Th>
              <Table.Th>{t('registrations.name')}</Table.Th>
              <Table.Th>{t('registrations.company')}</Table.Th>
              <Table.Th>{t('registrations.email')}</Table.Th>
              <Table.Th>{t('registrations.registeredAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.id} data-testid="waitlist-row">
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  <Person r={r} />
                </Table.Td>
                <Table.Td>{r.company ?? ''}</Table.Td>
                <Table.Td>{r.email}</Table.Td>
                <Table.Td>{format.dateTime(r.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <More list={list} />
    </Stack>
  )
}

export function FollowUpTab({ event }: { event: CrmEvent }) {
  const { t } = useTranslation('events')
  const canUpdate = useCan('events', 'update')
  const [attendance, setAttendance] = useState<'attended' | 'no_show'>('attended')
  const { list, rows } = useRows(event.id, { attendance })
  const tasks = useFollowUpTasks(event.id)

  const createTasks = async () => {
    try {
      const result = await tasks.mutateAsync()
      notifications.show({ color: 'teal', message: result.created > 0 ? t('followUp.created', { count: result.created }) : t('followUp.noneNew') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <Stack gap={0}>
      <Stack p="md" gap="sm">
        <Text size="sm" c="dimmed">
          {t('followUp.intro')}
        </Text>
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            value={attendance}
            onChange={(v) => setAttendance(v as 'attended' | 'no_show')}
            data={[
              { value: 'attended', label: `${t('followUp.attendees')} (${event.counts.checkedIn})` },
              { value: 'no_show', label: `${t('followUp.noShows')} (${event.counts.confirmed - event.counts.checkedIn})` },
            ]}
            data-testid="followup-filter"
          />
          <Group gap="xs">
            <Button
              component="a"
              href={`/api/v1/events/${event.id}/export?attendance=${attendance}`}
              variant="default"
              leftSection={<IconDownload size={16} />}
              data-testid="followup-export"
            >
              {t(attendance === 'attended' ? 'actions.exportAttendees' : 'actions.exportNoShows')}
            </Button>
            {canUpdate && attendance === 'attended' ? (
              <Button leftSection={<IconListCheck size={16} />} onClick={() => void createTasks()} loading={tasks.isPending} disabled={event.counts.checkedIn === 0} data-testid="followup-create-tasks">
                {t('actions.createTasks')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Stack>
      {list.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState message={t('followUp.empty')} />
      ) : (
        <Table verticalSpacing="xs" data-testid="followup-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('registrations.name')}</Table.Th>
              <Table.Th>{t('registrations.company')}</Table.Th>
              <Table.Th>{t('registrations.email')}</Table.Th>
              <Table.Th>{t('registrations.phone')}</Table.Th>
              <Table.Th>{t('registrations.crm')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="followup-row">
                <Table.Td>
                  <Person r={r} />
                </Table.Td>
                <Table.Td>{r.company ?? ''}</Table.Td>
                <Table.Td>{r.email}</Table.Td>
                <Table.Td>{r.phone ?? ''}</Table.Td>
                <Table.Td>
                  <CrmLink r={r} />
                </Table.Td>
                <Table.Td>
                  {r.followUpTaskId ? (
                    <Badge color="teal" variant="light" size="sm" data-testid="followup-task-badge">
                      {t('followUp.taskCreated')}
                    </Badge>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <More list={list} />
    </Stack>
  )
}
