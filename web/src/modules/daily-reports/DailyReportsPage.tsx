/**
 * 日報: my report of a day — written from what the day held (activities and deal moves,
 * one click to draft) and handed in — and, for managers, the team's reports of the day
 * with comments.
 */
import { ActionIcon, Badge, Button, Card, Grid, Group, Stack, Tabs, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronLeft, IconChevronRight, IconWand } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type DayView, useComment, useDay, useSaveDay, useTeamReports } from './api.ts'

const todayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export default function DailyReportsPage() {
  const { t } = useTranslation('dailyReports')
  const format = useFormat()
  const [params, setParams] = useSearchParams()
  const date = params.get('date') ?? todayIn(format.timeZone)
  const setDate = (next: string) => setParams({ date: next }, { replace: true })

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Group mb="md" gap="xs">
        <ActionIcon variant="default" onClick={() => setDate(shift(date, -1))} aria-label={t('previousDay')} data-testid="daily-prev">
          <IconChevronLeft size={16} />
        </ActionIcon>
        <TextInput type="date" value={date} onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)} w={170} data-testid="daily-date" />
        <ActionIcon variant="default" onClick={() => setDate(shift(date, 1))} aria-label={t('nextDay')} data-testid="daily-next">
          <IconChevronRight size={16} />
        </ActionIcon>
      </Group>
      <Tabs defaultValue="mine" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="mine" data-testid="daily-tab-mine">
            {t('mine')}
          </Tabs.Tab>
          <Tabs.Tab value="team" data-testid="daily-tab-team">
            {t('team')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine">
          <MyDay date={date} />
        </Tabs.Panel>
        <Tabs.Panel value="team">
          <TeamDay date={date} />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}

function MyDay({ date }: { date: string }) {
  const { t } = useTranslation('dailyReports')
  const day = useDay(date)
  const save = useSaveDay()
  const [values, setValues] = useState({ summary: '', plan: '', issues: '' })
  useEffect(() => {
    const r = day.data?.report
    setValues({ summary: r?.summary ?? '', plan: r?.plan ?? '', issues: r?.issues ?? '' })
  }, [day.data?.report, date])

  if (day.isPending) return <CenteredLoader />
  if (!day.data) return <ErrorAlert error={day.error} onRetry={() => void day.refetch()} />
  const report = day.data.report

  const draftFromWork = () => {
    const lines = [
      ...day.data.work.activities.map((a) => `・【${t(`kinds.${a.kind}`)}】${a.accountName ? `${a.accountName}：` : ''}${a.subject}${a.outcome ? `（${a.outcome}）` : ''}`),
      ...day.data.work.dealChanges.map((c) =>
        c.fromStageName ? `・【${t('deal')}】${c.dealName}：${c.fromStageName} → ${c.toStageName}` : `・【${t('deal')}】${c.dealName}：${t('dealCreated', { stage: c.toStageName })}`,
      ),
    ]
    setValues((v) => ({ ...v, summary: [v.summary.trim(), ...lines].filter(Boolean).join('\n') }))
  }
  const submit = (handIn: boolean) =>
    save.mutate(
      { date, ...values, submit: handIn },
      { onSuccess: () => notifications.show({ color: 'teal', message: handIn ? t('submitted') : t('saved') }) },
    )

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={5}>{t('myReport')}</Title>
            <Badge color={report?.status === 'submitted' ? 'teal' : 'gray'} variant="light" data-testid="daily-status">
              {t(report ? `status.${report.status}` : 'status.none')}
            </Badge>
          </Group>
          <ErrorAlert error={save.error} />
          <Stack gap="sm">
            <Textarea label={t('fields.summary')} autosize minRows={6} value={values.summary} onChange={(e) => setValues({ ...values, summary: e.currentTarget.value })} data-testid="daily-summary" />
            <Textarea label={t('fields.plan')} autosize minRows={3} value={values.plan} onChange={(e) => setValues({ ...values, plan: e.currentTarget.value })} data-testid="daily-plan" />
            <Textarea label={t('fields.issues')} autosize minRows={2} value={values.issues} onChange={(e) => setValues({ ...values, issues: e.currentTarget.value })} data-testid="daily-issues" />
            <Group justify="space-between">
              <Button variant="light" leftSection={<IconWand size={16} />} onClick={draftFromWork} disabled={day.data.work.activities.length + day.data.work.dealChanges.length === 0} data-testid="daily-draft">
                {t('draftFromWork')}
              </Button>
              <Group gap="xs">
                <Button variant="default" onClick={() => submit(false)} loading={save.isPending} data-testid="daily-save">
                  {t('saveDraft')}
                </Button>
                <Button onClick={() => submit(true)} loading={save.isPending} data-testid="daily-submit">
                  {t('submit')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Card>
        <Comments day={day.data} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Work day={day.data} />
      </Grid.Col>
    </Grid>
  )
}

