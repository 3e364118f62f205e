/** 招待: invite by email (the accept link is shown once as well), list, revoke. */
import { ActionIcon, Alert, Badge, Button, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconCopy, IconMailForward, IconX } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../../api/client.ts'
import { useCan } from '../../../auth/session.tsx'
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../../components/ErrorAlert.tsx'
import { errorMessage, formErrors } from '../../../components/errors.ts'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { useFormat } from '../../../i18n/format.ts'
import { AdminList } from '../AdminList.tsx'
import { useKeysetList, useRoleOptions, useTeamOptions, type Invitation } from '../api.ts'

function invitationState(inv: Invitation): 'accepted' | 'expired' | 'pending' {
  if (inv.acceptedAt) return 'accepted'
  return new Date(inv.expiresAt).getTime() < Date.now() ? 'expired' : 'pending'
}
const stateColor = { accepted: 'teal', expired: 'gray', pending: 'yellow' } as const

export default function InvitationsPage() {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const client = useQueryClient()
  const canCreate = useCan('invitations', 'create')
  const canDelete = useCan('invitations', 'delete')
  const list = useKeysetList<Invitation>('invitations', '/api/v1/invitations')
  const [inviting, invite] = useDisclosure()
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => api.delete(`/api/v1/invitations/${inv.id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['invitations'] })
      notifications.show({ color: 'teal', message: t('invitations.revoked') })
      setRevoking(null)
    },
    onError: (err) => {
      setRevoking(null)
      notifications.show({ color: 'red', message: errorMessage(err, t) })
    },
  })

  return (
    <>
      <PageHeader
        title={t('invitations.title')}
        description={t('invitations.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconMailForward size={16} />} onClick={invite.open} data-testid="invite-user">
              {t('invitations.create')}
            </Button>
          ) : null
        }
      />
      <AdminList
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        count={list.rows.length}
        empty={t('invitations.empty')}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        testId="invitation-table"
      >
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('invitations.email')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('invitations.role')}</Table.Th>
              <Table.Th>{t('invitations.status')}</Table.Th>
              <Table.Th visibleFrom="md">{t('invitations.expiresAt')}</Table.Th>
              <Table.Th visibleFrom="md">{t('invitations.createdAt')}</Table.Th>
              {canDelete ? <Table.Th w={48} /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((inv) => {
              const state = invitationState(inv)
              return (
                <Table.Tr key={inv.id} data-testid="invitation-row">
                  <Table.Td style={{ wordBreak: 'break-all' }}>{inv.email}</Table.Td>
                  <Table.Td visibleFrom="sm">{inv.roleName}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={stateColor[state]}>
                      {t(`invitations.${state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td visibleFrom="md" className="daifuku-nowrap">
                    {format.dateTime(inv.expiresAt)}
                  </Table.Td>
                  <Table.Td visibleFrom="md" className="daifuku-nowrap">
                    {format.dateTime(inv.createdAt)}
                  </Table.Td>
                  {canDelete ? (
                    <Table.Td>
                      {state === 'pending' ? (
                        <Tooltip label={t('invitations.revoke')}>
                          <ActionIcon variant="subtle" color="red" onClick={() => setRevoking(inv)} aria-label={t('invitations.revoke')} data-testid="invitation-revoke">
                            <IconX size={16} />
                          </ActionIcon>
                        </Tooltip>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </AdminList>
      <InviteDialog opened={inviting} onClose={invite.close} />
      <ConfirmDialog
        opened={revoking !== null}
        title={t('invitations.revokeTitle')}
        message={t('invitations.revokeMessage', { email: revoking?.email ?? '' })}
        confirmLabel={t('invitations.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  )
}

function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const roles = useRoleOptions()
  const teams = useTeamOptions()
  const [error, setError] = useState<unknown>(null)
  const [sent, setSent] = useState<Invitation | null>(null)
  const form = useForm({
    initialValues: { email: '', roleId: '', teamId: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('common:fieldErrors.email')),
      roleId: (v) => (v ? null : t('common:fieldErrors.required')),
    },
  })
  const send = useMutation({
    mutationFn: (v: typeof form.values) => api.post<Invitation>('/api/v1/invitations', { email: v.email.trim(), roleId: v.roleId, ...(v.teamId ? { teamId: v.teamId } : {}) }),
    onSuccess: (inv) => {
      void client.invalidateQueries({ queryKey: ['invitations'] })
      notifications.show({ color: 'teal', message: t('invitations.sent', { email: inv.email }) })
      setSent(inv)
      form.reset()
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  const close = () => {
    setSent(null)
    setError(null)
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={700}>{t('invitations.createTitle')}</Text>}>
      {sent ? (
        <Stack gap="sm">
          <Alert color="teal" variant="light" data-testid="invitation-sent">
            {t('invitations.sent', { email: sent.email })}
          </Alert>
          {sent.acceptUrl ? (
            <>
              <Text size="sm">{t('invitations.link')}</Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput value={sent.acceptUrl} readOnly style={{ flex: 1 }} data-testid="invitation-link" />
                <CopyButton value={sent.acceptUrl}>
                  {({ copied, copy }) => (
                    <ActionIcon variant="light" size="lg" onClick={copy} aria-label={t('common:actions.copy')}>
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  )}
                </CopyButton>
              </Group>
            </>
          ) : null}
          <Group justify="flex-end">
            <Button onClick={close}>{t('common:actions.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => (setError(null), send.mutate(v)))} noValidate data-testid="invite-form">
          <Stack gap="sm">
            <ErrorAlert error={error} />
            <TextInput label={t('invitations.email')} type="email" withAsterisk data-testid="invite-email-input" {...form.getInputProps('email')} />
            <Select label={t('invitations.role')} data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} withAsterisk allowDeselect={false} data-testid="invite-role" {...form.getInputProps('roleId')} />
            <Select label={t('invitations.team')} data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} clearable placeholder={t('common:states.none')} data-testid="invite-team" {...form.getInputProps('teamId')} />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={send.isPending} data-testid="invite-send">
                {t('invitations.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
