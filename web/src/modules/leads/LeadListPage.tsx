/** リード一覧: status filter, search, sort by score, keyset "load more". */
import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue, useDisclosure } from '@mantine/hooks'
import { IconPlus, IconSearch, IconSettings } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { LEAD_STATUSES, type LeadListFilter, type LeadStatus, useLeadList } from './api.ts'
import { LeadStatusBadge, ScoreBadge } from './LeadBadges.tsx'
import { LeadFormModal } from './LeadFormModal.tsx'

export default function LeadListPage() {
  const { t } = useTranslation('leads')
  const navigate = useNavigate()
  const format = useFormat()
  const canCreate = useCan('leads', 'create')
  const canSettings = useCan('leadSettings', 'read')
  const [creating, create] = useDisclosure()
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search.trim(), 300)
  const status = (LEAD_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as LeadStatus) : ''
  const sort: LeadListFilter['sort'] = params.get('sort') === '-score' ? '-score' : '-createdAt'
  const list = useLeadList({ q, status, sort })
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            {canSettings ? (
              <Button component={Link} to="/leads/settings" variant="default" leftSection={<IconSettings size={16} />} data-testid="lead-settings-link">
                {t('settingsNav')}
              </Button>
            ) : null}
            {canCreate ? (
              <Button leftSection={<IconPlus size={16} />} onClick={create.open} data-testid="lead-new">
                {t('new')}
              </Button>
            ) : null}
          </>
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
            data-testid="lead-search"
            aria-label={t('common:actions.search')}
          />
          <Select
            w={{ base: '100%', xs: 180 }}
            aria-label={t('fields.status')}
            value={status}
            onChange={(v) => setParam('status', v)}
            allowDeselect={false}
            data={[{ value: '', label: t('allStatuses') }, ...LEAD_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
            data-testid="lead-status-filter"
          />
          <Select
            w={{ base: '100%', xs: 180 }}
            aria-label={t('sort.label')}
            value={sort}
            onChange={(v) => setParam('sort', v === '-score' ? v : null)}
            allowDeselect={false}
            data={[
              { value: '-createdAt', label: t('sort.-createdAt') },
              { value: '-score', label: t('sort.-score') },
            ]}
            data-testid="lead-sort"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q || status ? t('common:states.noResults') : t('empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="lead-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('fields.companyName')}</Table.Th>
                  <Table.Th>{t('fields.score')}</Table.Th>
                  <Table.Th visibleFrom="xs">{t('fields.status')}</Table.Th>
                  <Table.Th visibleFrom="md">{t('fields.ownerId')}</Table.Th>
                  <Table.Th visibleFrom="md">{t('fields.source')}</Table.Th>
                  <Table.Th visibleFrom="lg">{t('fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((lead) => (
                  <Table.Tr key={lead.id} data-testid="lead-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/leads/${lead.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/leads/${lead.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
                        {lead.displayName}
                      </Anchor>
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {lead.companyName ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{lead.companyName ?? '—'}</Table.Td>
                    <Table.Td>
                      <ScoreBadge score={lead.score} />
                    </Table.Td>
                    <Table.Td visibleFrom="xs">
                      <LeadStatusBadge status={lead.status} />
                    </Table.Td>
                    <Table.Td visibleFrom="md" data-testid="lead-row-owner">
                      {lead.ownerName ?? t('noOwner')}
                    </Table.Td>
                    <Table.Td visibleFrom="md">{t(`source.${lead.source}`)}</Table.Td>
                    <Table.Td visibleFrom="lg" className="daifuku-nowrap">
                      {format.date(lead.createdAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {rows.length > 0 ? (
          <Stack align="center" p="md" gap={4}>
            <Text size="xs" c="dimmed">
              {t('count', { count: rows.length })}
            </Text>
            {list.hasNextPage ? (
              <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="lead-load-more">
                {t('common:actions.loadMore')}
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                {t('common:states.allLoaded')}
              </Text>
            )}
          </Stack>
        ) : null}
      </Card>
      <LeadFormModal opened={creating} onClose={create.close} onSaved={(lead) => void navigate(`/leads/${lead.id}`)} />
    </>
  )
}
