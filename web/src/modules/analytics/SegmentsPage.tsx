/**
 * 顧客分析: customers by RFM segment (優良顧客, リピーター …), the recency × frequency grid,
 * the customers of a segment, thresholds for admins and a "recompute now" button.
 */
import { Anchor, Badge, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { SEGMENT_COLOR, SEGMENT_ORDER, type Segment, useCustomerScores, useRefreshRfm, useRfmSummary, useSaveRfmSettings } from './api.ts'

export default function SegmentsPage() {
  const { t } = useTranslation('analytics')
  const format = useFormat()
  const summary = useRfmSummary()
  const refresh = useRefreshRfm()
  const [segment, setSegment] = useState<Segment | null>(null)
  const customers = useCustomerScores(segment)
  const canEdit = useCan('analyticsSettings', 'update')
  const rows = customers.data?.pages.flatMap((p) => p.data) ?? []

  return (
    <>
      <PageHeader
        title={t('title')}
        description={summary.data?.computedAt ? t('computedAt', { at: format.dateTime(summary.data.computedAt) }) : t('neverComputed')}
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={refresh.isPending} onClick={() => refresh.mutate()} data-testid="rfm-refresh">
            {t('refresh')}
          </Button>
        }
      />
      <ErrorAlert error={summary.error ?? refresh.error} onRetry={() => void summary.refetch()} />
      {refresh.isSuccess ? (
        <Text size="sm" c="dimmed" mb="sm" data-testid="rfm-refresh-queued">
          {t('refreshQueued')}
        </Text>
      ) : null}
      {summary.isPending ? <CenteredLoader /> : null}
      {summary.data ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} data-testid="rfm-segments">
            {SEGMENT_ORDER.map((key) => {
              const s = summary.data.segments.find((x) => x.segment === key)!
              return (
                <UnstyledButton key={key} onClick={() => setSegment(segment === key ? null : key)} data-testid={`rfm-segment-${key}`}>
                  <Card withBorder padding="md" style={{ borderColor: segment === key ? `var(--mantine-color-${SEGMENT_COLOR[key]}-5)` : undefined }}>
                    <Badge color={SEGMENT_COLOR[key]} variant="light" mb={6}>
                      {t(`segments.${key}`)}
                    </Badge>
                    <Text fw={700} size="xl">
                      {format.number(s.customers)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {format.yen(s.monetary)}
                    </Text>
                  </Card>
                </UnstyledButton>
              )
            })}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t('grid')}
              </Title>
              <RfGrid grid={summary.data.grid} />
            </Card>
            {canEdit ? <SettingsCard settings={summary.data.settings} /> : null}
          </SimpleGrid>
          <Card padding={0} withBorder>
            <Group p="md" justify="space-between">
              <Title order={5}>{segment ? t(`segments.${segment}`) : t('allCustomers')}</Title>
              {segment ? (
                <Button size="xs" variant="subtle" onClick={() => setSegment(null)}>
                  {t('showAll')}
                </Button>
              ) : null}
            </Group>
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="rfm-customers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('columns.account')}</Table.Th>
                    <Table.Th>{t('columns.segment')}</Table.Th>
                    <Table.Th ta="right">{t('columns.purchases')}</Table.Th>
                    <Table.Th ta="right">{t('columns.monetary')}</Table.Th>
                    <Table.Th>{t('columns.lastPurchase')}</Table.Th>
                    <Table.Th>RFM</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((c) => (
                    <Table.Tr key={c.accountId} data-testid="rfm-customer-row">
                      <Table.Td>
                        <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
                          {c.accountName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={SEGMENT_COLOR[c.segment]} variant="light">
                          {t(`segments.${c.segment}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{c.purchases}</Table.Td>
                      <Table.Td ta="right">{format.yen(c.monetary)}</Table.Td>
                      <Table.Td>{c.lastPurchaseOn ?? '—'}</Table.Td>
                      <Table.Td>{c.r === null ? '—' : `${c.r}-${c.f}-${c.m}`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {customers.hasNextPage ? (
              <Group justify="center" p="sm">
                <Button variant="subtle" loading={customers.isFetchingNextPage} onClick={() => void customers.fetchNextPage()}>
                  {t('common:actions.loadMore')}
                </Button>
              </Group>
            ) : null}
          </Card>
        </Stack>
      ) : null}
    </>
  )
}

/** Recency (rows, 5 = most recent) × frequency (columns): customers in each cell. */
function RfGrid({ grid }: { grid: { r: number; f: number; customers: number }[] }) {
  const { t } = useTranslation('analytics')
  const max = Math.max(1, ...grid.map((g) => g.customers))
  return (
    <Table withTableBorder withColumnBorders data-testid="rfm-grid">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('rByF')}</Table.Th>
          {[1, 2, 3, 4, 5].map((f) => (
            <Table.Th key={f} ta="center">
              F{f}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[5, 4, 3, 2, 1].map((r) => (
          <Table.Tr key={r}>
            <Table.Th>R{r}</Table.Th>
            {[1, 2, 3, 4, 5].map((f) => {
              const n = grid.find((g) => g.r === r && g.f === f)?.customers ?? 0
              return (
                <Table.Td key={f} ta="center" style={{ background: n ? `rgba(34, 139, 230, ${0.1 + (0.6 * n) / max})` : undefined }}>
                  {n || ''}
                </Table.Td>
              )
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function SettingsCard({ settings }: { settings: { loyalMinPurchases: number; loyalMinTenureDays: number; dormantAfterDays: number } }) {
  const { t } = useTranslation('analytics')
  const save = useSaveRfmSettings()
  const [values, setValues] = useState(settings)
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        {t('settings.title')}
      </Title>
      <ErrorAlert error={save.error} />
      <Stack gap="xs">
        <NumberInput label={t('settings.loyalMinPurchases')} min={2} value={values.loyalMinPurchases} onChange={(v) => setValues({ ...values, loyalMinPurchases: Number(v) })} />
        <NumberInput label={t('settings.loyalMinTenureDays')} min={0} value={values.loyalMinTenureDays} onChange={(v) => setValues({ ...values, loyalMinTenureDays: Number(v) })} />
        <NumberInput label={t('settings.dormantAfterDays')} min={1} value={values.dormantAfterDays} onChange={(v) => setValues({ ...values, dormantAfterDays: Number(v) })} />
        <Group justify="flex-end">
          <Button size="xs" loading={save.isPending} onClick={() => save.mutate(values)} data-testid="rfm-settings-save">
            {t('common:actions.save')}
          </Button>
        </Group>
        {save.isSuccess ? (
          <Text size="xs" c="dimmed">
            {t('refreshQueued')}
          </Text>
        ) : null}
      </Stack>
    </Card>
  )
}
