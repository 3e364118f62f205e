/** The frame around public pages: brand, a centered card, and the language switch. */
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Brand } from '../../components/Brand.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'

export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <Box mih="100dvh" style={{ background: 'linear-gradient(160deg, #eef0fc 0%, #f6f7fb 45%, #ffffff 100%)' }}>
      <Group justify="space-between" px={{ base: 'md', sm: 'xl' }} py="md">
        <Brand />
        <LanguageSwitch />
      </Group>
      <Center px="md" pb={64} pt={{ base: 8, sm: 40 }}>
        <Stack w="100%" maw={420} gap="lg">
          <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 32 }} radius="lg">
            <Stack gap={4} mb="lg">
              <Title order={2} fz={24}>
                {title}
              </Title>
              {subtitle ? (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Paper>
          <Text c="dimmed" size="xs" ta="center">
            {t('tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  )
}
