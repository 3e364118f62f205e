/** One labelled value on a record's detail page (label above, value below; long values wrap). */
import { Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

export function DetailField({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </Stack>
  )
}
