/** The frame of the public event pages: brand, language switch and a wider card than sign-in's. */
import { Box, Center, Group, Paper, Stack } from '@mantine/core'
import type { ReactNode } from 'react'
import { Brand } from '../../components/Brand.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'

export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <Box mih="100dvh" style={{ background: 'linear-gradient(160deg, #eef0fc 0%, #f6f7fb 45%, #ffffff 100%)' }}>
      <Group justify="space-between" px={{ base: 'md', sm: 'xl' }} py="md">
        <Brand />
        <LanguageSwitch />
      </Group>
      <Center px="md" pb={64} pt={{ base: 8, sm: 24 }}>
        <Stack w="100%" maw={640} gap="lg">
          <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 32 }} radius="lg">
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  )
}
