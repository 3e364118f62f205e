/** 契約一覧: filters by status, account and "ending within N days", newest first (or by end date), with "load more". */
import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconRefresh, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { AccountPicker } from '../contacts/AccountPicker.tsx'
import { formatDay, formatMoney } from '../deals/api.ts'
import { CONTRACT_STATUSES, type ContractStatus, daysUntil, useContractList } from './api.ts'
import { ContractStatusBadge } from './ContractStatusBadge.tsx'

const EXPIRING_CHOICES = ['30', '60', '90', '180'] as const

export default function ContractListPage() {
  const { t, i18n } = useTranslation('contracts')
  const canCreate = useCan('contracts', 'create')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const [status, setStatus] = useState<ContractStatus | null>(null)
  const [accountId, setAccountId] = useState<string | null>(null)
  const [expiring, setExpiring] = useState<string | null>(null)
  const list = useContractList({
    q: q || undefined,
    status: status ?? undefined,
    accountId: accountId ?? undefined,
    expiringWithinDays: expiring ? Number(expiring) : undefined,
    // "Ending soon" reads best soonest first.
    sort: expiring ? 'endDate' : '-createdAt',
  })
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canCreate ? (
            <Button component={Link} to="/contracts/new" leftSection={<IconPlus size={16} />} data-testid="contract-new">
              {t('new')}
            </Button>
          ) : null
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <TextInput
            style={{ flex: '1 1 220px' }}
            leftSection={<IconSearch size={16} />}
            placeholder={t('searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            aria-label={t('common:actions.search')}
            data-testid="contract-search"
          />
          <Select
            w={{ base: '100%', xs: 170 }}
            placeholder={t('filters.allStatuses')}
            clearable
            data={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as ContractStatus | null)}
            aria-label={t('fields.status')}
            data-testid="contract-status-filter"
          />
          <div style={{ flex: '1 1 200px' }}>
            <AccountPicker value={accountId} onChange={(id) => setAccountId(id)} label="" testId="contract-account-filter" />
          </div>
          <Select
            w={{ base: '100%', xs: 190 }}
            placeholder={t('filters.expiringAny')}
            clearable
            data={EXPIRING_CHOICES.map((d) => ({ value: d, label: t('filters.expiringWithin', { days: d }) }))}
            value={expiring}
            onChange={setExpiring}
            aria-label={t('filters.expiring')}
            data-testid="contract-expiring-filter"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q || status || accountId || expiring ? t('common:states.noResults') : t('empty')} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="contract-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.title')}</Table.Th>
                  <Table.Th>{t('fields.accountId')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th>{t('fields.period')}</Table.Th>
                  <Table.Th>{t('fields.renewalDate')}</Table.Th>
                  <Table.Th ta="right">{t('fields.value')}</Table.Th>
                  <Table.Th>{t('fields.ownerId')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => {
                  const left = daysUntil(c.endDate)
                  return (
                    <Table.Tr key={c.id} data-testid="contract-row">
                      <Table.Td>
                        <Stack gap={0}>
                          <Anchor component={Link} to={`/contracts/${c.id}`} size="sm" fw={500}>
                            {c.title ?? '—'}
                          </Anchor>
                          {c.number ? (
                            <Text size="xs" c="dimmed">
                              {c.number}
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        {c.accountId ? (
                          <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
                            {c.accountName}
                          </Anchor>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <ContractStatusBadge status={c.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {formatDay(c.startDate, i18n.language)} – {formatDay(c.endDate, i18n.language)}
                        </Text>
                        {left !== null && left >= 0 && left <= 90 && c.status !== 'cancelled' && c.status !== 'draft' ? (
                          <Text size="xs" c={left <= 30 ? 'orange' : 'dimmed'}>
                            {t('daysLeft', { count: left })}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm">{formatDay(c.renewalDate ?? c.endDate, i18n.language)}</Text>
                          {c.autoRenew ? (
                            <Tooltip label={t('fields.autoRenew')}>
                              <IconRefresh size={14} color="var(--mantine-color-blue-6)" aria-label={t('fields.autoRenew')} />
                            </Tooltip>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">{c.value !== undefined ? formatMoney(c.value, c.currency, i18n.language) : ''}</Text>
                        {c.billingCycle && c.billingCycle !== 'one_off' ? (
                          <Text size="xs" c="dimmed">
                            {t(`billingCycle.${c.billingCycle}`)}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.ownerName ?? ''}</Text>
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage ? (
          <Stack align="center" p="md">
            <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="contract-load-more">
              {t('common:actions.loadMore')}
            </Button>
          </Stack>
        ) : rows.length > 0 ? (
          <Text size="xs" c="dimmed" ta="center" p="sm">
            {t('common:states.allLoaded')}
          </Text>
        ) : null}
      </Card>
    </>
  )
}
