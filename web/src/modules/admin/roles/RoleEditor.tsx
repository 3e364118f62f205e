/**
 * One role's rights: objects × create/read/update/delete + visibility, then per-field
 * hidden/read-only rules. The admin role is shown locked (it always has every right).
 */
import { Alert, Button, Card, Checkbox, Group, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLock, IconTrash } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../../../api/client.ts'
import type { CrudAction, FieldRule, ObjectPermission, Permissions, Visibility } from '../../../api/types.ts'
import { useCan } from '../../../auth/session.tsx'
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../../components/ErrorAlert.tsx'
import { errorMessage } from '../../../components/errors.ts'
import { currentLocale } from '../../../i18n/index.ts'
import type { AccessObjectInfo, Role } from '../api.ts'

const ACTIONS: CrudAction[] = ['create', 'read', 'update', 'delete']
const NONE: ObjectPermission = { create: false, read: false, update: false, delete: false, visibility: 'own' }

type Matrix = Record<string, ObjectPermission>
type FieldRules = Record<string, Record<string, FieldRule>>

function initialMatrix(role: Role, objects: AccessObjectInfo[]): Matrix {
  const matrix: Matrix = {}
  for (const o of objects) matrix[o.key] = { ...NONE, ...role.permissions.objects[o.key] }
  return matrix
}

function initialFields(role: Role): FieldRules {
  const rules: FieldRules = {}
  for (const [object, fields] of Object.entries(role.permissions.fields ?? {})) {
    rules[object] = {}
    for (const [field, rule] of Object.entries(fields ?? {})) if (rule) rules[object][field] = rule
  }
  return rules
}

