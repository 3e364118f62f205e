/** 監査ログ: filter by object, action, person and record id; each entry opens a before/after diff. */
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../../api/client.ts'
import type { Page } from '../../../api/types.ts'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { currentLocale } from '../../../i18n/index.ts'
import { useFormat } from '../../../i18n/format.ts'
import { AdminList } from '../AdminList.tsx'
import { useAccessObjects, useKeysetList, type AuditEntry } from '../api.ts'
import { actionColor, AuditDiffDialog } from './AuditDiffDialog.tsx'

const ACTIONS = ['create', 'update', 'delete', 'login', 'login_failed', 'logout', 'locked', 'accept', 'revoke', 'retry', 'password_reset', 'password_change']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** "accounts" → 取引先 / Accounts, from the access-object catalogue. */
export function useObjectLabel(): (type: string) => string {
  const { t, i18n } = useTranslation('admin')
  const objects = useAccessObjects()
  const locale = currentLocale(i18n.language)
  return (type) => (type === 'session' ? t('audit.session') : (objects.data?.find((o) => o.key === type)?.label[locale] ?? type))
}

export default function AuditPage() {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const objects = useAccessObjects()
  const objectLabel = useObjectLabel()
  const people = useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<{ id: string; name: string }>>('/api/v1/users', { limit: 200 }) })
  const [objectType, setObjectType] = useState<string | null>(null)
  const [action, setAction] = useState<string | null>(null)
  const [actorId, setActorId] = useState<string | null>(null)
  const [objectIdText, setObjectIdText] = useState('')
  const [objectIdDebounced] = useDebouncedValue(objectIdText.trim(), 300)
  const objectIdValid = objectIdDebounced === '' || UUID.test(objectIdDebounced)
  const list = useKeysetList<AuditEntry>('audit', '/api/v1/audit', {
    objectType: objectType ?? undefined,
    action: action ?? undefined,
    actorId: actorId ?? undefined,
    objectId: objectIdValid && objectIdDebounced ? objectIdDebounced : undefined,
  })
  const [open, setOpen] = useState<AuditEntry | null>(null)
  const filtered = objectType || action || actorId || objectIdDebounced

  const toolbar = (
    <Group gap="sm" wrap="wrap" align="flex-start">
      <Select
        w={{ base: '100%', xs: 180 }}
        placeholder={t('audit.anyObject')}
        aria-label={t('audit.filterObject')}
        data={[...(objects.data ?? []).map((o) => ({ value: o.key, label: objectLabel(o.key) })), { value: 'session', label: t('audit.session') }]}
        value={objectType}
        onChange={setObjectType}
        clearable
        data-testid="audit-filter-object"
      />
      <Select
        w={{ base: '100%', xs: 180 }}
        placeholder={t('audit.anyAction')}
        aria-label={t('audit.filterAction')}
        data={ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
        value={action}
        onChange={setAction}
        clearable
        data-testid="audit-filter-action"
      />
      <Select
        w={{ base: '100%', xs: 180 }}
        placeholder={t('audit.anyActor')}
        aria-label={t('audit.filterActor')}
        data={(people.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={actorId}
        onChange={setActorId}
        clearable
        searchable
        data-testid="audit-filter-actor"
      />
      <TextInput
        w={{ base: '100%', xs: 300 }}
        placeholder={t('audit.filterObjectId')}
        value={objectIdText}
        onChange={(e) => setObjectIdText(e.currentTarget.value)}
        error={objectIdValid ? undefined : t('audit.invalidId')}
        data-testid="audit-filter-object-id"
      />
      {filtered ? (
        <Button
          variant="subtle"
          color="gray"
          onClick={() => {
            setObjectType(null)
            setAction(null)
            setActorId(null)
            setObjectIdText('')
          }}
        >
          {t('common:actions.clear')}
        </Button>
      ) : null}
    </Group>
  )

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <AdminList
        toolbar={toolbar}
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        count={list.rows.length}
        empty={t('audit.empty')}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        testId="audit-table"
      >
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('audit.object')}</Table.Th>
              <Table.Th visibleFrom="md">{t('audit.changes')}</Table.Th>
              <Table.Th visibleFrom="md">{t('audit.ip')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((entry) => {
              const changed = Object.keys(entry.changes ?? {}).length
              return (
                <Table.Tr key={entry.id} onClick={() => setOpen(entry)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                  <Table.Td className="daifuku-nowrap">{format.dateTime(entry.createdAt)}</Table.Td>
                  <Table.Td>{entry.actorName ?? t('audit.system')}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={actionColor(entry.action)}>
                      {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
                    </Badge>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{objectLabel(entry.objectType)}</Text>
                    {entry.objectId ? (
                      <Text size="xs" c="dimmed" ff="monospace">
                        {entry.objectId.slice(0, 8)}…
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    {changed > 0 ? (
                      <Text size="xs" c="dimmed">
                        {t('audit.fields', { count: changed })}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="md" className="daifuku-nowrap">
                    <Text size="xs" ff="monospace">
                      {entry.ip ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </AdminList>
      {open ? <AuditDiffDialog entry={open} objectLabel={objectLabel} onClose={() => setOpen(null)} /> : null}
    </>
  )
}
