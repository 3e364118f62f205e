/** テリトリー管理: territories by prefecture and industry, their members, and how many accounts each holds. */
import { ActionIcon, Badge, Button, Card, Group, Modal, MultiSelect, Stack, Table, TagsInput, Text, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconMap2, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage, formErrors } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useTeamOptions } from '../admin/api.ts'
import { useMemberOptions } from '../leads/api.ts'
import { type PrefectureCatalog, type Territory, type TerritoryWrite, usePrefectureCatalog, useTerritories } from './api.ts'
import { PrefecturePicker } from './PrefecturePicker.tsx'

/** Prefectures shown compactly: a whole region by its name, the rest one by one. */
function prefectureSummary(prefectures: string[], catalog: PrefectureCatalog | undefined, en: boolean): string[] {
  if (!catalog) return prefectures
  const left = new Set(prefectures)
  const out: string[] = []
  for (const region of catalog.regions) {
    if (region.prefectures.length > 1 && region.prefectures.every((p) => left.has(p))) {
      out.push(en ? region.en : region.ja)
      for (const p of region.prefectures) left.delete(p)
    }
  }
  for (const p of catalog.prefectures) if (left.has(p.name)) out.push(en ? p.nameEn : p.name)
  return out
}

export default function TerritoriesPage() {
  const { t, i18n } = useTranslation('territories')
  const client = useQueryClient()
  const territories = useTerritories()
  const catalog = usePrefectureCatalog()
  const canCreate = useCan('territories', 'create')
  const canUpdate = useCan('territories', 'update')
  const canDelete = useCan('territories', 'delete')
  const [editing, setEditing] = useState<Territory | 'new' | null>(null)
  const [deleting, setDeleting] = useState<Territory | null>(null)
  const en = i18n.language.startsWith('en')
  const remove = useMutation({
    mutationFn: (territory: Territory) => api.delete(`/api/v1/territories/${territory.id}`),
    onSuccess: (_, territory) => {
      void client.invalidateQueries({ queryKey: ['territories'] })
      notifications.show({ color: 'teal', message: t('deleted', { name: territory.name }) })
      setDeleting(null)
    },
    onError: (err) => {
      setDeleting(null)
      notifications.show({ color: 'red', message: errorMessage(err, t) })
    },
  })
  const reassign = useMutation({
    mutationFn: () => api.post('/api/v1/territories/reassign'),
    onSuccess: () => notifications.show({ color: 'teal', message: t('reassignQueued') }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
  })
  const list = territories.data ?? []

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            {canUpdate ? (
              <Button variant="default" leftSection={<IconRefresh size={16} />} loading={reassign.isPending} onClick={() => reassign.mutate()} data-testid="territory-reassign">
                {t('reassign')}
              </Button>
            ) : null}
            {canCreate ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="create-territory">
                {t('create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card padding="sm">
        <ErrorAlert error={territories.error} onRetry={() => void territories.refetch()} />
        {territories.isPending ? (
          <CenteredLoader />
        ) : list.length === 0 ? (
          <EmptyState message={t('empty')} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="territory-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.prefectures')}</Table.Th>
                  <Table.Th>{t('fields.industries')}</Table.Th>
                  <Table.Th>{t('fields.members')}</Table.Th>
                  <Table.Th ta="right">{t('fields.accountCount')}</Table.Th>
                  <Table.Th w={80} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((territory) => (
                  <Table.Tr key={territory.id} data-testid="territory-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <IconMap2 size={16} color="var(--mantine-color-grape-6)" />
                        <Stack gap={0}>
                          <Text size="sm" fw={600}>
                            {territory.name}
                          </Text>
                          {territory.description ? (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {territory.description}
                            </Text>
                          ) : null}
                        </Stack>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {territory.prefectures.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('anyPrefecture')}
                          </Text>
                        ) : (
                          prefectureSummary(territory.prefectures, catalog.data, en).map((p) => (
                            <Badge key={p} variant="light" color="grape" size="sm">
                              {p}
                            </Badge>
                          ))
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={territory.industries.length === 0 ? 'dimmed' : undefined}>
                        {territory.industries.length === 0 ? t('anyIndustry') : territory.industries.join('、')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={territory.members.length === 0 ? 'dimmed' : undefined}>
                        {territory.members.length === 0 ? t('noMembers') : territory.members.map((m) => m.userName ?? `${m.teamName}${t('teamSuffix')}`).join('、')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" data-testid="territory-account-count">
                      {territory.accountCount.toLocaleString()}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {canUpdate ? (
                          <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(territory)} aria-label={t('common:actions.edit')} data-testid="territory-edit">
                            <IconPencil size={16} />
                          </ActionIcon>
                        ) : null}
                        {canDelete ? (
                          <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(territory)} aria-label={t('common:actions.delete')} data-testid="territory-delete">
                            <IconTrash size={16} />
                          </ActionIcon>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Text size="xs" c="dimmed" mt="sm">
        {t('placementHint')}
      </Text>
      {editing ? <TerritoryDialog territory={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: deleting?.name ?? '' })}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  )
}

function TerritoryDialog({ territory, onClose }: { territory: Territory | null; onClose: () => void }) {
  const { t } = useTranslation('territories')
  const client = useQueryClient()
  const users = useMemberOptions()
  const teams = useTeamOptions()
  const [error, setError] = useState<unknown>(null)
  const form = useForm<TerritoryWrite>({
    initialValues: {
      name: territory?.name ?? '',
      description: territory?.description ?? '',
      prefectures: territory?.prefectures ?? [],
      industries: territory?.industries ?? [],
      memberUserIds: territory?.members.flatMap((m) => (m.userId ? [m.userId] : [])) ?? [],
      memberTeamIds: territory?.members.flatMap((m) => (m.teamId ? [m.teamId] : [])) ?? [],
    },
    validate: { name: (v) => (v.trim() ? null : t('common:fieldErrors.required')) },
  })
  const save = useMutation({
    mutationFn: (v: TerritoryWrite) => {
      const body = { ...v, name: v.name.trim(), description: v.description?.trim() || null }
      return territory ? api.patch<Territory>(`/api/v1/territories/${territory.id}`, body) : api.post<Territory>('/api/v1/territories', body)
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['territories'] })
      notifications.show({ color: 'teal', message: t(territory ? 'saved' : 'created', { name: saved.name }) })
      onClose()
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  return (
    <Modal opened onClose={onClose} size="xl" title={<Text fw={700}>{territory ? t('editTitle') : t('createTitle')}</Text>}>
      <form onSubmit={form.onSubmit((v) => (setError(null), save.mutate(v)))} noValidate data-testid="territory-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('fields.name')} withAsterisk data-autofocus placeholder={t('placeholders.name')} data-testid="territory-name" {...form.getInputProps('name')} />
          <Textarea label={t('fields.description')} autosize minRows={1} maxRows={4} {...form.getInputProps('description')} />
          <PrefecturePicker value={form.values.prefectures} onChange={(v) => form.setFieldValue('prefectures', v)} />
          <TagsInput
            label={t('fields.industries')}
            description={t('industriesHint')}
            placeholder={t('placeholders.industries')}
            data-testid="territory-industries"
            {...form.getInputProps('industries')}
          />
          <Group grow align="flex-start">
            <MultiSelect
              label={t('fields.memberUsers')}
              data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              searchable
              clearable
              data-testid="territory-users"
              {...form.getInputProps('memberUserIds')}
            />
            <MultiSelect
              label={t('fields.memberTeams')}
              data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              searchable
              clearable
              data-testid="territory-teams"
              {...form.getInputProps('memberTeamIds')}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('membersHint')}
          </Text>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="territory-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
