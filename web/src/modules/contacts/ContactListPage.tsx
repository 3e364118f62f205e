/** 担当者一覧: search (names, kana, company, phone, email, tag), 五十音順 sort, keyset "load more". */
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconId, IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useCan, useFieldRules } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { ImportExportButtons } from '../imports/ImportExportButtons.tsx'
import { AccountPicker } from './AccountPicker.tsx'
import { type Contact, type ContactSort, useContactList } from './api.ts'

const SORTS: ContactSort[] = ['kana', 'name', '-createdAt']

export const kanaOf = (c: Pick<Contact, 'familyNameKana' | 'givenNameKana'>) => [c.familyNameKana, c.givenNameKana].filter(Boolean).join(' ')
export const primaryOf = <T extends { primary: boolean }>(list: T[] | undefined): T | undefined => list?.find((e) => e.primary) ?? list?.[0]

export default function ContactListPage() {
  const { t } = useTranslation('contacts')
  const navigate = useNavigate()
  const canCreate = useCan('contacts', 'create')
  const rule = useFieldRules('contacts')
  const shown = (field: string) => rule(field) !== 'hidden'
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search.trim(), 300)
  const sortParam = params.get('sort') as ContactSort | null
  const sort: ContactSort = sortParam && SORTS.includes(sortParam) ? sortParam : 'kana'
  const tag = params.get('tag') ?? undefined
  const accountId = params.get('accountId') ?? undefined
  const list = useContactList(q, sort, { tag, accountId })
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  const setSort = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (value && value !== 'kana') next.set('sort', value)
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
            <ImportExportButtons objectType="contacts" query={{ q, sort, tag }} />
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
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <TextInput
            style={{ flex: '1 1 240px' }}
            leftSection={<IconSearch size={16} />}
            placeholder={t('searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="contact-search"
            aria-label={t('common:actions.search')}
          />
          <Select
            w={{ base: '100%', xs: 220 }}
            aria-label={t('sort.label')}
            value={sort}
            onChange={setSort}
            allowDeselect={false}
            data={SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
            data-testid="contact-sort"
          />
          <div style={{ flex: '0 1 260px' }}>
            <AccountPicker
              label=""
              value={accountId ?? null}
              onChange={(id) => {
                const next = new URLSearchParams(params)
                if (id) next.set('accountId', id)
                else next.delete('accountId')
                setParams(next, { replace: true })
              }}
              testId="contact-account-filter"
            />
          </div>
          {tag ? (
            <Badge
              variant="light"
              style={{ cursor: 'pointer' }}
              onClick={() => {
                const next = new URLSearchParams(params)
                next.delete('tag')
                setParams(next, { replace: true })
              }}
              data-testid="contact-tag-filter"
            >
              #{tag} ×
            </Badge>
          ) : null}
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={q ? t('common:states.noResults') : t('empty')} />
        ) : (
          <div className="daifuku-table-wrap">
            <Table data-testid="contact-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.displayName')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('fields.company')}</Table.Th>
                  {shown('title') ? <Table.Th visibleFrom="md">{t('fields.title')}</Table.Th> : null}
                  {shown('phones') ? <Table.Th visibleFrom="md">{t('fields.phones')}</Table.Th> : null}
                  {shown('emails') ? <Table.Th visibleFrom="lg">{t('fields.emails')}</Table.Th> : null}
                  {shown('ownerId') ? <Table.Th visibleFrom="lg">{t('fields.ownerId')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((contact) => (
                  <Table.Tr key={contact.id} data-testid="contact-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/contacts/${contact.id}`)}>
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/${contact.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
                        {contact.displayName ?? '—'}
                      </Anchor>
                      {kanaOf(contact) ? (
                        <Text size="xs" c="dimmed" data-testid="contact-row-kana">
                          {kanaOf(contact)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{contact.primaryAccount?.name ?? '—'}</Table.Td>
                    {shown('title') ? <Table.Td visibleFrom="md">{[contact.department, contact.title].filter(Boolean).join(' ') || '—'}</Table.Td> : null}
                    {shown('phones') ? (
                      <Table.Td visibleFrom="md" className="daifuku-nowrap">
                        {primaryOf(contact.phones)?.number ?? '—'}
                      </Table.Td>
                    ) : null}
                    {shown('emails') ? <Table.Td visibleFrom="lg">{primaryOf(contact.emails)?.address ?? '—'}</Table.Td> : null}
                    {shown('ownerId') ? <Table.Td visibleFrom="lg">{contact.ownerName ?? t('noOwner')}</Table.Td> : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {rows.length > 0 ? (
          <Stack align="center" p="md" gap={4}>
            <Text size="xs" c="dimmed" data-testid="contact-count">
              {t('count', { count: rows.length })}
            </Text>
            {list.hasNextPage ? (
              <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="contact-load-more">
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
