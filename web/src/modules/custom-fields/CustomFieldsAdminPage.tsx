/** カスタム項目 (admin): the custom fields of accounts, contacts and deals — define, edit, reorder, archive, delete. */
import { ActionIcon, Badge, Button, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArchive, IconArchiveOff, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { errorMessage } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { AdminList } from '../admin/AdminList.tsx'
import { CUSTOM_FIELD_OBJECTS, type CustomFieldDefinition, type CustomFieldObject, localized, useCustomFields, useDeleteCustomField, useSaveCustomField } from './api.ts'
import { CustomFieldEditor } from './CustomFieldEditor.tsx'

function ArchiveButton({ field }: { field: CustomFieldDefinition }) {
  const { t, i18n } = useTranslation('customFields')
  const save = useSaveCustomField(field.id)
  const toggle = () =>
    save.mutate(
      { active: !field.active },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t(field.active ? 'archived' : 'restored', { name: localized(field.label, i18n.language) }) }),
        onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
      },
    )
  const label = field.active ? t('archive') : t('restore')
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} loading={save.isPending} onClick={toggle} data-testid={`custom-field-archive-${field.key}`}>
        {field.active ? <IconArchive size={16} /> : <IconArchiveOff size={16} />}
      </ActionIcon>
    </Tooltip>
  )
}

export default function CustomFieldsAdminPage() {
  const { t, i18n } = useTranslation('customFields')
  const [object, setObject] = useState<CustomFieldObject>('accounts')
  const fields = useCustomFields(object, { includeInactive: true })
  const canCreate = useCan('customFields', 'create')
  const canUpdate = useCan('customFields', 'update')
  const canDelete = useCan('customFields', 'delete')
  const [editing, setEditing] = useState<CustomFieldDefinition | 'new' | null>(null)
  const [deleting, setDeleting] = useState<CustomFieldDefinition | null>(null)
  const remove = useDeleteCustomField()
  const list = fields.data ?? []
  const nextPosition = list.reduce((max, f) => Math.max(max, f.position + 10), 10)

  const doDelete = (field: CustomFieldDefinition) =>
    remove.mutate(field.id, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('deleted', { name: localized(field.label, i18n.language) }) })
        setDeleting(null)
      },
      onError: (err) => {
        setDeleting(null)
        notifications.show({ color: 'red', message: errorMessage(err, t) })
      },
    })

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="custom-field-new">
              {t('newField')}
            </Button>
          ) : null
        }
      />
      <AdminList
        toolbar={
          <SegmentedControl
            value={object}
            onChange={(v) => setObject(v as CustomFieldObject)}
            data={CUSTOM_FIELD_OBJECTS.map((o) => ({ value: o, label: t(`objects.${o}`) }))}
            data-testid="custom-field-object"
          />
        }
        isPending={fields.isPending}
        error={fields.error}
        onRetry={() => void fields.refetch()}
        count={list.length}
        empty={t('empty', { object: t(`objects.${object}`) })}
        testId="custom-field-list"
      >
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('columns.label')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('columns.key')}</Table.Th>
              <Table.Th>{t('columns.type')}</Table.Th>
              <Table.Th visibleFrom="md">{t('columns.rules')}</Table.Th>
              <Table.Th visibleFrom="sm" w={70}>
                {t('columns.position')}
              </Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((field) => (
              <Table.Tr key={field.id} data-testid={`custom-field-row-${field.key}`} style={{ opacity: field.active ? 1 : 0.6 }}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {localized(field.label, i18n.language)}
                    </Text>
                    {!field.active ? (
                      <Badge size="xs" color="gray" variant="light">
                        {t('archivedBadge')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {i18n.language.startsWith('en') ? field.label.ja : field.label.en}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm" ff="monospace">
                    {field.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`types.${field.type}`)}</Text>
                  {field.options.length > 0 ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {field.options.map((o) => localized(o.label, i18n.language)).join('・')}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Group gap={4}>
                    {field.required ? <Badge size="sm" variant="light" color="red">{t('editor.required')}</Badge> : null}
                    {field.unique ? <Badge size="sm" variant="light" color="grape">{t('editor.unique')}</Badge> : null}
                    {field.defaultValue !== null && field.defaultValue !== undefined ? <Badge size="sm" variant="light">{t('hasDefault')}</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td visibleFrom="sm">{field.position}</Table.Td>
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    {canUpdate ? (
                      <>
                        <Tooltip label={t('common:actions.edit')}>
                          <ActionIcon variant="subtle" aria-label={t('common:actions.edit')} onClick={() => setEditing(field)} data-testid={`custom-field-edit-${field.key}`}>
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <ArchiveButton field={field} />
                      </>
                    ) : null}
                    {canDelete ? (
                      <Tooltip label={t('common:actions.delete')}>
                        <ActionIcon variant="subtle" color="red" aria-label={t('common:actions.delete')} onClick={() => setDeleting(field)} data-testid={`custom-field-delete-${field.key}`}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </AdminList>
      {editing ? <CustomFieldEditor object={object} field={editing === 'new' ? undefined : editing} nextPosition={nextPosition} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('deleteTitle')}
        message={deleting ? t('deleteMessage', { name: localized(deleting.label, i18n.language) }) : ''}
        loading={remove.isPending}
        onConfirm={() => deleting && doDelete(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  )
}
