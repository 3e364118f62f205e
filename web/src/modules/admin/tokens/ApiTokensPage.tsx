/** API トークン: issue (the secret is shown once, with a copy button), list, revoke. */
import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react'
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
import { useKeysetList, useRoleOptions, type ApiToken } from '../api.ts'

function tokenState(token: ApiToken): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked'
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) return 'expired'
  return 'active'
}

export default function ApiTokensPage() {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const client = useQueryClient()
  const canCreate = useCan('apiTokens', 'create')
  const canDelete = useCan('apiTokens', 'delete')
  const list = useKeysetList<ApiToken>('api-tokens', '/api/v1/api-tokens')
  const [creating, create] = useDisclosure()
  const [revoking, setRevoking] = useState<ApiToken | null>(null)
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete(`/api/v1/api-tokens/${token.id}`),
    onSuccess: (_, token) => {
      void client.invalidateQueries({ queryKey: ['api-tokens'] })
      notifications.show({ color: 'teal', message: t('apiTokens.revokedDone', { name: token.name }) })
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
        title={t('apiTokens.title')}
        description={t('apiTokens.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open} data-testid="create-api-token">
              {t('apiTokens.create')}
            </Button>
          ) : null
        }
      />
      <AdminList
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        count={list.rows.length}
        empty={t('apiTokens.empty')}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        testId="api-token-table"
      >
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('apiTokens.name')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('apiTokens.role')}</Table.Th>
              <Table.Th>{t('apiTokens.status')}</Table.Th>
              <Table.Th visibleFrom="md">{t('apiTokens.lastUsed')}</Table.Th>
              <Table.Th visibleFrom="md">{t('apiTokens.expiresAt')}</Table.Th>
              {canDelete ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((token) => {
              const state = tokenState(token)
              return (
                <Table.Tr key={token.id} data-testid="api-token-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {token.name}
                    </Text>
                    <Code fz="xs">{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{token.roleName}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={state === 'active' ? 'teal' : 'gray'}>
                      {t(`apiTokens.${state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td visibleFrom="md" className="daifuku-nowrap">
                    {token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('apiTokens.never')}
                  </Table.Td>
                  <Table.Td visibleFrom="md" className="daifuku-nowrap">
                    {token.expiresAt ? format.date(token.expiresAt) : t('apiTokens.noExpiry')}
                  </Table.Td>
                  {canDelete ? (
                    <Table.Td>
                      {state === 'active' ? (
                        <Button variant="subtle" color="red" size="compact-sm" onClick={() => setRevoking(token)} data-testid="api-token-revoke">
                          {t('common:actions.revoke')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </AdminList>
      {creating ? <CreateTokenDialog onClose={create.close} /> : null}
      <ConfirmDialog
        opened={revoking !== null}
        title={t('apiTokens.revokeTitle')}
        message={t('apiTokens.revokeMessage', { name: revoking?.name ?? '' })}
        confirmLabel={t('common:actions.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  )
}

function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const roles = useRoleOptions()
  const [error, setError] = useState<unknown>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const form = useForm({
    initialValues: { name: '', roleId: '', expiresOn: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      roleId: (v) => (v ? null : t('common:fieldErrors.required')),
    },
  })
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<ApiToken & { token: string }>('/api/v1/api-tokens', {
        name: v.name.trim(),
        roleId: v.roleId,
        // A date picked here means "through the end of that day" in the user's browser.
        expiresAt: v.expiresOn ? new Date(`${v.expiresOn}T23:59:59`).toISOString() : null,
      }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['api-tokens'] })
      setSecret(created.token)
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })

  if (secret) {
    return (
      <Modal opened onClose={onClose} closeOnClickOutside={false} title={<Text fw={700}>{t('apiTokens.createdTitle')}</Text>}>
        <Stack gap="sm">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            {t('apiTokens.shownOnce')}
          </Alert>
          <Group gap="xs" wrap="nowrap">
            <TextInput value={secret} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} data-testid="api-token-secret" />
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common:actions.copied') : t('common:actions.copy')}>
                  <ActionIcon variant="filled" size="lg" onClick={copy} aria-label={t('common:actions.copy')} data-testid="api-token-copy">
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose} data-testid="api-token-done">
              {t('apiTokens.done')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    )
  }
  return (
    <Modal opened onClose={onClose} title={<Text fw={700}>{t('apiTokens.createTitle')}</Text>}>
      <form onSubmit={form.onSubmit((v) => (setError(null), create.mutate(v)))} noValidate data-testid="api-token-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('apiTokens.name')} placeholder={t('apiTokens.namePlaceholder')} withAsterisk leftSection={<IconKey size={16} />} data-testid="api-token-name" {...form.getInputProps('name')} />
          <Select label={t('apiTokens.role')} data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} withAsterisk allowDeselect={false} data-testid="api-token-role" {...form.getInputProps('roleId')} />
          <TextInput label={t('apiTokens.expiresAt')} type="date" description={t('apiTokens.noExpiry')} data-testid="api-token-expires" {...form.getInputProps('expiresOn')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="api-token-submit">
              {t('apiTokens.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
