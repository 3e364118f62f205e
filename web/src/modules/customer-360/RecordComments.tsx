/**
 * Comments on a record that has no customer timeline of its own (a deal): the thread, newest
 * first, with the @mention box; authors may delete their own comments.
 */
import { ActionIcon, Card, Group, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { useFormat } from '../../i18n/format.ts'
import { type CommentRecordType, useComments, useDeleteComment } from './api.ts'
import { CommentBox } from './CommentBox.tsx'

export function RecordComments({ type, id }: { type: CommentRecordType; id: string }) {
  const { t } = useTranslation('customer360')
  const format = useFormat()
  const session = useSession()
  const comments = useComments(type, id)
  const remove = useDeleteComment(type, id)
  const list = comments.data?.data ?? []

  const deleteComment = async (commentId: string) => {
    try {
      await remove.mutateAsync(commentId)
      notifications.show({ color: 'teal', message: t('comments.deleted') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <Card data-testid="record-comments">
      <Title order={4} mb="sm">
        {t('comments.title')}
      </Title>
      <CommentBox type={type} id={id} />
      <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />
      <Stack gap="sm" mt="md">
        {!comments.isPending && list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('comments.empty')}
          </Text>
        ) : null}
        {list.map((comment) => (
          <Stack key={comment.id} gap={2} data-testid="record-comment">
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" c="dimmed">
                {comment.authorName ?? '—'} · {format.dateTime(comment.createdAt)}
                {comment.editedAt ? ` ${t('comments.edited')}` : ''}
              </Text>
              {comment.authorId === session.user.id ? (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={t('comments.deleteTitle')}
                  loading={remove.isPending && remove.variables === comment.id}
                  onClick={() => void deleteComment(comment.id)}
                  data-testid="record-comment-delete"
                >
                  <IconTrash size={14} />
                </ActionIcon>
              ) : null}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="record-comment-body">
              {comment.body}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  )
}