export function RoleEditor({ role, objects }: { role: Role; objects: AccessObjectInfo[] }) {
  const { t, i18n } = useTranslation('admin')
  const locale = currentLocale(i18n.language)
  const client = useQueryClient()
  const navigate = useNavigate()
  const locked = role.isSystem && role.key === 'admin'
  const canUpdate = useCan('roles', 'update') && !locked
  const canDelete = useCan('roles', 'delete') && !role.isSystem
  const [name, setName] = useState(role.name)
  const [matrix, setMatrix] = useState(() => initialMatrix(role, objects))
  const [fields, setFields] = useState(() => initialFields(role))
  const [dirty, setDirty] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [confirming, setConfirming] = useState(false)
  const withFields = objects.filter((o) => o.fields.length > 0)
  const [fieldObject, setFieldObject] = useState<string | null>(withFields[0]?.key ?? null)

  const setPermission = (object: string, patch: Partial<ObjectPermission>) => {
    setMatrix((m) => {
      const next = { ...m[object]!, ...patch }
      // Creating, updating or deleting what you cannot read makes no sense: reading comes along.
      if (patch.create || patch.update || patch.delete) next.read = true
      if (patch.read === false) Object.assign(next, { create: false, update: false, delete: false })
      return { ...m, [object]: next }
    })
    setDirty(true)
  }
  const setFieldRule = (object: string, field: string, rule: string) => {
    setFields((f) => {
      const forObject = { ...f[object] }
      if (rule === 'none') delete forObject[field]
      else forObject[field] = rule as FieldRule
      return { ...f, [object]: forObject }
    })
    setDirty(true)
  }

  const save = useMutation({
    mutationFn: () => {
      const permissions: Permissions = { objects: matrix, fields: Object.fromEntries(Object.entries(fields).filter(([, r]) => Object.keys(r).length > 0)) }
      return api.patch<Role>(`/api/v1/roles/${role.id}`, { name: name.trim(), permissions })
    },
    onSuccess: (saved) => {
      setDirty(false)
      setError(null)
      void client.invalidateQueries({ queryKey: ['roles'] })
      void client.invalidateQueries({ queryKey: ['session'] })
      notifications.show({ color: 'teal', message: t('roles.saved', { name: saved.name }) })
    },
    onError: setError,
  })
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/v1/roles/${role.id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['roles'] })
      notifications.show({ color: 'teal', message: t('roles.deleted', { name: role.name }) })
      void navigate('/admin/roles', { replace: true })
    },
    onError: (err) => {
      setConfirming(false)
      notifications.show({ color: 'red', message: errorMessage(err, t) })
    },
  })

  const fieldInfo = withFields.find((o) => o.key === fieldObject)

  return (
    <Stack gap="md" data-testid="role-editor">
      {locked ? (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />}>
          {t('roles.adminLocked')}
        </Alert>
      ) : null}
      <ErrorAlert error={error} />
      <Card padding="lg">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            label={t('roles.name')}
            value={name}
            onChange={(e) => (setName(e.currentTarget.value), setDirty(true))}
            disabled={!canUpdate}
            style={{ flex: '1 1 240px' }}
            data-testid="role-name"
          />
          <Group gap="xs">
            {canDelete ? (
              <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirming(true)} data-testid="role-delete">
                {t('common:actions.delete')}
              </Button>
            ) : null}
            {canUpdate ? (
              <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty || !name.trim()} data-testid="role-save">
                {t('common:actions.saveChanges')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {dirty ? (
          <Text size="xs" c="orange.7" mt="xs">
            {t('roles.unsaved')}
          </Text>
        ) : null}
      </Card>
      <Card padding={0}>
        <div className="daifuku-table-wrap">
          <Table data-testid="permission-matrix" highlightOnHover={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('roles.object')}</Table.Th>
                {ACTIONS.map((a) => (
                  <Table.Th key={a} ta="center" w={72}>
                    {t(a === 'create' ? 'roles.create_' : `roles.${a}`)}
                  </Table.Th>
                ))}
                <Table.Th w={140}>{t('roles.visibility')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {objects.map((o) => {
                const p = matrix[o.key]!
                return (
                  <Table.Tr key={o.key} data-testid={`perm-row-${o.key}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {o.label[locale]}
                      </Text>
                    </Table.Td>
                    {ACTIONS.map((a) => (
                      <Table.Td key={a}>
                        <Group justify="center">
                          <Checkbox
                            checked={p[a]}
                            disabled={!canUpdate}
                            onChange={(e) => setPermission(o.key, { [a]: e.currentTarget.checked })}
                            aria-label={`${o.label[locale]} ${t(a === 'create' ? 'roles.create_' : `roles.${a}`)}`}
                            data-testid={`perm-${o.key}-${a}`}
                          />
                        </Group>
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <Select
                        size="xs"
                        value={p.visibility}
                        disabled={!canUpdate || !o.ownedRecords}
                        allowDeselect={false}
                        onChange={(v) => v && setPermission(o.key, { visibility: v as Visibility })}
                        data={(['own', 'team', 'all'] as const).map((v) => ({ value: v, label: t(`roles.${v}`) }))}
                        data-testid={`perm-${o.key}-visibility`}
                      />
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
      {withFields.length > 0 ? (
        <Card padding="lg">
          <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
            <div>
              <Title order={5}>{t('roles.fieldRules')}</Title>
              <Text size="xs" c="dimmed">
                {t('roles.fieldRulesHint')}
              </Text>
            </div>
            <Select
              w={200}
              value={fieldObject}
              onChange={setFieldObject}
              allowDeselect={false}
              data={withFields.map((o) => ({ value: o.key, label: o.label[locale] }))}
              data-testid="field-rule-object"
            />
          </Group>
          {fieldInfo ? (
            <Stack gap={6} data-testid="field-rules">
              {fieldInfo.fields.map((f) => (
                <Group key={f.key} justify="space-between" wrap="wrap" gap="xs" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-1)' }}>
                  <Text size="sm">{f.label[locale]}</Text>
                  <SegmentedControl
                    size="xs"
                    disabled={!canUpdate}
                    value={fields[fieldInfo.key]?.[f.key] ?? 'none'}
                    onChange={(v) => setFieldRule(fieldInfo.key, f.key, v)}
                    data={[
                      { value: 'none', label: t('roles.ruleNone') },
                      { value: 'readonly', label: t('roles.ruleReadonly') },
                      { value: 'hidden', label: t('roles.ruleHidden') },
                    ]}
                    data-testid={`field-rule-${fieldInfo.key}-${f.key}`}
                  />
                </Group>
              ))}
            </Stack>
          ) : null}
        </Card>
      ) : null}
      <ConfirmDialog
        opened={confirming}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: role.name })}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  )
}
