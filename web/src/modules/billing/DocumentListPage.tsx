/** 見積書・受注・請求書 lists: one page per kind, filtered by status and text, newest first. */
import { Anchor, Badge, Button, Card, Group, Select, Table, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatDay } from '../deals/api.ts'
import { type DocumentKind, formatMoney, KIND_PATH, STATUSES, useDocumentList } from './api.ts'

export default function DocumentListPage({ kind }: { kind: DocumentKind }) {
  const { t, i18n } = useTranslation('billing')
  const navigate = useNavigate()
  const canCreate = useCan('salesDocuments', 'create')
  const [status, setStatus] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const list = useDocumentList(kind, { status: status ?? undefined, q })
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  return (
    <>
      <PageHeader
        title={t(`nav.${kind}`)}
        description={t(`description.${kind}`)}
        actions={
          canCreate && kind !== 'order' ? (
            <Button component={Link} to={`${KIND_PATH[kind]}/new`} leftSection={<IconPlus size={16} />} data-testid="doc-new">
              {t(`new.${kind}`)}
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
            data-testid="doc-search"
          />
          <Select
            w={{ base: '100%', xs: 200 }}
            placeholder={t('allStatuses')}
            clearable
            data={STATUSES[kind].map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={setStatus}
            aria-label={t('fields.status')}
            data-testid="doc-status-filter"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q || status ? t('common:states.noResults') : t('empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="doc-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.number')}</Table.Th>
                  <Table.Th>{t('fields.recipientName')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('fields.issueDate')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th ta="right">{t('fields.total')}</Table.Th>
                  {kind === 'invoice' ? (
                    <Table.Th ta="right" visibleFrom="sm">
                      {t('fields.balance')}
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((doc) => (
                  <Table.Tr key={doc.id} data-testid="doc-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/sales-documents/${doc.id}`)}>
                    <Table.Td className="daifuku-nowrap">
                      <Anchor component={Link} to={`/sales-documents/${doc.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
                        {doc.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{doc.recipientName}</Table.Td>
                    <Table.Td visibleFrom="sm" className="daifuku-nowrap">
                      {formatDay(doc.issueDate, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`status.${doc.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right" className="daifuku-nowrap">
                      {formatMoney(doc.total, doc.currency, i18n.language)}
                    </Table.Td>
                    {kind === 'invoice' ? (
                      <Table.Td ta="right" visibleFrom="sm" className="daifuku-nowrap">
                        {formatMoney(doc.balance, doc.currency, i18n.language)}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {list.hasNextPage ? (
          <Group justify="center" p="md">
            <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="doc-load-more">
              {t('common:actions.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Card>
    </>
  )
}
