/**
 * 担当者一覧: search (names, kana, company, phone, email, tag), 五十音順 and other sorts, 絞り込み条件,
 * 表示項目, 保存済みビュー, row selection with 一括操作, keyset "load more" (see saved-views/ListView).
 */
import { Badge, Button, Group, Text } from '@mantine/core'
import { IconId, IconPlus } from '@tabler/icons-react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useFormat } from '../../i18n/format.ts'
import { ImportExportButtons } from '../imports/ImportExportButtons.tsx'
import type { FilterCondition } from '../saved-views/api.ts'
import { type ListColumn, ListView } from '../saved-views/ListView.tsx'
import { AccountPicker } from './AccountPicker.tsx'
import type { Contact } from './api.ts'

export const kanaOf = (c: Pick<Contact, 'familyNameKana' | 'givenNameKana'>) => [c.familyNameKana, c.givenNameKana].filter(Boolean).join(' ')
export const primaryOf = <T extends { primary: boolean }>(list: T[] | undefined): T | undefined => list?.find((e) => e.primary) ?? list?.[0]

/** Sorts the CSV export (GET list) understands; others export in its default order. */
const EXPORT_SORTS = ['kana', 'name', '-createdAt']

export default function ContactListPage() {
  const { t } = useTranslation('contacts')
  const format = useFormat()
  const canCreate = useCan('contacts', 'create')
  const [params, setParams] = useSearchParams()
  const tag = params.get('tag') ?? undefined
  const accountId = params.get('accountId') ?? undefined
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
  }
  // Links from a contact's tag or a company arrive as URL parameters; they narrow whatever filter is on.
  const fixedConditions = useMemo(() => {
    const fixed: FilterCondition[] = []
    if (tag) fixed.push({ field: 'tags', operator: 'hasTag', value: tag })
    if (accountId) fixed.push({ field: 'accountId', operator: 'eq', value: accountId })
    return fixed
  }, [tag, accountId])

  const columns: ListColumn<Contact>[] = [
    { key: 'accountId', header: t('fields.company'), render: (c) => c.primaryAccount?.name ?? '—', visibleFrom: 'sm' },
    { key: 'department', header: t('fields.department'), render: (c) => c.department || '—', visibleFrom: 'md' },
    { key: 'title', header: t('fields.title'), render: (c) => c.title || '—', visibleFrom: 'md' },
    { key: 'phone', header: t('fields.phones'), render: (c) => primaryOf(c.phones)?.number ?? '—', visibleFrom: 'md', nowrap: true },
    { key: 'email', header: t('fields.emails'), render: (c) => primaryOf(c.emails)?.address ?? '—', visibleFrom: 'md' },
    { key: 'ownerId', header: t('fields.ownerId'), render: (c) => c.ownerName ?? t('noOwner'), visibleFrom: 'sm' },
    {
      key: 'tags',
      header: t('fields.tags'),
      render: (c) =>
        c.tags && c.tags.length > 0 ? (
          <Group gap={4}>
            {c.tags.map((x) => (
              <Badge key={x} size="sm" variant="light">
                {x}
              </Badge>
            ))}
          </Group>
        ) : (
          '—'
        ),
      visibleFrom: 'md',
    },
    { key: 'createdAt', header: t('fields.createdAt'), render: (c) => format.date(c.createdAt), visibleFrom: 'md', nowrap: true },
  ]

  return (
    <ListView<Contact>
      object="contacts"
      testIdPrefix="contact"
      defaultSort="kana"
      defaultColumns={['accountId', 'title', 'phone', 'email', 'ownerId']}
      columns={columns}
      primary={{
        header: t('fields.displayName'),
        href: (c) => `/contacts/${c.id}`,
        render: (c) => (
          <>
            {c.displayName ?? '—'}
            {kanaOf(c) ? (
              <Text size="xs" c="dimmed" fw={400} data-testid="contact-row-kana">
                {kanaOf(c)}
              </Text>
            ) : null}
          </>
        ),
      }}
      searchPlaceholder={t('searchPlaceholder')}
      emptyMessage={t('empty')}
      countLabel={(count) => t('count', { count })}
      fixedConditions={fixedConditions}
      tags
      toolbarExtra={
        <>
          <div style={{ flex: '0 1 240px' }}>
            <AccountPicker label="" value={accountId ?? null} onChange={(id) => setParam('accountId', id)} testId="contact-account-filter" />
          </div>
          {tag ? (
            <Badge variant="light" style={{ cursor: 'pointer' }} onClick={() => setParam('tag', null)} data-testid="contact-tag-filter">
              #{tag} ×
            </Badge>
          ) : null}
        </>
      }
      header={({ q, sort }) => (
        <PageHeader
          title={t('title')}
          description={t('description')}
          actions={
            <>
              <ImportExportButtons objectType="contacts" query={{ q, sort: EXPORT_SORTS.includes(sort) ? sort : undefined, tag }} />
              {canCreate ? (
                <>
                  <Button component={Link} to="/contacts/business-card" variant="default" leftSection={<IconId size={16} />} data-testid="contact-business-card">
                    {t('businessCards:entry')}
                  </Button>
                  <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />} data-testid="contact-new">
                    {t('new')}
                  </Button>
                </>
              ) : null}
            </>
          }
        />
      )}
    />
  )
}
