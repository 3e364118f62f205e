/** /admin/customer-groups — 顧客グループ: create and delete groups and put accounts in them (price lists follow the group). */
import { ActionIcon, Badge, Button, Card, Grid, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash, IconX } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useCreateCustomerGroup, useCustomerGroups, useDeleteCustomerGroup, useGroupMembers, useSetAccountGroup } from './configurator-api.ts'

export default function CustomerGroupsPage() {
  const { t } = useTranslation('products')
  const groups = useCustomerGroups()
  const create = useCreateCustomerGroup()
  const remove = useDeleteCustomerGroup()
  const canEdit = useCan('products', 'update')
  const [name, setName] = useState('')
  const [selected, setSelected] = useState<string | null>(null)
  const rows = groups.data?.data ?? []
  const current = rows.find((g) => g.id === selected) ?? null

  return (
    <>
      <PageHeader title={t('groups.title')} description={t('groups.description')} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding={0}>
            {canEdit ? (
              <Group p="md" gap="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                <TextInput style={{ flex: 1 }} placeholder={t('groups.namePlaceholder')} aria-label={t('groups.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="group-name" />
                <Button
                  leftSection={<IconPlus size={16} />}
                  disabled={!name.trim()}
                  loading={create.isPending}
                  onClick={() =>
                    create.mutate(
                      { name: name.trim() },
                      {
                        onSuccess: (g) => {
                          setName('')
                          setSelected(g.id)
                          notifications.show({ color: 'teal', message: t('groups.created', { name: g.name }) })
                        },
                      },
                    )
                  }
                  data-testid="group-create"
                >
                  {t('groups.create')}
                </Button>
              </Group>
            ) : null}
            <ErrorAlert error={groups.error ?? create.error ?? remove.error} />
            {rows.length === 0 ? (
              <EmptyState message={t('groups.empty')} />
            ) : (
              <Table highlightOnHover data-testid="group-table">
                <Table.Tbody>
                  {rows.map((g) => (
                    <Table.Tr key={g.id} onClick={() => setSelected(g.id)} style={{ cursor: 'pointer' }} bg={g.id === selected ? 'var(--mantine-color-blue-light)' : undefined} data-testid="group-row">
                      <Table.Td fw={600}>{g.name}</Table.Td>
                      <Table.Td>
                        <Badge variant="light">{t('groups.accounts', { count: g.accountCount })}</Badge>
                      </Table.Td>
                      <Table.Td w={40}>
                        {canEdit ? (
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('configurator.remove')}
                            onClick={(e) => {
                              e.stopPropagation()
                              if (window.confirm(t('groups.confirmDelete', { name: g.name }))) remove.mutate(g.id)
                            }}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>{current ? <Members groupId={current.id} groupName={current.name} canEdit={canEdit} /> : <Card><Text c="dimmed" size="sm">{t('groups.pick')}</Text></Card>}</Grid.Col>
      </Grid>
    </>
  )
}

function Members({ groupId, groupName, canEdit }: { groupId: string; groupName: string; canEdit: boolean }) {
  const { t } = useTranslation('products')
  const members = useGroupMembers(groupId)
  const setGroup = useSetAccountGroup()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const accounts = useQuery({ queryKey: ['accounts', 'pick', q], queryFn: () => api.get<Page<{ id: string; name?: string }>>('/api/v1/accounts', { q: q || undefined, limit: 20 }) })
  const assign = (accountId: string | null, customerGroupId: string | null) =>
    accountId && setGroup.mutate({ accountId, customerGroupId }, { onSuccess: () => void members.refetch() })
  return (
    <Card data-testid="group-members">
      <Text fw={600} mb="sm">
        {t('groups.membersOf', { name: groupName })}
      </Text>
      <Stack gap="xs">
        {canEdit ? (
          <Select
            searchable
            placeholder={t('groups.addAccount')}
            aria-label={t('groups.addAccount')}
            data={(accounts.data?.data ?? []).map((a) => ({ value: a.id, label: a.name ?? a.id }))}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            value={null}
            onChange={(v) => {
              assign(v, groupId)
              setSearch('')
            }}
            data-testid="group-add-account"
          />
        ) : null}
        <ErrorAlert error={setGroup.error ?? members.error} />
        {(members.data?.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('groups.noMembers')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {members.data!.data.map((m) => (
                <Table.Tr key={m.accountId} data-testid="group-member">
                  <Table.Td>{m.accountName}</Table.Td>
                  <Table.Td w={40}>
                    {canEdit ? (
                      <ActionIcon variant="subtle" color="gray" aria-label={t('groups.removeAccount')} onClick={() => assign(m.accountId, null)}>
                        <IconX size={14} />
                      </ActionIcon>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  )
}