function Work({ day }: { day: DayView }) {
  const { t, i18n } = useTranslation('dailyReports')
  const format = useFormat()
  const time = new Intl.DateTimeFormat(i18n.language.startsWith('ja') ? 'ja-JP' : 'en-US', { hour: '2-digit', minute: '2-digit', timeZone: format.timeZone })
  const items = [
    ...day.work.activities.map((a) => ({ key: a.id, at: a.at, title: `${t(`kinds.${a.kind}`)}：${a.subject}`, sub: [a.accountName, a.outcome].filter(Boolean).join(' · ') })),
    ...day.work.dealChanges.map((c) => ({
      key: `${c.dealId}-${c.at}`,
      at: c.at,
      title: `${t('deal')}：${c.dealName}`,
      sub: c.fromStageName ? `${c.fromStageName} → ${c.toStageName}` : t('dealCreated', { stage: c.toStageName }),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at))
  return (
    <Card withBorder data-testid="daily-work">
      <Title order={5} mb="sm">
        {t('work')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noWork')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {items.map((item) => (
            <Timeline.Item key={item.key} title={<Text size="sm">{item.title}</Text>} data-testid="daily-work-item">
              <Text size="xs" c="dimmed">
                {time.format(new Date(item.at))}
                {item.sub ? ` · ${item.sub}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  )
}

function Comments({ day }: { day: DayView }) {
  const { t } = useTranslation('dailyReports')
  const format = useFormat()
  const comment = useComment()
  const [body, setBody] = useState('')
  if (!day.report) return null
  return (
    <Card withBorder mt="md" data-testid="daily-comments">
      <Title order={5} mb="sm">
        {t('comments')}
      </Title>
      <Stack gap="xs">
        {day.comments.map((c) => (
          <Card key={c.id} padding="xs" bg="var(--mantine-color-gray-0)" data-testid="daily-comment">
            <Text size="xs" c="dimmed">
              {c.authorName} · {format.dateTime(c.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {c.body}
            </Text>
          </Card>
        ))}
        <Textarea placeholder={t('commentPlaceholder')} autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="daily-comment-input" />
        <Group justify="flex-end">
          <Button
            size="xs"
            disabled={!body.trim()}
            loading={comment.isPending}
            onClick={() => comment.mutate({ reportId: day.report!.id, body: body.trim() }, { onSuccess: () => setBody('') })}
            data-testid="daily-comment-send"
          >
            {t('sendComment')}
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}

function TeamDay({ date }: { date: string }) {
  const { t } = useTranslation('dailyReports')
  const reports = useTeamReports(date)
  const [open, setOpen] = useState<string | null>(null)
  const rows = reports.data?.pages.flatMap((p) => p.data) ?? []
  if (reports.isPending) return <CenteredLoader />
  return (
    <Stack gap="sm">
      <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noTeamReports')}
        </Text>
      ) : null}
      {rows.map((r) => (
        <Card key={r.id} withBorder data-testid="daily-team-report">
          <Group justify="space-between" mb={4}>
            <Text fw={600}>{r.ownerName}</Text>
            <Group gap="xs">
              <Badge variant="light" color={r.status === 'submitted' ? 'teal' : 'gray'}>
                {t(`status.${r.status}`)}
              </Badge>
              <Button size="xs" variant="subtle" onClick={() => setOpen(open === r.ownerId ? null : r.ownerId)}>
                {open === r.ownerId ? t('close') : t('openWithComments', { count: r.commentCount })}
              </Button>
            </Group>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={open === r.ownerId ? undefined : 4}>
            {r.summary || '—'}
          </Text>
          {open === r.ownerId ? <OthersDay date={date} userId={r.ownerId} /> : null}
        </Card>
      ))}
    </Stack>
  )
}

function OthersDay({ date, userId }: { date: string; userId: string }) {
  const { t } = useTranslation('dailyReports')
  const day = useDay(date, userId)
  if (!day.data) return <ErrorAlert error={day.error} />
  const r = day.data.report
  return (
    <Stack gap="xs" mt="sm">
      {r?.plan ? (
        <Text size="sm">
          <b>{t('fields.plan')}：</b>
          {r.plan}
        </Text>
      ) : null}
      {r?.issues ? (
        <Text size="sm">
          <b>{t('fields.issues')}：</b>
          {r.issues}
        </Text>
      ) : null}
      <Work day={day.data} />
      <Comments day={day.data} />
    </Stack>
  )
}
