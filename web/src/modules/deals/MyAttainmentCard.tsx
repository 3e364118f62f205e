/** Home page card: my quota attainment, won and weighted pipeline for this quarter. */
import { Card, Group, Progress, SimpleGrid, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api } from '../../api/client.ts'
import { can, useSession } from '../../auth/session.tsx'
import { formatMoney } from './api.ts'
import { periodRange } from './ForecastPage.tsx'

interface Row {
  id: string | null
  quota: number | null
  won: number
  weighted: number
  commit: number
  attainment: number | null
}

export function MyAttainmentCard() {
  const { t, i18n } = useTranslation('deals')
  const session = useSession()
  const allowed = can(session, 'deals', 'read')
  const range = periodRange('thisQuarter')
  const forecast = useQuery({
    queryKey: ['forecast', range.from, range.to, 'owner'],
    queryFn: () => api.get<{ rows: Row[] }>('/api/v1/forecast', { ...range, groupBy: 'owner' }),
    enabled: allowed,
  })
  if (!allowed || !forecast.data) return null
  const mine = forecast.data.rows.find((r) => r.id === session.user.id) ?? { quota: null, won: 0, weighted: 0, commit: 0, attainment: null }
  const money = (v: number | null) => (v === null ? '—' : formatMoney(v, 'JPY', i18n.language))
  return (
    <Card padding="lg" mb="xl" withBorder component={Link} to="/forecast" style={{ textDecoration: 'none' }} data-testid="home-attainment">
      <Group justify="space-between" mb="sm">
        <Title order={5}>{t('home.title')}</Title>
        <Text size="xs" c="dimmed">
          {range.from} 〜 {range.to}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <div>
          <Text size="xs" c="dimmed">
            {t('forecast.quota')}
          </Text>
          <Text fw={600}>{money(mine.quota)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('forecast.won')}
          </Text>
          <Text fw={600}>{money(mine.won)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('forecast.commit')}
          </Text>
          <Text fw={600}>{money(mine.commit)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('forecast.weighted')}
          </Text>
          <Text fw={600}>{money(mine.weighted)}</Text>
        </div>
      </SimpleGrid>
      {mine.attainment !== null ? (
        <Group mt="md" gap="sm" wrap="nowrap">
          <Progress value={Math.min(100, mine.attainment * 100)} color={mine.attainment >= 1 ? 'teal' : 'blue'} style={{ flex: 1 }} size="lg" />
          <Text fw={700} data-testid="home-attainment-percent">
            {Math.round(mine.attainment * 100)}%
          </Text>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" mt="sm">
          {t('home.noQuota')}
        </Text>
      )}
    </Card>
  )
}
