/**
 * 取引先一覧: search, sorts (incl. 五十音順), 絞り込み条件, 表示項目, 保存済みビュー, row selection with
 * 一括操作, keyset "load more" (see saved-views/ListView). Columns the role hides never appear.
 */
import { Button, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useFormat } from '../../i18n/format.ts'
import { ImportExportButtons } from '../imports/ImportExportButtons.tsx'
import { type ListColumn, ListView } from '../saved-views/ListView.tsx'
import type { Account } from './api.ts'

/** Sorts the CSV export (GET list) understands; others export in its default order. */
const EXPORT_SORTS = ['name', '-createdAt']

export default function AccountListPage() {
  const { t } = useTranslation('accounts')
  const format = useFormat()
  const canCreate = useCan('accounts', 'create')
  const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v)
  const columns: ListColumn<Account>[] = [
    { key: 'industry', header: t('fields.industry'), render: (a) => dash(a.industry), visibleFrom: 'md' },
    { key: 'phone', header: t('fields.phone'), render: (a) => dash(a.phone), visibleFrom: 'sm', nowrap: true },
    { key: 'email', header: t('fields.email'), render: (a) => dash(a.email), visibleFrom: 'md' },
    { key: 'website', header: t('fields.website'), render: (a) => dash(a.website), visibleFrom: 'md' },
    { key: 'employeeCount', header: t('fields.employeeCount'), render: (a) => (a.employeeCount == null ? '—' : format.number(a.employeeCount)), visibleFrom: 'md', nowrap: true },
    { key: 'annualRevenue', header: t('fields.annualRevenue'), render: (a) => (a.annualRevenue == null ? '—' : format.number(a.annualRevenue)), visibleFrom: 'md', nowrap: true },
    { key: 'ownerId', header: t('fields.ownerId'), render: (a) => a.ownerName ?? t('noOwner'), visibleFrom: 'sm' },
    { key: 'createdAt', header: t('fields.createdAt'), render: (a) => format.date(a.createdAt), visibleFrom: 'md', nowrap: true },
  ]
  return (
    <ListView<Account>
      object="accounts"
      testIdPrefix="account"
      defaultSort="-createdAt"
      defaultColumns={['industry', 'phone', 'ownerId', 'createdAt']}
      columns={columns}
      primary={{
        header: t('fields.name'),
        href: (a) => `/accounts/${a.id}`,
        render: (a) => (
          <>
            {a.name ?? '—'}
            {a.nameKana ? (
              <Text size="xs" c="dimmed" fw={400}>
                {a.nameKana}
              </Text>
            ) : null}
          </>
        ),
      }}
      searchPlaceholder={t('searchPlaceholder')}
      emptyMessage={t('empty')}
      countLabel={(count) => t('count', { count })}
      header={({ q, sort }) => (
        <PageHeader
          title={t('title')}
          description={t('description')}
          actions={
            <>
              <ImportExportButtons objectType="accounts" query={{ q, sort: EXPORT_SORTS.includes(sort) ? sort : undefined }} />
              {canCreate ? (
                <Button component={Link} to="/accounts/new" leftSection={<IconPlus size={16} />} data-testid="account-new">
                  {t('new')}
                </Button>
              ) : null}
            </>
          }
        />
      )}
    />
  )
}
