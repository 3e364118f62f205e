/** ユーザー: members of this organization; add (create-user), edit role/team/status. */
import { ActionIcon, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue, useDisclosure } from '@mantine/hooks'
import { IconPencil, IconSearch, IconUserPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../../auth/session.tsx'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { useFormat } from '../../../i18n/format.ts'
import { AdminList } from '../AdminList.tsx'
import { useKeysetList, type User } from '../api.ts'
import { UserCreateDialog, UserEditDialog } from './UserDialogs.tsx'

export default function UsersPage() {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const canCreate = useCan('users', 'create')
  const canUpdate = useCan('users', 'update')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 300)
  const list = useKeysetList<User>('users', '/api/v1/users', { q })
  const [creating, create] = useDisclosure()
  const [editing, setEditing] = useState<User | null>(null)

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconUserPlus size={16} />} onClick={create.open} data-testid="create-user">
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <AdminList
        toolbar={
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="user-search"
            maw={420}
          />
        }
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        count={list.rows.length}
        empty={q ? t('common:states.noResults') : t('users.empty')}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        testId="user-table"
      >
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.name')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('users.team')}</Table.Th>
              <Table.Th>{t('users.status')}</Table.Th>
              <Table.Th visibleFrom="md">{t('users.lastLogin')}</Table.Th>
              {canUpdate ? <Table.Th w={48} /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((user) => (
              <Table.Tr key={user.id} data-testid="user-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>{user.roleName}</Table.Td>
                <Table.Td visibleFrom="sm">{user.teamName ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={user.status === 'active' ? 'teal' : 'gray'}>
                    {t(`users.${user.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="md" className="daifuku-nowrap">
                  {user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('users.never')}
                </Table.Td>
                {canUpdate ? (
                  <Table.Td>
                    <Group justify="flex-end">
                      <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(user)} aria-label={t('common:actions.edit')} data-testid="user-edit">
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </AdminList>
      <UserCreateDialog opened={creating} onClose={create.close} />
      {editing ? <UserEditDialog user={editing} onClose={() => setEditing(null)} /> : null}
    </>
  )
}
