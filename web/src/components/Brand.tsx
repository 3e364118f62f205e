/** The Daifuku wordmark: a round mochi mark and the name. */
import { Group, Text } from '@mantine/core'

export function Brand({ compact = false, hideTextOnPhone = false }: { compact?: boolean; hideTextOnPhone?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap" data-testid="brand">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4c5fd5" />
        <ellipse cx="16" cy="18.5" rx="11" ry="8.5" fill="#fff" />
        <ellipse cx="16" cy="15.5" rx="8.5" ry="4" fill="#f3f0ff" opacity=".9" />
        <circle cx="12.5" cy="18" r="1.1" fill="#862e9c" opacity=".35" />
        <circle cx="19.5" cy="19.5" r="1.1" fill="#862e9c" opacity=".35" />
      </svg>
      {compact ? null : (
        <Text fw={800} fz={19} c="dark.7" style={{ letterSpacing: '0.01em' }} visibleFrom={hideTextOnPhone ? 'xs' : undefined}>
          Daifuku
        </Text>
      )}
    </Group>
  )
}
