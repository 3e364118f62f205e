/** チーム: the team tree (parent → children), create, rename/move, delete. */
import { ActionIcon, Badge, Button, Card, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPencil, IconPlus, IconSitemap, IconTrash } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../../api/client.ts'
import { useCan } from '../../../auth/session.tsx'
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx'
import { EmptyState } from '../../../components/EmptyState.tsx'
import { ErrorAlert } from '../../../components/ErrorAlert.tsx'
import { errorMessage, formErrors } from '../../../components/errors.ts'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { CenteredLoader } from '../../../components/StatusPage.tsx'
import { useTeamOptions, type Team } from '../api.ts'

interface Node {
  team: Team
  depth: number
}

/** Depth-first order with depth; orphans (parent not visible) start at the top. */
export function flattenTeams(teams: Team[]): Node[] {
  const ids = new Set(teams.map((t) => t.id))
  const children = new Map<string | null, Team[]>()
  for (const team of teams) {
    const parent = team.parentId && ids.has(team.parentId) ? team.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), team])
  }
  const out: Node[] = []
  const walk = (parent: string | null, depth: number) => {
    for (const team of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ team, depth })
      walk(team.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

function descendants(teams: Team[], id: string): Set<string> {
  const found = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const t of teams) if (t.parentId && found.has(t.parentId) && !found.has(t.id)) (found.add(t.id), (grew = true))
  }
  return found
}

export default function TeamsPage() {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const teams = useTeamOptions()
  const canCreate = useCan('teams', 'create')
  const canUpdate = useCan('teams', 'update')
  const canDelete = useCan('teams', 'delete')
  const [editing, setEditing] = useState<Team | 'new' | null>(null)
  const [deleting, setDeleting] = useState<Team | null>(null)
  const all = teams.data ?? []
  const remove = useMutation({
    mutationFn: (team: Team) => api.delete(`/api/v1/teams/${team.id}`),
    onSuccess: (_, team) => {
      void client.invalidateQueries({ queryKey: ['teams'] })
      notifications.show({ color: 'teal', message: t('teams.deleted', { name: team.name }) })
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
        title={t('teams.title')}
        description={t('teams.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="create-team">
              {t('teams.create')}
            </Button>
          ) : null
        }
      />
      <Card padding="sm">
        <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} />
        {teams.isPending ? (
          <CenteredLoader />
        ) : all.length === 0 ? (
          <EmptyState message={t('teams.empty')} />
        ) : (
          <Stack gap={2} data-testid="team-tree">
            {flattenTeams(all).map(({ team, depth }) => (
              <Group key={team.id} justify="space-between" wrap="nowrap" px="sm" py={8} style={{ borderRadius: 8 }} data-testid="team-row">
                <Group gap="xs" wrap="nowrap" style={{ paddingLeft: depth * 24, minWidth: 0 }}>
                  <IconSitemap size={16} color="var(--mantine-color-brand-6)" style={{ flexShrink: 0 }} />
                  <Text size="sm" fw={depth === 0 ? 600 : 400} truncate>
                    {team.name}
                  </Text>
                  <Badge variant="light" color="gray" size="sm">
                    {t('teams.members', { count: team.memberCount })}
                  </Badge>
                </Group>
                <Group gap={4} wrap="nowrap">
                  {canUpdate ? (
                    <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(team)} aria-label={t('common:actions.edit')} data-testid="team-edit">
                      <IconPencil size={16} />
                    </ActionIcon>
                  ) : null}
                  {canDelete ? (
                    <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(team)} aria-label={t('common:actions.delete')} data-testid="team-delete">
                      <IconTrash size={16} />
                    </ActionIcon>
                  ) : null}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {editing ? <TeamDialog team={editing === 'new' ? null : editing} teams={all} onClose={() => setEditing(null)} /> : null}
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

function TeamDialog({ team, teams, onClose }: { team: Team | null; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const client = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  const excluded = team ? descendants(teams, team.id) : new Set<string>()
  const form = useForm({
    initialValues: { name: team?.name ?? '', parentId: team?.parentId ?? '' },
    validate: { name: (v) => (v.trim() ? null : t('common:fieldErrors.required')) },
  })
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = { name: v.name.trim(), parentId: v.parentId || null }
      return team ? api.patch<Team>(`/api/v1/teams/${team.id}`, body) : api.post<Team>('/api/v1/teams', body)
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['teams'] })
      notifications.show({ color: 'teal', message: t(team ? 'teams.saved' : 'teams.created', { name: saved.name }) })
      onClose()
    },
    onError: (err) => {
      form.setErrors(formErrors(err, t))
      setError(err)
    },
  })
  return (
    <Modal opened onClose={onClose} title={<Text fw={700}>{team ? t('teams.editTitle') : t('teams.createTitle')}</Text>}>
      <form onSubmit={form.onSubmit((v) => (setError(null), save.mutate(v)))} noValidate data-testid="team-form">
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput label={t('teams.name')} withAsterisk data-autofocus data-testid="team-name" {...form.getInputProps('name')} />
          <Select
            label={t('teams.parent')}
            data={flattenTeams(teams)
              .filter(({ team: x }) => !excluded.has(x.id))
              .map(({ team: x, depth }) => ({ value: x.id, label: `${'　'.repeat(depth)}${x.name}` }))}
            clearable
            placeholder={t('teams.noParent')}
            data-testid="team-parent"
            {...form.getInputProps('parentId')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="team-save">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
