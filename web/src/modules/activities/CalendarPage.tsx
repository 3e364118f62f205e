/** カレンダー: month, week and day views of meetings and dated tasks, mine or my team's. */
import { ActionIcon, Badge, Box, Button, Card, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { currentLocale } from '../../i18n/index.ts'
import { type CalendarItem, useCalendar } from './api.ts'
import { addDays, type CalendarView, dayKey, shift, startOfDay, visibleDays } from './calendarGrid.ts'

const MONTH_CELL_LIMIT = 3

function timeText(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}

function ItemChip({ item, locale, compact }: { item: CalendarItem; locale: string; compact: boolean }) {
  const { t } = useTranslation('activities')
  const color = item.kind === 'meeting' ? 'blue' : item.status === 'done' ? 'gray' : 'orange'
  const label = `${item.allDay ? t('calendar.allDay') : timeText(item.start, locale)} ${item.subject}`
  const target = item.accountId ? `/accounts/${item.accountId}` : item.kind === 'task' ? '/tasks' : undefined
  const content = (
    <Paper px={6} py={2} radius="sm" bg={`var(--mantine-color-${color}-light)`} data-testid="calendar-item" data-kind={item.kind}>
      <Text size="xs" lineClamp={compact ? 1 : 3} td={item.status === 'done' ? 'line-through' : undefined}>
        {label}
      </Text>
      {!compact && (item.place || item.accountName) ? (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {[item.place, item.accountName].filter(Boolean).join(' ・ ')}
        </Text>
      ) : null}
    </Paper>
  )
  return target ? (
    <UnstyledButton component={Link} to={target} title={item.subject}>
      {content}
    </UnstyledButton>
  ) : (
    content
  )
}

export default function CalendarPage() {
  const { t, i18n } = useTranslation('activities')
  const locale = currentLocale(i18n.language) === 'en' ? 'en-US' : 'ja-JP'
  const [view, setView] = useState<CalendarView>('month')
  const [scope, setScope] = useState<'me' | 'team'>('me')
  const [anchor, setAnchor] = useState(() => startOfDay(new Date()))
  const days = useMemo(() => visibleDays(view, anchor), [view, anchor])
  const from = days[0]!
  const to = addDays(days[days.length - 1]!, 1)
  const calendar = useCalendar(from, to, scope)
  const byDay = useMemo(() => {
    const map = new Map<string, CalendarItem[]>()
    for (const item of calendar.data?.data ?? []) {
      // A meeting spanning days shows on each of them.
      const first = startOfDay(new Date(item.start))
      const last = item.end ? startOfDay(new Date(new Date(item.end).getTime() - 1)) : first
      for (let d = first; d <= last && d < to; d = addDays(d, 1)) {
        if (d < from) continue
        const key = dayKey(d)
        map.set(key, [...(map.get(key) ?? []), item])
      }
    }
    return map
  }, [calendar.data, from, to])
  const weekdays = t('calendar.weekdays', { returnObjects: true }) as string[]
  const todayKey = dayKey(new Date())
  const title =
    view === 'month'
      ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(anchor)
      : view === 'week'
        ? `${new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(from)} – ${new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(addDays(to, -1))}`
        : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(anchor)

  const dayCell = (d: Date, compact: boolean) => {
    const key = dayKey(d)
    const items = byDay.get(key) ?? []
    const shown = compact ? items.slice(0, MONTH_CELL_LIMIT) : items
    const outside = view === 'month' && d.getMonth() !== anchor.getMonth()
    return (
      <Box
        key={key}
        p={4}
        mih={compact ? 96 : 160}
        style={{ borderTop: '1px solid var(--mantine-color-default-border)', opacity: outside ? 0.5 : 1, minWidth: 0 }}
        data-testid="calendar-day"
        data-date={key}
      >
        <UnstyledButton
          onClick={() => {
            setAnchor(d)
            setView('day')
          }}
        >
          <Badge size="sm" variant={key === todayKey ? 'filled' : 'transparent'} color={key === todayKey ? 'blue' : 'gray'}>
            {view === 'month' ? d.getDate() : `${d.getMonth() + 1}/${d.getDate()} (${weekdays[d.getDay()]})`}
          </Badge>
        </UnstyledButton>
        <Stack gap={2} mt={2}>
          {shown.map((item) => (
            <ItemChip key={item.id} item={item} locale={locale} compact={compact} />
          ))}
          {items.length > shown.length ? (
            <Text size="xs" c="dimmed">
              {t('calendar.more', { count: items.length - shown.length })}
            </Text>
          ) : null}
          {!compact && items.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('calendar.empty')}
            </Text>
          ) : null}
        </Stack>
      </Box>
    )
  }

  return (
    <>
      <PageHeader title={t('calendar.title')} description={t('calendar.description')} />
      <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
        <Group gap="xs">
          <ActionIcon variant="default" onClick={() => setAnchor(shift(view, anchor, -1))} aria-label={t('calendar.previous')} data-testid="calendar-prev">
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => setAnchor(startOfDay(new Date()))} data-testid="calendar-today">
            {t('calendar.today')}
          </Button>
          <ActionIcon variant="default" onClick={() => setAnchor(shift(view, anchor, 1))} aria-label={t('calendar.next')} data-testid="calendar-next">
            <IconChevronRight size={16} />
          </ActionIcon>
          <Title order={4} ml="xs" data-testid="calendar-title">
            {title}
          </Title>
        </Group>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={scope}
            onChange={(v) => setScope(v as 'me' | 'team')}
            data={(['me', 'team'] as const).map((s) => ({ value: s, label: t(`calendar.scope.${s}`) }))}
            data-testid="calendar-scope"
          />
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as CalendarView)}
            data={(['month', 'week', 'day'] as const).map((v) => ({ value: v, label: t(`calendar.views.${v}`) }))}
            data-testid="calendar-view"
          />
        </Group>
      </Group>
      {calendar.error ? <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
      {calendar.data?.truncated ? (
        <Text size="sm" c="orange" mb="sm">
          {t('calendar.truncated')}
        </Text>
      ) : null}
      <Card padding="xs" data-testid="calendar" data-view={view} style={{ overflowX: 'auto' }}>
        {view === 'month' ? (
          <>
            <SimpleGrid cols={7} spacing={0} miw={560}>
              {weekdays.map((w, i) => (
                <Text key={w} size="xs" fw={600} ta="center" c={i === 0 ? 'red' : i === 6 ? 'blue' : 'dimmed'} py={4}>
                  {w}
                </Text>
              ))}
            </SimpleGrid>
            <SimpleGrid cols={7} spacing={0} miw={560}>
              {days.map((d) => dayCell(d, true))}
            </SimpleGrid>
          </>
        ) : (
          <SimpleGrid cols={view === 'week' ? { base: 1, sm: 7 } : 1} spacing={4}>
            {days.map((d) => dayCell(d, false))}
          </SimpleGrid>
        )}
      </Card>
    </>
  )
}
