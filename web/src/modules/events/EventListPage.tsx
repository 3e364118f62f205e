/** イベント一覧: newest first, search by title, filter by status, registrations and attendance at a glance. */
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { EVENT_STATUSES, type EventStatus, formatEventRange, useEventList } from './api.ts'
import { EventStatusBadge } from './EventBadges.tsx'

export default function EventListPage() {
  const { t, i18n } = useTranslation('events')
  const canCreate = useCan('events', 'create')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const [status, setStatus] = useState<EventStatus | null>(null)
  const list = useEventList({ q: q || undefined, status: status ?? undefined })
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canCreate ? (
            <Button component={Link} to="/events/new" leftSection={<IconPlus size={16} />} data-testid="event-new">
              {t('new')}
            </Button>
          ) : null
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <TextInput
            style={{ flex: '1 1 240px' }}
            leftSection={<IconSearch size={16} />}
            placeholder={t('searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            aria-label={t('common:actions.search')}
            data-testid="event-search"
          />
          <Select
            w={{ base: '100%', xs: 180 }}
            placeholder={t('allStatuses')}
            clearable
            data={EVENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as EventStatus | null)}
            aria-label={t('fields.status')}
            data-testid="event-status-filter"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q || status ? t('common:states.noResults') : t('empty')} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="event-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.title')}</Table.Th>
                  <Table.Th>{t('fields.schedule')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th ta="right">{t('fields.registrations')}</Table.Th>
                  <Table.Th ta="right">{t('fields.attendance')}</Table.Th>
                  <Table.Th>{t('fields.ownerId')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.id} data-testid="event-row">
                    <Table.Td>
                      <Stack gap={2}>
                        <Anchor component={Link} to={`/events/${e.id}`} size="sm" fw={500}>
                          {e.title}
                        </Anchor>
                        <Group gap={6}>
                          <Badge size="xs" variant="outline" color="gray">
                            {t(`kind.${e.kind}`)}
                          </Badge>
                          {e.venue ? (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {e.venue}
                            </Text>
                          ) : null}
                        </Group>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatEventRange(e, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <EventStatusBadge status={e.status} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">
                        {e.counts.confirmed}
                        {e.capacity ? ` / ${e.capacity}` : ''}
                      </Text>
                      {e.counts.waitlisted > 0 ? (
                        <Text size="xs" c="orange">
                          {t('stats.waitlisted')} {e.counts.waitlisted}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{e.counts.attendanceRate === null || e.counts.checkedIn === 0 ? '—' : `${Math.round(e.counts.attendanceRate * 100)}%`}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.ownerName ?? ''}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage ? (
          <Stack align="center" p="md">
            <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="event-load-more">
              {t('common:actions.loadMore')}
            </Button>
          </Stack>
        ) : null}
      </Card>
    </>
  )
}
