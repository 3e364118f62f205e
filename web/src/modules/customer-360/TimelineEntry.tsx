/** One line of the 顧客タイムライン: what happened, who did it and when; own comments can be edited or deleted. */
import { ActionIcon, Anchor, Button, Group, Menu, Stack, Text, Textarea, ThemeIcon } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  IconActivity,
  IconBriefcase,
  IconCalendarEvent,
  IconDots,
  IconFileInvoice,
  IconHistory,
  IconMessageCircle,
  IconPaperclip,
  IconStairsUp,
  IconWriting,
} from '@tabler/icons-react'
import { type ComponentType, type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { errorMessage } from '../../components/errors.ts'
import { useFormat } from '../../i18n/format.ts'
import { type CustomerRecordType, type StageField, type TimelineItem, type TimelineKind, useDeleteComment, useEditComment } from './api.ts'
import { VALUE_GROUP } from './StagesCard.tsx'

export const KIND_ICON: Record<TimelineKind, ComponentType<{ size?: number }>> = {
  activity: IconActivity,
  comment: IconMessageCircle,
  deal: IconBriefcase,
  salesDocument: IconFileInvoice,
  contract: IconWriting,
  document: IconPaperclip,
  stage: IconStairsUp,
  change: IconHistory,
  event: IconCalendarEvent,
}
export const KIND_COLOR: Record<TimelineKind, string> = {
  activity: 'blue',
  comment: 'grape',
  deal: 'orange',
  salesDocument: 'teal',
  contract: 'indigo',
  document: 'gray',
  stage: 'pink',
  change: 'gray',
  event: 'cyan',
}

const text = (value: unknown): string => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value))

function CommentBody({ item, type, recordId, mine }: { item: TimelineItem; type: CustomerRecordType; recordId: string; mine: boolean }) {
  const { t } = useTranslation('customer360')
  const [editing, setEditing] = useState<string | null>(null)
  const edit = useEditComment(type, recordId)
  const remove = useDeleteComment(type, recordId)
  const mentions = (item.details.mentions as { userId: string; name: string }[] | undefined) ?? []
  const run = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work()
      setEditing(null)
      if (done) notifications.show({ color: 'teal', message: done })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  if (editing !== null)
    return (
      <Stack gap={4}>
        <Textarea value={editing} onChange={(e) => setEditing(e.currentTarget.value)} autosize minRows={2} aria-label={t('comments.editTitle')} data-testid="comment-edit-input" />
        <Group gap="xs">
          <Button size="xs" loading={edit.isPending} disabled={!editing.trim()} onClick={() => void run(() => edit.mutateAsync({ commentId: item.id, body: editing.trim() }))} data-testid="comment-edit-save">
            {t('common:actions.save')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setEditing(null)}>
            {t('common:actions.cancel')}
          </Button>
        </Group>
      </Stack>
    )
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={2}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="timeline-comment-body">
          {text(item.details.body)}
          {item.details.editedAt ? (
            <Text span size="xs" c="dimmed">
              {' '}
              {t('timeline.edited')}
            </Text>
          ) : null}
        </Text>
        {mentions.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('timeline.mentioned', { names: mentions.map((m) => `@${m.name}`).join(' ') })}
          </Text>
        ) : null}
      </Stack>
      {mine ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('comments.editTitle')} data-testid="comment-menu">
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setEditing(text(item.details.body))} data-testid="comment-edit">
              {t('common:actions.edit')}
            </Menu.Item>
            <Menu.Item color="red" onClick={() => void run(() => remove.mutateAsync(item.id), t('comments.deleted'))} data-testid="comment-delete">
              {t('common:actions.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  )
}

interface EntryProps {
  item: TimelineItem
  type: CustomerRecordType
  recordId: string
  currentUserId: string
}

export function TimelineEntry({ item, type, recordId, currentUserId }: EntryProps) {
  const { t } = useTranslation('customer360')
  const format = useFormat()
  const d = item.details
  const fieldLabel = (field: string) => t(`${type}:fields.${field}`, { defaultValue: field.replace(/^custom\./, '') })
  const stageLabel = (field: StageField, value: unknown) => (value ? t(`${VALUE_GROUP[field]}.${String(value)}`) : t('stages.notSet'))
  const contractStatus = (value: unknown) => (value ? t(`timeline.contractStatus.${String(value)}`, { defaultValue: String(value) }) : '—')

  let content: ReactNode
  switch (item.kind) {
    case 'activity':
      content = (
        <Text size="sm">
          <Text span fw={600}>
            {t(`timeline.activityKinds.${item.subtype ?? 'note'}`, { defaultValue: item.subtype ?? '' })}
          </Text>{' '}
          {text(d.subject)}
          {d.body ? (
            <Text span c="dimmed" size="xs" display="block" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
              {String(d.body)}
            </Text>
          ) : null}
        </Text>
      )
      break
    case 'comment':
      content = <CommentBody item={item} type={type} recordId={recordId} mine={item.actorId === currentUserId} />
      break
    case 'deal':
      content = (
        <Anchor component={Link} to={`/deals/${item.recordId}`} size="sm">
          {t(`timeline.deal.${item.subtype ?? 'created'}`, { name: text(d.name), from: text(d.fromStage), to: text(d.toStage) })}
        </Anchor>
      )
      break
    case 'salesDocument':
      content = (
        <Text size="sm">
          {t('timeline.salesDocument', { kind: t(`timeline.salesDocumentKinds.${item.subtype ?? 'quote'}`, { defaultValue: item.subtype ?? '' }), number: text(d.number) })}
          {typeof d.total === 'number' || typeof d.total === 'string' ? ` · ${format.yen(Number(d.total))}` : ''}
        </Text>
      )
      break
    case 'contract':
      content = (
        <Text size="sm">
          {item.subtype === 'created'
            ? t('timeline.contract.created', { title: text(d.title) })
            : t('timeline.contract.status', { title: text(d.title), from: contractStatus(d.fromStatus), to: contractStatus(d.toStatus) })}
        </Text>
      )
      break
    case 'document':
      content = <Text size="sm">{t('timeline.document', { name: text(d.name) })}</Text>
      break
    case 'stage': {
      const field = (item.subtype ?? 'lifecycleStage') as StageField
      content = <Text size="sm">{t('timeline.stage', { field: t(`stages.${field}`), from: stageLabel(field, d.from), to: stageLabel(field, d.to) })}</Text>
      break
    }
    case 'event':
      content = (
        <Anchor component={Link} to={`/events/${item.recordId}`} size="sm">
          {t(`timeline.event.${item.subtype ?? 'confirmed'}`, { title: text(d.title), defaultValue: text(d.title) })}
        </Anchor>
      )
      break
    case 'change':
      content =
        item.subtype === 'update' ? (
          <Stack gap={2}>
            <Text size="sm">{t('timeline.updated')}</Text>
            {(item.changes ?? []).map((c) => (
              <Text key={c.field} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {fieldLabel(c.field)}: {text(c.before)} → {text(c.after)}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="sm">{item.subtype === 'merge' ? t('timeline.merged') : t('timeline.created')}</Text>
        )
      break
  }
  const Icon = KIND_ICON[item.kind]
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap" data-testid="timeline-item" data-kind={item.kind}>
      <ThemeIcon size={26} radius="xl" variant="light" color={KIND_COLOR[item.kind]} style={{ flexShrink: 0 }}>
        <Icon size={14} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        {content}
        <Text size="xs" c="dimmed">
          {format.dateTime(item.at)} · {item.actorName ?? t('timeline.someone')}
        </Text>
      </Stack>
    </Group>
  )
}

