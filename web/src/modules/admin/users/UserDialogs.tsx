/** Add-user and edit-user dialogs (role, team, status; remove from the organization). */
import { Button, Group, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../../api/client.ts'
import { useCan } from '../../../auth/session.tsx'
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../../components/ErrorAlert.tsx'
import { errorMessage, formErrors } from '../../../components/errors.ts'
import { useRoleOptions, useTeamOptions, type User } from '../api.ts'

function useRoleTeamData() {
  const roles = useRoleOptions()
  const teams = useTeamOptions()
  return {
    roles: (roles.data ?? []).map((r) => ({ value: r.id, label: r.name })),
    teams: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
  }
}

export function UserCreateDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const { roles, teams } = useRoleTeamData()
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { email: '', name: '', password: '', roleId: '', teamId: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('common:fieldErrors.email')),
      name: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      password: (v) => (v.length >= 10 ? null : t('common:fieldErrors.minChars', { count: 10 })),
      roleId: (v) => (v ? null : t('common:fieldErrors.required')),
    },
  })
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<User>('/api/v1/users', { email: v.email.trim(), name: v.name.trim(), password: v.password, roleId: v.roleId, teamId: v.teamId || null }),
    onSuccess: (user) => {
      void client.invalidateQueries({ queryKey: ['users'] })
      notifications.show({ color: 'teal', message: t('users.created', { name: user.name }) })
      form.reset()
      onClose()
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700}>{t('users.createTitle')}</Text>} size="md">
      <form onSubmit={form.onSubmit((v) => (setError(null), save.mutate(v)))} noValidate data-testid="user-create-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('users.email')} type="email" withAsterisk data-testid="user-email" {...form.getInputProps('email')} />
          <TextInput label={t('users.name')} withAsterisk data-testid="user-name" {...form.getInputProps('name')} />
          <PasswordInput label={t('users.password')} description={t('users.passwordHint')} withAsterisk data-testid="user-password" {...form.getInputProps('password')} />
          <Select label={t('users.role')} data={roles} withAsterisk allowDeselect={false} data-testid="user-role" {...form.getInputProps('roleId')} />
          <Select label={t('users.team')} data={teams} clearable placeholder={t('common:states.none')} data-testid="user-team" {...form.getInputProps('teamId')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="user-create-submit">
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

export function UserEditDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const canDelete = useCan('users', 'delete')
  const { roles, teams } = useRoleTeamData()
  const [error, setError] = useState<unknown>(null)
  const [confirming, setConfirming] = useState(false)
  const form = useForm({
    initialValues: { name: user.name, roleId: user.roleId, teamId: user.teamId ?? '', status: user.status as string },
    validate: { name: (v) => (v.trim() ? null : t('common:fieldErrors.required')) },
  })
  const done = (message: string) => {
    void client.invalidateQueries({ queryKey: ['users'] })
    notifications.show({ color: 'teal', message })
    onClose()
  }
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.patch<User>(`/api/v1/users/${user.id}`, { name: v.name.trim(), roleId: v.roleId, teamId: v.teamId || null, status: v.status }),
    onSuccess: (saved) => done(t('users.saved', { name: saved.name })),
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/v1/users/${user.id}`),
    onSuccess: () => done(t('users.removed', { name: user.name })),
    onError: (err) => {
      setConfirming(false)
      notifications.show({ color: 'red', message: errorMessage(err, t) })
    },
  })
  return (
    <Modal opened onClose={onClose} title={<Text fw={700}>{t('users.editTitle')}</Text>} size="md">
      <form onSubmit={form.onSubmit((v) => (setError(null), save.mutate(v)))} noValidate data-testid="user-edit-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {user.email}
          </Text>
          <TextInput label={t('users.name')} withAsterisk data-testid="user-name" {...form.getInputProps('name')} />
          <Select label={t('users.role')} data={roles} allowDeselect={false} data-testid="user-role" {...form.getInputProps('roleId')} />
          <Select label={t('users.team')} data={teams} clearable placeholder={t('common:states.none')} data-testid="user-team" {...form.getInputProps('teamId')} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('users.status')}
            </Text>
            <SegmentedControl
              data={[
                { value: 'active', label: t('users.active') },
                { value: 'disabled', label: t('users.disabled') },
              ]}
              data-testid="user-status"
              {...form.getInputProps('status')}
            />
          </Stack>
          <Group justify="space-between" mt="sm">
            {canDelete ? (
              <Button variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="user-remove">
                {t('users.remove')}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} data-testid="user-save">
                {t('common:actions.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirming}
        title={t('users.removeTitle')}
        message={t('users.removeMessage', { name: user.name })}
        confirmLabel={t('users.remove')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Modal>
  )
}
