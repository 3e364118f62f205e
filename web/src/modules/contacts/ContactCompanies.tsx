/**
 * A contact's companies: current ones first, then employment history. "Move to a new company" ends the current
 * company and starts the new one in one step (名刺 with a new company); "Add company" records another one.
 */
import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconArrowsExchange, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError } from '../../api/client.ts'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { AccountPicker } from './AccountPicker.tsx'
import { type Contact, type ContactLink, useContactAccounts, useLinkContact, useMoveContact, useUpdateLink } from './api.ts'

const today = () => new Date().toLocaleDateString('sv-SE')
const slash = (d: string | null) => (d ? d.replaceAll('-', '/') : null)

export function periodOf(link: Pick<ContactLink, 'startedOn' | 'endedOn'>, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!link.endedOn) return link.startedOn ? t('companies.since', { date: slash(link.startedOn) }) : ''
  return t('companies.period', { from: slash(link.startedOn) ?? t('companies.unknown'), to: slash(link.endedOn) })
}

export function ContactCompanies({ contact }: { contact: Contact }) {
  const { t } = useTranslation('contacts')
  const canReadAccounts = useCan('accounts', 'read')
  const canUpdate = useCan('contacts', 'update')
  const links = useContactAccounts(contact.id, canReadAccounts)
  const update = useUpdateLink(contact.id)
  const [moving, move] = useDisclosure()
  const [adding, add] = useDisclosure()
  if (!canReadAccounts) return null

  const end = async (link: ContactLink) => {
    try {
      await update.mutateAsync({ linkId: link.id, endedOn: today() })
      notifications.show({ color: 'teal', message: t('companies.ended') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  const rows = links.data ?? []
  return (
    <Card padding="lg" data-testid="contact-companies">
      <Group justify="space-between" mb="md">
        <Title order={5}>{t('sections.companies')}</Title>
        {canUpdate ? (
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={add.open} data-testid="contact-link-open">
              {t('companies.link')}
            </Button>
            <Button size="xs" leftSection={<IconArrowsExchange size={14} />} onClick={move.open} data-testid="contact-move-open">
              {t('companies.move')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
      {links.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('companies.none')}
        </Text>
      ) : (
        <div className="daifuku-table-wrap">
          <Table data-testid="contact-company-table">
            <Table.Tbody>
              {rows.map((link) => (
                <Table.Tr key={link.id} data-testid="contact-company-row" data-current={link.current ? 'true' : 'false'} c={link.current ? undefined : 'dimmed'}>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${link.accountId}`} size="sm" fw={link.current ? 600 : 400}>
                      {link.accountName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[link.title, link.role].filter(Boolean).join(' / ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td className="daifuku-nowrap">
                    <Text size="xs">{periodOf(link, t)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {link.isPrimary ? <Badge size="xs">{t('companies.primary')}</Badge> : null}
                      <Badge size="xs" variant="light" color={link.current ? 'teal' : 'gray'}>
                        {link.current ? t('companies.current') : t('companies.former')}
                      </Badge>
                      {canUpdate && link.current ? (
                        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void end(link)} loading={update.isPending} data-testid="contact-company-end">
                          {t('companies.end')}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <MoveDialog contact={contact} opened={moving} onClose={move.close} current={rows.filter((l) => l.current).map((l) => l.accountId)} />
      <LinkDialog contact={contact} opened={adding} onClose={add.close} current={rows.filter((l) => l.current).map((l) => l.accountId)} />
    </Card>
  )
}

function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {}
}

function MoveDialog({ contact, opened, onClose, current }: { contact: Contact; opened: boolean; onClose: () => void; current: string[] }) {
  const { t } = useTranslation('contacts')
  const move = useMoveContact(contact.id)
  const [accountId, setAccountId] = useState<string | null>(null)
  const [accountName, setAccountName] = useState<string | null>(null)
  const [title, setTitle] = useState(contact.title ?? '')
  const [department, setDepartment] = useState(contact.department ?? '')
  const [startedOn, setStartedOn] = useState(today())
  const [error, setError] = useState<unknown>(null)
  const errors = fieldErrorsOf(error)

  const submit = async () => {
    if (!accountId) return
    setError(null)
    try {
      await move.mutateAsync({ accountId, title: title.trim() || null, department: department.trim() || null, startedOn: startedOn || null })
      notifications.show({ color: 'teal', message: t('companies.moved', { name: accountName ?? '' }) })
      onClose()
    } catch (err) {
      setError(err)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('companies.moveTitle')} data-testid="contact-move-dialog">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('companies.moveHelp')}
        </Text>
        <ErrorAlert error={error} />
        <AccountPicker
          label={t('companies.newAccount')}
          value={accountId}
          exclude={current}
          error={errors.accountId}
          onChange={(id, name) => {
            setAccountId(id)
            setAccountName(name)
          }}
          testId="contact-move-account"
        />
        <TextInput label={t('companies.department')} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} data-testid="contact-move-department" />
        <TextInput label={t('companies.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="contact-move-title" />
        <TextInput type="date" label={t('companies.startedOn')} value={startedOn} onChange={(e) => setStartedOn(e.currentTarget.value)} data-testid="contact-move-date" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={() => void submit()} disabled={!accountId} loading={move.isPending} data-testid="contact-move-submit">
            {t('companies.move')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function LinkDialog({ contact, opened, onClose, current }: { contact: Contact; opened: boolean; onClose: () => void; current: string[] }) {
  const { t } = useTranslation('contacts')
  const link = useLinkContact(contact.id)
  const [accountId, setAccountId] = useState<string | null>(null)
  const [accountName, setAccountName] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [role, setRole] = useState('')
  const [startedOn, setStartedOn] = useState('')
  const [endedOn, setEndedOn] = useState('')
  const [primary, setPrimary] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const errors = fieldErrorsOf(error)

  const submit = async () => {
    if (!accountId) return
    setError(null)
    try {
      await link.mutateAsync({
        accountId,
        title: title.trim() || null,
        role: role.trim() || null,
        startedOn: startedOn || null,
        endedOn: endedOn || null,
        ...(primary ? { isPrimary: true } : {}),
      })
      notifications.show({ color: 'teal', message: t('companies.linked', { name: accountName ?? '' }) })
      onClose()
    } catch (err) {
      setError(err)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('companies.linkTitle')} data-testid="contact-link-dialog">
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <AccountPicker
          label={t('fields.company')}
          value={accountId}
          exclude={current}
          error={errors.accountId}
          onChange={(id, name) => {
            setAccountId(id)
            setAccountName(name)
          }}
          testId="contact-link-account"
        />
        <TextInput label={t('companies.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="contact-link-title" />
        <TextInput label={t('companies.role')} value={role} onChange={(e) => setRole(e.currentTarget.value)} data-testid="contact-link-role" />
        <Group grow>
          <TextInput type="date" label={t('companies.startedOn')} value={startedOn} onChange={(e) => setStartedOn(e.currentTarget.value)} />
          <TextInput type="date" label={t('companies.endedOn')} value={endedOn} error={errors.endedOn} onChange={(e) => setEndedOn(e.currentTarget.value)} />
        </Group>
        {!endedOn ? <Checkbox label={t('companies.primary')} checked={primary} onChange={(e) => setPrimary(e.currentTarget.checked)} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={() => void submit()} disabled={!accountId} loading={link.isPending} data-testid="contact-link-submit">
            {t('companies.link')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
