/**
 * A comment box with @mention autocomplete: typing "@" plus part of a name lists colleagues;
 * choosing one writes "@Name " into the text and remembers whom to notify. A mention removed
 * from the text is not sent.
 */
import { Badge, Button, Group, Paper, Stack, Text, Textarea, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconAt, IconSend } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../../components/errors.ts'
import { type CommentRecordType, useMentionCandidates, usePostComment } from './api.ts'

/** The "@query" right before the caret, if the caret sits in one. */
function mentionQueryAt(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret))
  return match ? (match[1] ?? '') : null
}

export function CommentBox({ type, id }: { type: CommentRecordType; id: string }) {
  const { t } = useTranslation('customer360')
  const [body, setBody] = useState('')
  const [caret, setCaret] = useState(0)
  const [mentioned, setMentioned] = useState<{ id: string; name: string }[]>([])
  const input = useRef<HTMLTextAreaElement>(null)
  const query = mentionQueryAt(body, caret)
  const [debounced] = useDebouncedValue(query ?? '', 200)
  const candidates = useMentionCandidates(debounced, query !== null)
  const post = usePostComment(type, id)

  const choose = (user: { id: string; name: string }) => {
    const before = body.slice(0, caret).replace(/@([^\s@]*)$/, `@${user.name} `)
    const next = before + body.slice(caret)
    setBody(next)
    setCaret(before.length)
    if (!mentioned.some((m) => m.id === user.id)) setMentioned([...mentioned, user])
    requestAnimationFrame(() => {
      input.current?.focus()
      input.current?.setSelectionRange(before.length, before.length)
    })
  }
  const stillMentioned = mentioned.filter((m) => body.includes(`@${m.name}`))
  const submit = async () => {
    if (!body.trim()) return
    try {
      await post.mutateAsync({ body: body.trim(), mentionUserIds: stillMentioned.map((m) => m.id) })
      setBody('')
      setMentioned([])
      notifications.show({ color: 'teal', message: t('comments.posted') })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  const options = candidates.data?.data ?? []

  return (
    <Stack gap={6}>
      <Textarea
        ref={input}
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value)
          setCaret(e.currentTarget.selectionStart)
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit()
        }}
        placeholder={t('comments.placeholder')}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={10_000}
        aria-label={t('comments.placeholder')}
        data-testid="comment-input"
      />
      {query !== null ? (
        <Paper withBorder shadow="sm" p={4} data-testid="mention-options">
          {options.length === 0 && !candidates.isPending ? (
            <Text size="sm" c="dimmed" p={6}>
              {t('comments.noMatch')}
            </Text>
          ) : null}
          {options.map((user) => (
            <UnstyledButton
              key={user.id}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(user)}
              p={6}
              w="100%"
              style={{ borderRadius: 4 }}
              data-testid="mention-option"
              data-user-id={user.id}
            >
              <Group gap={8} wrap="nowrap">
                <IconAt size={14} />
                <Text size="sm">{user.name}</Text>
                <Text size="xs" c="dimmed" truncate>
                  {user.email}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      ) : null}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap={4}>
          {stillMentioned.length > 0 ? (
            <>
              <Text size="xs" c="dimmed">
                {t('comments.mentioning')}:
              </Text>
              {stillMentioned.map((m) => (
                <Badge key={m.id} variant="light" size="sm" data-testid="mention-chip">
                  @{m.name}
                </Badge>
              ))}
            </>
          ) : null}
        </Group>
        <Button size="xs" leftSection={<IconSend size={14} />} onClick={() => void submit()} loading={post.isPending} disabled={!body.trim()} data-testid="comment-submit">
          {t('comments.post')}
        </Button>
      </Group>
    </Stack>
  )
}
