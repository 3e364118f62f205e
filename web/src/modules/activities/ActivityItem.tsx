/** One activity in a timeline or task list: icon by kind, subject, when, and a done checkbox for tasks. */
import { ActionIcon, Anchor, Badge, Checkbox, Group, Modal, Stack, Text, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCalendarEvent, IconCheckbox, IconMail, IconNote, IconPencil, IconPhone, IconTrash } from '@tabler/icons-react'
import type { ComponentType } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { errorMessage } from '../../components/errors.ts'
import { useFormat } from '../../i18n/format.ts'
import { type Activity, type ActivityKind, useDeleteActivity, useUpdateActivity } from './api.ts'
import { QuickAdd } from './QuickAdd.tsx'

export const KIND_ICONS: Record<ActivityKind, ComponentType<{ size?: number }>> = {
  task: IconCheckbox,
  call: IconPhone,
  meeting: IconCalendarEvent,
  note: IconNote,
  email: IconMail,
}

export const KIND_COLORS: Record<ActivityKind, string> = { task: 'orange', call: 'teal', meeting: 'blue', note: 'gray', email: 'grape' }

/** The moment that describes the activity: start, due, sent, else when it was logged. */
export function activityWhen(a: Activity): string | null {
  return a.startsAt ?? a.dueAt ?? a.sentAt ?? a.createdAt
}

export function ActivitySummary({ activity, showAccount = false }: { activity: Activity; showAccount?: boolean }) {
  const { t } = useTranslation('activities')
  const format = useFormat()
  const update = useUpdateActivity()
  const remove = useDeleteActivity()
  const canUpdate = useCan('activities', 'update')
  const canDelete = useCan('activities', 'delete')
  const [editing, edit] = useDisclosure(false)
  const a = activity
  const isTask = a.kind === 'task'
  const done = a.status === 'done'

  const toggle = async () => {
    try {
      await update.mutateAsync({ id: a.id, status: done ? 'open' : 'done' })
      notifications.show({ color: 'teal', message: t(done ? 'reopened' : 'completed') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  const doDelete = async () => {
    try {
      await remove.mutateAsync(a.id)
      notifications.show({ color: 'teal', message: t('deleted') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  const details: string[] = []
  if (a.kind === 'meeting' && a.startsAt) {
    details.push(a.allDay ? `${format.date(a.startsAt)} ${t('calendar.allDay')}` : `${format.dateTime(a.startsAt)}${a.endsAt ? ` – ${format.dateTime(a.endsAt)}` : ''}`)
    if (a.place) details.push(`${t('fields.place')}：${a.place}`)
    if (a.attendees && a.attendees.length > 0) details.push(`${t('fields.attendees')}：${a.attendees.map((x) => x.name ?? '—').join('、')}`)
  }
  if (isTask) {
    details.push(a.dueAt ? `${t('fields.dueAt')}：${format.dateTime(a.dueAt)}` : t('tasks.noDue'))
    if (a.assigneeName) details.push(`${t('fields.assignee')}：${a.assigneeName}`)
  }
  if (a.kind === 'call') {
    if (a.direction) details.push(t(`direction.${a.direction}`))
    if (a.durationSeconds != null) details.push(t('fields.durationValue', { minutes: Math.round(a.durationSeconds / 60) }))
    if (a.outcome) details.push(a.outcome)
  }
  if (a.kind === 'email') {
    if (a.emailFrom) details.push(`${t('fields.from')}：${a.emailFrom}`)
    if (a.emailTo) details.push(`${t('fields.to')}：${a.emailTo}`)
  }

  return (
    <Group align="flex-start" justify="space-between" wrap="nowrap" gap="sm" data-testid="activity-item" data-kind={a.kind} data-status={a.status ?? undefined}>
      <Group align="flex-start" wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
        {isTask ? (
          <Checkbox
            mt={2}
            checked={done}
            disabled={!canUpdate || update.isPending || a.status === 'cancelled'}
            onChange={() => void toggle()}
            aria-label={t(done ? 'reopen' : 'complete')}
            data-testid="activity-complete"
          />
        ) : null}
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600} td={done ? 'line-through' : undefined} data-testid="activity-subject-text" style={{ overflowWrap: 'anywhere' }}>
              {a.subject ?? '—'}
            </Text>
            {a.overdue ? (
              <Badge color="red" size="xs" variant="light" data-testid="activity-overdue">
                {t('overdue')}
              </Badge>
            ) : null}
            {isTask && a.priority === 'high' ? (
              <Badge color="orange" size="xs" variant="light">
                {t('priority.high')}
              </Badge>
            ) : null}
            {a.status === 'cancelled' ? (
              <Badge color="gray" size="xs" variant="light">
                {t('status.cancelled')}
              </Badge>
            ) : null}
          </Group>
          {details.length > 0 ? (
            <Text size="xs" c="dimmed">
              {details.join(' ・ ')}
            </Text>
          ) : null}
          {a.contactName ? (
            <Text size="xs" c="dimmed" data-testid="activity-contact">
              {t('fields.contact')}：{a.contactName}
            </Text>
          ) : null}
          {showAccount && a.accountId && a.accountName ? (
            <Anchor component={Link} to={`/accounts/${a.accountId}`} size="xs">
              {a.accountName}
            </Anchor>
          ) : null}
          {a.body ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={6}>
              {a.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {a.ownerName ? `${t('fields.owner')}：${a.ownerName} ・ ` : ''}
            {format.dateTime(a.createdAt)}
          </Text>
        </Stack>
      </Group>
      <Group gap={2} wrap="nowrap">
        {canUpdate ? (
          <Tooltip label={t('common:actions.edit')}>
            <ActionIcon variant="subtle" color="gray" onClick={edit.open} aria-label={t('common:actions.edit')} data-testid="activity-edit">
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null}
        {canDelete ? (
          <Tooltip label={t('common:actions.delete')}>
            <ActionIcon variant="subtle" color="gray" onClick={() => void doDelete()} loading={remove.isPending} aria-label={t('common:actions.delete')} data-testid="activity-delete">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Modal opened={editing} onClose={edit.close} title={t('editTitle', { kind: t(`kinds.${a.kind}`) })} size="lg" data-testid="activity-edit-modal">
        {editing ? <QuickAdd editing={a} kinds={[a.kind]} onDone={edit.close} /> : null}
      </Modal>
    </Group>
  )
}
