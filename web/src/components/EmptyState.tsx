/** A friendly placeholder for an empty list. */
import { Stack, Text, ThemeIcon } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import type { ReactNode } from 'react'

export function EmptyState({ message, action }: { message: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py={48} data-testid="empty-state">
      <ThemeIcon size={48} radius="xl" variant="light" color="gray">
        <IconInbox size={26} />
      </ThemeIcon>
      <Text c="dimmed" size="sm">
        {message}
      </Text>
      {action}
    </Stack>
  )
}
