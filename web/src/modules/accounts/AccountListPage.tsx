/** 取引先一覧: search, sort, keyset "load more"; columns the role hides are left out. */
import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useCan, useFieldRules } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { ImportExportButtons } from '../imports/ImportExportButtons.tsx'
import { useAccountList, type AccountSort } from './api.ts'

export default function AccountListPage() {
  const { t } = useTranslation('accounts')
  const navigate = useNavigate()
  const format = useFormat()
  const canCreate = useCan('accounts', 'create')
  const rule = useFieldRules('accounts')
  const shown = (field: string) => rule(field) !== 'hidden'
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search.trim(), 300)
  const sort: AccountSort = params.get('sort') === 'name' ? 'name' : '-createdAt'
  const list = useAccountList(q, sort)
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  const setSort = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (value === 'name') next.set('sort', 'name')
    else next.delete('sort')
    setParams(next, { replace: true })
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <ImportExportButtons objectType="accounts" query={{ q, sort }} />
            {canCreate ? (
              <Button component={Link} to="/accounts/new" leftSection={<IconPlus size={16} />} data-testid="account-new">
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
            data-testid="account-search"
            aria-label={t('common:actions.search')}
          />
          <Select
            w={{ base: '100%', xs: 200 }}
            aria-label={t('sort.label')}
            value={sort}
            onChange={setSort}
            allowDeselect={false}
            data={[
              { value: '-createdAt', label: t('sort.-createdAt') },
              { value: 'name', label: t('sort.name') },
            ]}
            data-testid="account-sort"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q ? t('common:states.noResults') : t('empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="account-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  {shown('industry') ? <Table.Th visibleFrom="md">{t('fields.industry')}</Table.Th> : null}
                  {shown('phone') ? <Table.Th visibleFrom="sm">{t('fields.phone')}</Table.Th> : null}
                  {shown('ownerId') ? <Table.Th visibleFrom="sm">{t('fields.ownerId')}</Table.Th> : null}
                  <Table.Th visibleFrom="md">{t('fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((account) => (
                  <Table.Tr key={account.id} data-testid="account-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/accounts/${account.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/accounts/${account.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
                        {account.name ?? '—'}
                      </Anchor>
                      {account.nameKana ? (
                        <Text size="xs" c="dimmed">
                          {account.nameKana}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {shown('industry') ? <Table.Td visibleFrom="md">{account.industry ?? '—'}</Table.Td> : null}
                    {shown('phone') ? (
                      <Table.Td visibleFrom="sm" className="daifuku-nowrap">
                        {account.phone ?? '—'}
                      </Table.Td>
                    ) : null}
                    {shown('ownerId') ? <Table.Td visibleFrom="sm">{account.ownerName ?? t('noOwner')}</Table.Td> : null}
                    <Table.Td visibleFrom="md" className="daifuku-nowrap">
                      {format.date(account.createdAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {rows.length > 0 ? (
          <Stack align="center" p="md" gap={4}>
            <Text size="xs" c="dimmed" data-testid="account-count">
              {t('count', { count: rows.length })}
            </Text>
            {list.hasNextPage ? (
              <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="account-load-more">
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
    </>
  )
}
