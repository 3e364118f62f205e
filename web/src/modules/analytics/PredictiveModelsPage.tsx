/**
 * 予測モデル: the churn model's quality (AUC and sizes for admins), the latest refresh with its progress
 * and a button to run one now, the cohort retention heatmap and the products bought together.
 */
import { Alert, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type AnalyticsRun, type ChurnModel, useBasketRules, useCohorts, usePredictiveModels, useRefreshModels } from './predictive-api.ts'

const RUN_COLOR: Record<AnalyticsRun['status'], string> = { queued: 'gray', running: 'blue', succeeded: 'teal', failed: 'red' }

export default function PredictiveModelsPage() {
  const { t } = useTranslation('analytics')
  const models = usePredictiveModels()
  const refresh = useRefreshModels()
  const run = models.data?.lastRun ?? null
  const busy = run?.status === 'queued' || run?.status === 'running'
  return (
    <>
      <PageHeader
        title={t('models.title')}
        description={t('models.description')}
        actions={
          <Button leftSection={<IconRefresh size={16} />} loading={refresh.isPending} disabled={busy} onClick={() => refresh.mutate()} data-testid="models-refresh">
            {t('models.refresh')}
          </Button>
        }
      />
      <ErrorAlert error={models.error ?? refresh.error} onRetry={() => void models.refetch()} />
      {models.isPending ? <CenteredLoader /> : null}
      {models.data ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <RunCard run={run} />
            <ChurnCard model={models.data.churn} />
          </SimpleGrid>
          <CohortCard version={run?.finishedAt ?? null} />
          <BasketCard version={run?.finishedAt ?? null} />
        </Stack>
      ) : null}
    </>
  )
}

