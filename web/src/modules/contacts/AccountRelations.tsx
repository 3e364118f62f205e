/** On the account page: the people who work there (and, on request, those who left) and the group structure. */
import { Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { AccountPicker } from './AccountPicker.tsx'
import { useAccountContacts, useAccountHierarchy, useSetParent } from './api.ts'
import { periodOf } from './ContactCompanies.tsx'

export function AccountRelations({ accountId }: { accountId: string }) {
  return (
    <>
      <AccountPeople accountId={accountId} />
      <AccountGroup accountId={accountId} />
    </>
  )
}

function AccountPeople({ accountId }: { accountId: string }) {
  const { t } = useTranslation('contacts')
  const canRead = useCan('contacts', 'read')
  const canCreate = useCan('contacts', 'create')
  const [includeFormer, setIncludeFormer] = useState(false)
  const people = useAccountContacts(accountId, includeFormer, canRead)
  if (!canRead) return null
  const rows = people.data ?? []
  return (
    <Card padding="lg" data-testid="account-contacts">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={5}>{t('account.people')}</Title>
        <Group gap="sm">
          <Switch size="xs" label={t('account.includeFormer')} checked={includeFormer} onChange={(e) => setIncludeFormer(e.currentTarget.checked)} data-testid="account-contacts-former" />
          {canCreate ? (
            <Button size="xs" variant="light" component={Link} to={`/contacts/new?accountId=${accountId}`} leftSection={<IconPlus size={14} />} data-testid="account-contact-new">
              {t('account.addPerson')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />
      {people.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('account.noPeople')}
        </Text>
      ) : (
        <div className="daifuku-table-wrap">
          <Table>
            <Table.Tbody>
              {rows.map((link) => (
                <Table.Tr key={link.id} data-testid="account-contact-row" data-current={link.current ? 'true' : 'false'} c={link.current ? undefined : 'dimmed'}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${link.contactId}`} size="sm" fw={link.current ? 600 : 400}>
                      {link.contactName ?? '—'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[link.title, link.role].filter(Boolean).join(' / ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td className="daifuku-nowrap">
                    <Text size="xs">{periodOf(link, t)}</Text>
                  </Table.Td>
                  <Table.Td>{link.current ? null : <Badge size="xs" variant="light" color="gray">{t('companies.former')}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Card>
  )
}

function AccountGroup({ accountId }: { accountId: string }) {
  const { t } = useTranslation('contacts')
  const canUpdate = useCan('accounts', 'update')
  const hierarchy = useAccountHierarchy(accountId)
  const setParent = useSetParent(accountId)
  const [editing, edit] = useDisclosure()
  const [choice, setChoice] = useState<string | null>(null)
  const data = hierarchy.data

  const save = async (parentId: string | null) => {
    try {
      await setParent.mutateAsync(parentId)
      notifications.show({ color: 'teal', message: t('account.parentSaved') })
      edit.close()
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <Card padding="lg" data-testid="account-group">
      <Group justify="space-between" mb="md">
        <Title order={5}>{t('account.group')}</Title>
        {canUpdate ? (
          <Group gap="xs">
            {data?.parent ? (
              <Button size="xs" variant="subtle" color="gray" onClick={() => void save(null)} loading={setParent.isPending} data-testid="account-parent-clear">
                {t('account.clearParent')}
              </Button>
            ) : null}
            <Button size="xs" variant="light" onClick={edit.open} data-testid="account-parent-open">
              {t('account.setParent')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorAlert error={hierarchy.error} onRetry={() => void hierarchy.refetch()} />
      {!data ? (
        hierarchy.isPending ? <CenteredLoader /> : null
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('account.parent')}
            </Text>
            {data.ancestors.length > 0 ? (
              <Text size="sm" data-testid="account-parent">
                {data.ancestors.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 ? ' › ' : ''}
                    <Anchor component={Link} to={`/accounts/${a.id}`} size="sm">
                      {a.name}
                    </Anchor>
                  </span>
                ))}
              </Text>
            ) : (
              <Text size="sm" c="dimmed" data-testid="account-parent">
                {t('account.noParent')}
              </Text>
            )}
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('account.subsidiaries')}
            </Text>
            {data.children.length > 0 ? (
              <Stack gap={2} data-testid="account-children">
                {data.children.map((c) => (
                  <Anchor key={c.id} component={Link} to={`/accounts/${c.id}`} size="sm" data-testid="account-child">
                    {c.name}
                  </Anchor>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed" data-testid="account-children">
                {t('account.noSubsidiaries')}
              </Text>
            )}
          </Stack>
        </SimpleGrid>
      )}
      <Modal opened={editing} onClose={edit.close} title={t('account.setParent')} data-testid="account-parent-dialog">
        <Stack gap="sm">
          <AccountPicker label={t('account.parent')} value={choice} onChange={(id) => setChoice(id)} exclude={[accountId, ...(data?.children.map((c) => c.id) ?? [])]} testId="account-parent-picker" />
          <Group justify="flex-end">
            <Button variant="default" onClick={edit.close}>
              {t('common:actions.cancel')}
            </Button>
            <Button onClick={() => void save(choice)} disabled={!choice} loading={setParent.isPending} data-testid="account-parent-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  )
}
