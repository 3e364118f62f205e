/**
 * 売上予測: per rep or team for a period — quota, won, attainment, commit, best case and
 * weighted pipeline. Admins and managers set quotas in place. Periods follow the Japanese
 * fiscal year (April to March) by default.
 */
import { Badge, Card, Group, NumberInput, Progress, SegmentedControl, Select, Table, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client.ts'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatMoney } from './api.ts'

interface Figures {
  quota: number | null
  won: number
  wonCount: number
  commit: number
  bestCase: number
  pipeline: number
  weighted: number
  openCount: number
  attainment: number | null
}
interface ForecastRow extends Figures {
  id: string | null
  name: string | null
}
interface Forecast {
  from: string
  to: string
  currency: string
  groupBy: 'owner' | 'team' | 'territory'
  commitProbability: number
  rows: ForecastRow[]
  totals: Figures
}

type PeriodKey = 'thisQuarter' | 'nextQuarter' | 'thisMonth' | 'nextMonth' | 'fiscalYear'

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

/** Calendar quarters and months; the fiscal year runs April to March (日本の会計年度). */
export function periodRange(key: PeriodKey, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear()
  const m = today.getMonth()
  const span = (startYear: number, startMonth: number, months: number) => ({
    from: day(new Date(startYear, startMonth, 1)),
    to: day(new Date(startYear, startMonth + months, 0)),
  })
  switch (key) {
    case 'thisMonth':
      return span(y, m, 1)
    case 'nextMonth':
      return span(y, m + 1, 1)
    case 'thisQuarter':
      return span(y, m - (m % 3), 3)
    case 'nextQuarter':
      return span(y, m - (m % 3) + 3, 3)
    case 'fiscalYear':
      return span(m >= 3 ? y : y - 1, 3, 12)
  }
}

export default function ForecastPage() {
  const { t, i18n } = useTranslation('deals')
  const [period, setPeriod] = useState<PeriodKey>('thisQuarter')
  const [groupBy, setGroupBy] = useState<'owner' | 'team' | 'territory'>('owner')
  const canSetQuota = useCan('quotas', 'update')
  const range = periodRange(period)
  const client = useQueryClient()
  const forecast = useQuery({
    queryKey: ['forecast', range.from, range.to, groupBy],
    queryFn: () => api.get<Forecast>('/api/v1/forecast', { ...range, groupBy }),
  })
  const saveQuota = useMutation({
    mutationFn: (input: { id: string; amount: number }) =>
      api.put('/api/v1/quotas', { [groupBy === 'owner' ? 'userId' : 'teamId']: input.id, periodStart: range.from, periodEnd: range.to, amount: input.amount }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['forecast'] }),
  })
  const money = (value: number | null) => (value === null ? '—' : formatMoney(value, 'JPY', i18n.language))
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`)

  return (
    <>
      <PageHeader title={t('forecast.title')} description={t('forecast.description', { probability: forecast.data?.commitProbability ?? 70 })} />
      <Group mb="md" gap="sm" wrap="wrap">
        <Select
          w={{ base: '100%', xs: 220 }}
          aria-label={t('forecast.period')}
          value={period}
          allowDeselect={false}
          onChange={(value) => value && setPeriod(value as PeriodKey)}
          data={(['thisQuarter', 'nextQuarter', 'thisMonth', 'nextMonth', 'fiscalYear'] as const).map((key) => ({ value: key, label: t(`forecast.periods.${key}`) }))}
          data-testid="forecast-period"
        />
        <SegmentedControl
          value={groupBy}
          onChange={(value) => setGroupBy(value as 'owner' | 'team' | 'territory')}
          data={[
            { value: 'owner', label: t('forecast.byOwner') },
            { value: 'team', label: t('forecast.byTeam') },
            { value: 'territory', label: t('forecast.byTerritory') },
          ]}
          data-testid="forecast-group"
        />
        <Text size="sm" c="dimmed">
          {range.from} 〜 {range.to}
        </Text>
      </Group>
      <ErrorAlert error={forecast.error ?? saveQuota.error} onRetry={() => void forecast.refetch()} />
      {forecast.isPending ? <CenteredLoader /> : null}
      {forecast.data ? (
        <Card padding={0}>
          {forecast.data.rows.length === 0 ? (
            <EmptyState message={t('forecast.empty')} />
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table striped highlightOnHover data-testid="forecast-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{groupBy === 'owner' ? t('fields.ownerId') : groupBy === 'team' ? t('forecast.team') : t('forecast.territory')}</Table.Th>
                    <Table.Th ta="right">{t('forecast.quota')}</Table.Th>
                    <Table.Th ta="right">{t('forecast.won')}</Table.Th>
                    <Table.Th>{t('forecast.attainment')}</Table.Th>
                    <Table.Th ta="right">{t('forecast.commit')}</Table.Th>
                    <Table.Th ta="right">{t('forecast.bestCase')}</Table.Th>
                    <Table.Th ta="right">{t('forecast.weighted')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {forecast.data.rows.map((row) => (
                    <Table.Tr key={row.id ?? 'none'} data-testid="forecast-row">
                      <Table.Td>{row.name ?? t('forecast.unassigned')}</Table.Td>
                      <Table.Td ta="right">
                        {canSetQuota && row.id && groupBy !== 'territory' ? (
                          <NumberInput
                            size="xs"
                            w={150}
                            ml="auto"
                            min={0}
                            thousandSeparator=","
                            prefix="¥"
                            defaultValue={row.quota ?? ''}
                            aria-label={t('forecast.quota')}
                            onBlur={(event) => {
                              const amount = Number(event.currentTarget.value.replace(/[^0-9.]/g, ''))
                              if (event.currentTarget.value !== '' && amount !== row.quota) saveQuota.mutate({ id: row.id!, amount })
                            }}
                            data-testid="forecast-quota-input"
                          />
                        ) : (
                          money(row.quota)
                        )}
                      </Table.Td>
                      <Table.Td ta="right" data-testid="forecast-won">
                        {money(row.won)}
                        <Text size="xs" c="dimmed">
                          {t('forecast.deals', { count: row.wonCount })}
                        </Text>
                      </Table.Td>
                      <Table.Td miw={140}>
                        {row.attainment === null ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Group gap="xs" wrap="nowrap">
                            <Progress value={Math.min(100, row.attainment * 100)} color={row.attainment >= 1 ? 'teal' : 'blue'} w={80} />
                            <Badge variant="light" color={row.attainment >= 1 ? 'teal' : 'blue'} data-testid="forecast-attainment">
                              {percent(row.attainment)}
                            </Badge>
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{money(row.commit)}</Table.Td>
                      <Table.Td ta="right">{money(row.bestCase)}</Table.Td>
                      <Table.Td ta="right">
                        {money(row.weighted)}
                        <Text size="xs" c="dimmed">
                          {t('forecast.deals', { count: row.openCount })}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Td>{t('forecast.total')}</Table.Td>
                    <Table.Td ta="right">{money(forecast.data.totals.quota)}</Table.Td>
                    <Table.Td ta="right">{money(forecast.data.totals.won)}</Table.Td>
                    <Table.Td>{percent(forecast.data.totals.attainment)}</Table.Td>
                    <Table.Td ta="right">{money(forecast.data.totals.commit)}</Table.Td>
                    <Table.Td ta="right">{money(forecast.data.totals.bestCase)}</Table.Td>
                    <Table.Td ta="right">{money(forecast.data.totals.weighted)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      ) : null}
    </>
  )
}