function RunCard({ run }: { run: AnalyticsRun | null }) {
  const { t } = useTranslation('analytics')
  const format = useFormat()
  return (
    <Card withBorder data-testid="models-run">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{t('models.run.title')}</Title>
        {run ? (
          <Badge color={RUN_COLOR[run.status]} variant="light" data-testid="models-run-status" data-status={run.status}>
            {t(`models.run.status.${run.status}`)}
          </Badge>
        ) : null}
      </Group>
      {run ? (
        <Stack gap={6}>
          <Progress value={run.percent} animated={run.status === 'running'} color={RUN_COLOR[run.status]} data-testid="models-run-progress" />
          <Group justify="space-between">
            <Text size="sm">{t(`models.run.steps.${run.step}`)}</Text>
            <Text size="sm" fw={600} data-testid="models-run-percent">
              {run.percent}%
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {run.finishedAt ? t('models.run.finishedAt', { at: format.dateTime(run.finishedAt) }) : t('models.run.requestedAt', { at: format.dateTime(run.createdAt) })}
          </Text>
          {run.error ? (
            <Alert color="red" variant="light" p="xs">
              {run.error}
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">
            {t('models.run.nightly')}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('models.run.never')}
        </Text>
      )}
    </Card>
  )
}

function Figure({ label, value, help, testId }: { label: string; value: string; help?: string; testId?: string }) {
  const body = (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  )
  return help ? (
    <Tooltip label={help} multiline w={280}>
      {body}
    </Tooltip>
  ) : (
    body
  )
}

function ChurnCard({ model }: { model: ChurnModel | null }) {
  const { t } = useTranslation('analytics')
  const format = useFormat()
  return (
    <Card withBorder data-testid="models-churn">
      <Title order={5} mb="xs">
        {t('models.churn.title')}
      </Title>
      {model ? (
        <Stack gap="sm">
          <SimpleGrid cols={3}>
            {model.auc !== null || model.trainSize !== null ? (
              <>
                <Figure label="AUC" value={model.auc === null ? '—' : model.auc.toFixed(3)} help={t('models.churn.aucHelp')} testId="models-churn-auc" />
                <Figure label={t('models.churn.trainSize')} value={format.number(model.trainSize)} testId="models-churn-train-size" />
                <Figure label={t('models.churn.testSize')} value={format.number(model.testSize)} />
              </>
            ) : null}
            <Figure label={t('models.churn.churnRate')} value={`${Math.round(model.churnRate * 100)}%`} help={t('models.churn.churnRateHelp', { days: model.windowDays })} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('models.churn.trainedAt', { at: format.dateTime(model.trainedAt), cutoff: model.cutoffDate, days: model.windowDays })}
          </Text>
          {model.weights.length > 0 ? (
            <Table withTableBorder fz="sm" data-testid="models-churn-weights">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('models.churn.feature')}</Table.Th>
                  <Table.Th ta="right">{t('models.churn.weight')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...model.weights]
                  .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
                  .map((w) => (
                    <Table.Tr key={w.feature}>
                      <Table.Td>{t(`models.features.${w.feature}`)}</Table.Td>
                      <Table.Td ta="right" c={w.weight > 0 ? 'red' : w.weight < 0 ? 'teal' : undefined}>
                        {w.weight > 0 ? '+' : ''}
                        {w.weight.toFixed(2)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" data-testid="models-churn-empty">
          {t('models.churn.none')}
        </Text>
      )}
    </Card>
  )
}

function CohortCard({ version }: { version: string | null }) {
  const { t } = useTranslation('analytics')
  const cohorts = useCohorts(version)
  const data = cohorts.data
  return (
    <Card withBorder padding={0}>
      <Stack gap={2} p="md">
        <Title order={5}>{t('models.cohorts.title')}</Title>
        <Text size="xs" c="dimmed">
          {t('models.cohorts.help')}
        </Text>
      </Stack>
      <ErrorAlert error={cohorts.error} onRetry={() => void cohorts.refetch()} />
      {cohorts.isPending ? <CenteredLoader /> : null}
      {data && data.rows.length === 0 ? <EmptyState message={t('models.cohorts.empty')} /> : null}
      {data && data.rows.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table withColumnBorders fz="xs" data-testid="models-cohorts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('models.cohorts.cohort')}</Table.Th>
                <Table.Th ta="right">{t('models.cohorts.customers')}</Table.Th>
                {Array.from({ length: data.months }, (_, n) => (
                  <Table.Th key={n} ta="center">
                    {t('models.cohorts.month', { n })}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row) => (
                <Table.Tr key={row.cohortMonth} data-testid="models-cohort-row">
                  <Table.Th>{row.cohortMonth.slice(0, 7)}</Table.Th>
                  <Table.Td ta="right">{row.customers}</Table.Td>
                  {Array.from({ length: data.months }, (_, n) => {
                    const value = row.retention[n]
                    return (
                      <Table.Td key={n} ta="center" style={{ background: value === undefined ? undefined : `rgba(18, 184, 134, ${0.08 + (0.7 * value) / 100})` }}>
                        {value === undefined ? '' : `${value}%`}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  )
}

function BasketCard({ version }: { version: string | null }) {
  const { t } = useTranslation('analytics')
  const format = useFormat()
  const basket = useBasketRules(version)
  const data = basket.data
  return (
    <Card withBorder padding={0}>
      <Stack gap={2} p="md">
        <Title order={5}>{t('models.basket.title')}</Title>
        <Text size="xs" c="dimmed">
          {t('models.basket.help', { orders: format.number(data?.transactions ?? 0), support: Math.round((data?.minSupport ?? 0.01) * 1000) / 10 })}
        </Text>
      </Stack>
      <ErrorAlert error={basket.error} onRetry={() => void basket.refetch()} />
      {basket.isPending ? <CenteredLoader /> : null}
      {data && data.rules.length === 0 ? <EmptyState message={t('models.basket.empty')} /> : null}
      {data && data.rules.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped fz="sm" data-testid="models-basket">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('models.basket.antecedent')}</Table.Th>
                <Table.Th>{t('models.basket.consequent')}</Table.Th>
                <Table.Th ta="right">{t('models.basket.orders')}</Table.Th>
                <Table.Th ta="right">{t('models.basket.support')}</Table.Th>
                <Table.Th ta="right">{t('models.basket.confidence')}</Table.Th>
                <Table.Th ta="right">{t('models.basket.lift')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rules.map((r) => (
                <Table.Tr key={`${r.antecedent.id}-${r.consequent.id}`} data-testid="models-basket-row">
                  <Table.Td>{r.antecedent.name}</Table.Td>
                  <Table.Td>{r.consequent.name}</Table.Td>
                  <Table.Td ta="right">{r.pairCount}</Table.Td>
                  <Table.Td ta="right">{(r.support * 100).toFixed(1)}%</Table.Td>
                  <Table.Td ta="right">{(r.confidence * 100).toFixed(1)}%</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {r.lift.toFixed(2)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  )
}
