/** 保存済みビュー: pick a view, save changes to it, save as a new one (private, shared with everyone or a team), delete. */
import { Badge, Button, Group, Menu, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronDown, IconDeviceFloppy, IconLayoutList, IconShare, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type ListObject, type SavedView, type SavedViewWrite, type Sharing, useDeleteView, useSaveView, useTeams } from './api.ts'

interface Props {
  object: ListObject
  views: SavedView[]
  current: SavedView | null
  dirty: boolean
  /** The filter, sort and columns on screen now. */
  definition: Pick<SavedViewWrite, 'filter' | 'sort' | 'columns'>
  onOpen: (view: SavedView | null) => void
}

function SaveAsDialog({ object, opened, onClose, initial, definition, onSaved }: { object: ListObject; opened: boolean; onClose: () => void; initial: SavedView | null; definition: Props['definition']; onSaved: (view: SavedView) => void }) {
  const { t } = useTranslation('savedViews')
  const mayShare = useCan('sharedViews', 'create')
  const teams = useTeams()
  const save = useSaveView(object)
  const [name, setName] = useState(initial?.name ?? '')
  const [sharing, setSharing] = useState<Sharing>(initial?.sharing ?? 'private')
  const [teamId, setTeamId] = useState<string | null>(initial?.teamId ?? null)
  const editing = initial !== null
  const submit = () =>
    save.mutate(
      { id: initial?.id, body: { ...(editing ? {} : definition), name: name.trim(), sharing, teamId: sharing === 'team' ? teamId : null } },
      {
        onSuccess: (view) => {
          notifications.show({ color: 'teal', message: t(editing ? 'views.updated' : 'views.saved', { name: view.name }) })
          onSaved(view)
          onClose()
        },
      },
    )
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700}>{t(editing ? 'views.shareTitle' : 'views.saveAsTitle')}</Text>} data-testid="view-save-dialog">
      <Stack>
        <ErrorAlert error={save.error} />
        <TextInput label={t('views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-testid="view-name" data-autofocus />
        <Radio.Group label={t('views.sharing')} value={sharing} onChange={(v) => setSharing(v as Sharing)}>
          <Stack gap={6} mt={4}>
            <Radio value="private" label={t('views.private')} description={t('views.privateHint')} data-testid="view-sharing-private" />
            <Radio value="tenant" label={t('views.tenant')} description={mayShare ? t('views.tenantHint') : t('views.shareNeedsRole')} disabled={!mayShare} data-testid="view-sharing-tenant" />
            <Radio value="team" label={t('views.team')} disabled={!mayShare} data-testid="view-sharing-team" />
          </Stack>
        </Radio.Group>
        {sharing === 'team' ? (
          <Select label={t('views.teamLabel')} data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} value={teamId} onChange={setTeamId} data-testid="view-team" />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!name.trim() || (sharing === 'team' && !teamId)} data-testid="view-save-submit">
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function SavedViewsMenu({ object, views, current, dirty, definition, onOpen }: Props) {
  const { t } = useTranslation('savedViews')
  const save = useSaveView(object)
  const remove = useDeleteView(object)
  const [dialog, setDialog] = useState<'saveAs' | 'share' | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const sharingBadge = (view: SavedView) =>
    view.sharing === 'private' ? null : (
      <Badge size="xs" variant="light" color={view.sharing === 'team' ? 'grape' : 'blue'}>
        {t(`views.badge.${view.sharing}`)}
      </Badge>
    )
  return (
    <>
      <Menu position="bottom-start" withinPortal width={280}>
        <Menu.Target>
          <Button variant={current ? 'light' : 'default'} leftSection={<IconLayoutList size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="views-menu">
            <Text span size="sm" maw={180} truncate>
              {current ? current.name : t('views.all')}
              {dirty ? ' *' : ''}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('views.title')}</Menu.Label>
          <Menu.Item onClick={() => onOpen(null)} data-testid="view-item-all">
            {t('views.all')}
          </Menu.Item>
          {views.map((view) => (
            <Menu.Item key={view.id} onClick={() => onOpen(view)} rightSection={sharingBadge(view)} data-testid="view-item" fw={view.id === current?.id ? 700 : undefined}>
              {view.name}
            </Menu.Item>
          ))}
          {views.length === 0 ? (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('views.none')}
            </Text>
          ) : null}
          <Menu.Divider />
          {current?.canEdit ? (
            <Menu.Item
              leftSection={<IconDeviceFloppy size={14} />}
              disabled={!dirty}
              onClick={() => save.mutate({ id: current.id, body: definition }, { onSuccess: (view) => notifications.show({ color: 'teal', message: t('views.updated', { name: view.name }) }) })}
              data-testid="view-save"
            >
              {t('views.save')}
            </Menu.Item>
          ) : null}
          <Menu.Item leftSection={<IconDeviceFloppy size={14} />} onClick={() => setDialog('saveAs')} data-testid="view-save-as">
            {t('views.saveAs')}
          </Menu.Item>
          {current?.canEdit ? (
            <>
              <Menu.Item leftSection={<IconShare size={14} />} onClick={() => setDialog('share')} data-testid="view-share">
                {t('views.share')}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirmDelete(true)} data-testid="view-delete">
                {t('views.delete')}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      {dialog ? (
        <SaveAsDialog object={object} opened onClose={() => setDialog(null)} initial={dialog === 'share' ? current : null} definition={definition} onSaved={(view) => onOpen(view)} />
      ) : null}
      <ConfirmDialog
        opened={confirmDelete}
        title={t('views.deleteTitle')}
        message={t('views.deleteMessage', { name: current?.name ?? '' })}
        loading={remove.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() =>
          current &&
          remove.mutate(current.id, {
            onSuccess: () => {
              setConfirmDelete(false)
              notifications.show({ color: 'teal', message: t('views.deleted', { name: current.name }) })
              onOpen(null)
            },
          })
        }
      />
    </>
  )
}
