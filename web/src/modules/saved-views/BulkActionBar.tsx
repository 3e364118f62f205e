/**
 * 一括操作: shown while rows are selected. Edit a field, change the owner (担当者の変更), tag or
 * untag, delete — on the selection or on everything matching the filter (at most 1000). Records
 * the server could not change are listed with the reason, never silently dropped.
 */
import { Alert, Button, Card, Group, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconEdit, IconTag, IconTagOff, IconTrash, IconUserShare } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type BulkAction, type BulkResult, type BulkSelection, BULK_LIMIT, type ListCatalogue, type ListObject, useBulkAction, usePeople } from './api.ts'
import { FilterValueInput } from './FilterValueInput.tsx'
import { useLabel } from './labels.ts'

interface Props {
  object: ListObject
  catalogue: ListCatalogue
  selection: BulkSelection
  /** How many records the selection names (for "all matching": the rows loaded so far, or more). */
  selectedCount: number
  allMatching: boolean
  canSelectAllMatching: boolean
  onSelectAllMatching: (on: boolean) => void
  onDone: () => void
  tags: boolean
}

type Dialog = 'assign' | 'edit' | 'addTag' | 'removeTag' | 'delete' | null

export function BulkActionBar({ object, catalogue, selection, selectedCount, allMatching, canSelectAllMatching, onSelectAllMatching, onDone, tags }: Props) {
  const { t } = useTranslation('savedViews')
  const label = useLabel()
  const canUpdate = useCan(object, 'update')
  const canDelete = useCan(object, 'delete')
  const people = usePeople()
  const bulk = useBulkAction(object)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [ownerId, setOwnerId] = useState<string | null>(null)
  const [tag, setTag] = useState('')
  const [fieldKey, setFieldKey] = useState<string | null>(null)
  const [value, setValue] = useState<unknown>(undefined)
  const [result, setResult] = useState<BulkResult | null>(null)
  const editable = catalogue.fields.filter((f) => f.bulkEditable)
  const editField = editable.find((f) => f.key === fieldKey)

  const run = (action: BulkAction) =>
    bulk.mutate(
      { ...selection, action },
      {
        onSuccess: (r) => {
          setDialog(null)
          if (r.failed.length > 0) setResult(r)
          else notifications.show({ color: 'teal', message: t('bulk.done', { count: r.succeeded.length }) })
          onDone()
        },
      },
    )
  const close = () => {
    setDialog(null)
    bulk.reset()
  }
  const target = allMatching ? t('bulk.targetAll') : t('bulk.targetSelected', { count: selectedCount })

  return (
    <>
      <Card withBorder padding="xs" radius="md" bg="blue.0" data-testid="bulk-bar" style={{ position: 'sticky', top: 0, zIndex: 3 }}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} data-testid="bulk-count">
              {allMatching ? t('bulk.allMatching') : t('bulk.selected', { count: selectedCount })}
            </Text>
            {canSelectAllMatching ? (
              <Button size="compact-xs" variant="subtle" onClick={() => onSelectAllMatching(!allMatching)} data-testid="bulk-all-matching">
                {allMatching ? t('bulk.onlySelected') : t('bulk.selectAllMatching', { limit: BULK_LIMIT })}
              </Button>
            ) : null}
          </Group>
          <Group gap={6} wrap="wrap">
            {canUpdate ? (
              <>
                <Button size="compact-sm" variant="white" leftSection={<IconUserShare size={14} />} onClick={() => setDialog('assign')} data-testid="bulk-assign">
                  {t('bulk.assign')}
                </Button>
                {editable.length > 0 ? (
                  <Button size="compact-sm" variant="white" leftSection={<IconEdit size={14} />} onClick={() => setDialog('edit')} data-testid="bulk-edit">
                    {t('bulk.edit')}
                  </Button>
                ) : null}
                {tags ? (
                  <>
                    <Button size="compact-sm" variant="white" leftSection={<IconTag size={14} />} onClick={() => setDialog('addTag')} data-testid="bulk-add-tag">
                      {t('bulk.addTag')}
                    </Button>
                    <Button size="compact-sm" variant="white" leftSection={<IconTagOff size={14} />} onClick={() => setDialog('removeTag')} data-testid="bulk-remove-tag">
                      {t('bulk.removeTag')}
                    </Button>
                  </>
                ) : null}
              </>
            ) : null}
            {canDelete ? (
              <Button size="compact-sm" variant="white" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDialog('delete')} data-testid="bulk-delete">
                {t('bulk.delete')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Card>

      <Modal opened={dialog === 'assign'} onClose={close} title={<Text fw={700}>{t('bulk.assignTitle')}</Text>}>
        <Stack>
          <Text size="sm">{target}</Text>
          <ErrorAlert error={bulk.error} />
          <Select label={t('bulk.newOwner')} data={(people.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={ownerId} onChange={setOwnerId} searchable data-testid="bulk-owner" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button disabled={!ownerId} loading={bulk.isPending} onClick={() => ownerId && run({ type: 'assignOwner', ownerId })} data-testid="bulk-submit">
              {t('bulk.assignSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'edit'} onClose={close} title={<Text fw={700}>{t('bulk.editTitle')}</Text>}>
        <Stack>
          <Text size="sm">{target}</Text>
          <ErrorAlert error={bulk.error} />
          <Select
            label={t('bulk.field')}
            data={editable.map((f) => ({ value: f.key, label: label(f.label) }))}
            value={fieldKey}
            onChange={(key) => {
              setFieldKey(key)
              setValue(undefined)
            }}
            data-testid="bulk-field"
          />
          {editField ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('bulk.newValue')}
              </Text>
              <Group>
                <FilterValueInput field={editField} operator="eq" value={value} onChange={setValue} />
              </Group>
              <Text size="xs" c="dimmed">
                {t('bulk.emptyClears')}
              </Text>
            </Stack>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button disabled={!editField} loading={bulk.isPending} onClick={() => editField && run({ type: 'update', field: editField.key, value: value === undefined ? null : value })} data-testid="bulk-submit">
              {t('bulk.editSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'addTag' || dialog === 'removeTag'} onClose={close} title={<Text fw={700}>{t(dialog === 'removeTag' ? 'bulk.removeTagTitle' : 'bulk.addTagTitle')}</Text>}>
        <Stack>
          <Text size="sm">{target}</Text>
          <ErrorAlert error={bulk.error} />
          <TextInput label={t('bulk.tag')} value={tag} onChange={(e) => setTag(e.currentTarget.value)} maxLength={50} data-testid="bulk-tag" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button disabled={!tag.trim()} loading={bulk.isPending} onClick={() => run({ type: dialog === 'removeTag' ? 'removeTag' : 'addTag', tag: tag.trim() })} data-testid="bulk-submit">
              {t(dialog === 'removeTag' ? 'bulk.removeTagSubmit' : 'bulk.addTagSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <ConfirmDialog
        opened={dialog === 'delete'}
        title={t('bulk.deleteTitle')}
        message={
          <>
            {target}
            <br />
            {t('bulk.deleteMessage')}
            {bulk.error ? <ErrorAlert error={bulk.error} /> : null}
          </>
        }
        loading={bulk.isPending}
        onClose={close}
        onConfirm={() => run({ type: 'delete' })}
      />

      <Modal opened={result !== null} onClose={() => setResult(null)} title={<Text fw={700}>{t('bulk.resultTitle')}</Text>} data-testid="bulk-result">
        {result ? (
          <Stack>
            <Alert color="yellow">{t('bulk.partial', { done: result.succeeded.length, failed: result.failed.length })}</Alert>
            <List size="sm" spacing={4}>
              {result.failed.slice(0, 50).map((f) => (
                <List.Item key={f.id}>
                  <Text size="sm" span ff="monospace">
                    {f.id.slice(-8)}
                  </Text>{' '}
                  {t(`bulk.reasons.${f.code}`, { defaultValue: f.message })}
                </List.Item>
              ))}
            </List>
            <Group justify="flex-end">
              <Button onClick={() => setResult(null)}>{t('common:actions.close')}</Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  )
}
