/** ロール・権限: the roles on the left, the selected role's permission matrix on the right. */
import { Badge, Button, Card, Grid, Group, Modal, NavLink, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconShieldLock } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { api } from '../../../api/client.ts'
import { useCan } from '../../../auth/session.tsx'
import { ErrorAlert } from '../../../components/ErrorAlert.tsx'
import { formErrors } from '../../../components/errors.ts'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { CenteredLoader } from '../../../components/StatusPage.tsx'
import { useAccessObjects, useRoleOptions, type Role } from '../api.ts'
import { RoleEditor } from './RoleEditor.tsx'

export default function RolesPage() {
  const { t } = useTranslation('admin')
  const { id } = useParams()
  const navigate = useNavigate()
  const roles = useRoleOptions()
  const objects = useAccessObjects()
  const canCreate = useCan('roles', 'create')
  const [creating, setCreating] = useState(false)
  const list = roles.data ?? []
  const selected = list.find((r) => r.id === id) ?? list[0]

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-role">
              {t('roles.create')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={roles.error ?? objects.error} />
      {roles.isPending || objects.isPending ? (
        <CenteredLoader />
      ) : (
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Card padding="xs" data-testid="role-list">
              {list.map((role) => (
                <NavLink
                  key={role.id}
                  label={role.name}
                  leftSection={<IconShieldLock size={16} />}
                  rightSection={
                    <Badge size="xs" variant="light" color={role.isSystem ? 'gray' : 'brand'}>
                      {role.isSystem ? t('roles.system') : t('roles.custom')}
                    </Badge>
                  }
                  active={role.id === selected?.id}
                  onClick={() => void navigate(`/admin/roles/${role.id}`)}
                  style={{ borderRadius: 8 }}
                  data-testid={`role-item-${role.key}`}
                />
              ))}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            {selected && objects.data ? <RoleEditor key={selected.id} role={selected} objects={objects.data} /> : <Text c="dimmed">{t('roles.selectRole')}</Text>}
          </Grid.Col>
        </Grid>
      )}
      {creating ? <CreateRoleDialog onClose={() => setCreating(false)} /> : null}
    </>
  )
}

function CreateRoleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const navigate = useNavigate()
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { name: '', key: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('common:fieldErrors.required')),
      key: (v) => (v === '' || /^[a-z][a-z0-9_-]{1,39}$/.test(v) ? null : t('roles.keyHint')),
    },
  })
  const create = useMutation({
    // A new role starts with no rights; the admin ticks what it needs in the matrix.
    mutationFn: (v: typeof form.values) => api.post<Role>('/api/v1/roles', { name: v.name.trim(), ...(v.key ? { key: v.key } : {}), permissions: { objects: {}, fields: {} } }),
    onSuccess: (role) => {
      void client.invalidateQueries({ queryKey: ['roles'] })
      notifications.show({ color: 'teal', message: t('roles.created', { name: role.name }) })
      onClose()
      void navigate(`/admin/roles/${role.id}`)
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  return (
    <Modal opened onClose={onClose} title={<Text fw={700}>{t('roles.createTitle')}</Text>}>
      <form onSubmit={form.onSubmit((v) => (setError(null), create.mutate(v)))} noValidate data-testid="role-create-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('roles.name')} withAsterisk data-autofocus data-testid="role-create-name" {...form.getInputProps('name')} />
          <TextInput label={t('roles.key')} description={t('roles.keyHint')} data-testid="role-create-key" {...form.getInputProps('key')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="role-create-submit">
              {t('common:actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
