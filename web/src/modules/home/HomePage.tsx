/** Welcome + shortcut cards (each module's `shortcuts`, filtered by the role's rights). */
import { Card, Group, SimpleGrid, Text, ThemeIcon, Title } from '@mantine/core'
import { IconChevronRight } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { can, useSession } from '../../auth/session.tsx'
import { useFormat } from '../../i18n/format.ts'
import { MyAttainmentCard } from '../deals/MyAttainmentCard.tsx'
import { modules } from '../registry.ts'

function hourIn(timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(new Date())
  return Number(hour)
}

export default function HomePage() {
  const { t } = useTranslation('home')
  const session = useSession()
  const format = useFormat()
  const hour = hourIn(format.timeZone)
  const greeting = hour < 11 ? 'morning' : hour < 18 ? 'day' : 'evening'
  const shortcuts = modules
    .flatMap((m) => m.shortcuts ?? [])
    .filter((s) => !s.permission || can(session, s.permission.object, s.permission.action ?? 'read'))

  return (
    <>
      <Card withBorder={false} p={{ base: 'lg', sm: 'xl' }} mb="xl" radius="lg" style={{ background: 'linear-gradient(120deg, #4c5fd5 0%, #6a7ee1 100%)' }}>
        <Title order={2} c="white" fz={{ base: 20, sm: 26 }} data-testid="home-greeting">
          {t(`greeting.${greeting}`, { name: session.user.name })}
        </Title>
        <Text c="white" opacity={0.9} mt={6} size="sm">
          {t('intro', { tenant: session.tenant.name })}
        </Text>
        <Text c="white" opacity={0.75} mt={4} size="xs">
          {t('today', { date: format.date(new Date().toISOString()) })}
        </Text>
      </Card>
      <MyAttainmentCard />
      <Title order={4} mb="sm">
        {t('shortcuts')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
        {shortcuts.map((s) => (
          <Card key={s.path} component={Link} to={s.path} padding="lg" shadow="xs" data-testid={s.testId} style={{ textDecoration: 'none' }}>
            <Group wrap="nowrap" align="flex-start">
              <ThemeIcon size={40} radius="md" variant="light">
                <s.icon size={22} />
              </ThemeIcon>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600}>{t(s.label)}</Text>
                <Text size="sm" c="dimmed">
                  {t(s.description)}
                </Text>
              </div>
              <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </>
  )
}
