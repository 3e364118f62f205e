/**
 * One report result drawn as a KPI tile, bar, line, pie, funnel, leaderboard or plain table.
 * Charts use the first group level's rows; the dashboards and the builder share this.
 */
import { BarChart, FunnelChart, LineChart, PieChart } from '@mantine/charts'
import { ColorSwatch, Group, Progress, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useFormat } from '../../i18n/format.ts'
import type { ReportResult } from './api.ts'
import { useGroupLabel } from './labels.ts'

const COLORS = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6', 'indigo.6', 'yellow.6', 'red.6']
export type ValueFormat = 'number' | 'money' | 'percent' | 'days'

export function useValueFormatter(format: ValueFormat | undefined) {
  const f = useFormat()
  const { t } = useTranslation('reports')
  return (value: number | null | undefined): string => {
    if (value === null || value === undefined) return '—'
    if (format === 'money') return f.yen(value)
    if (format === 'percent') return `${(value * 100).toFixed(1)}%`
    if (format === 'days') return t('days', { count: Math.round(value * 10) / 10 })
    return f.number(Math.round(value * 100) / 100)
  }
}

export function ReportChart({ result, type, measure = 0, format, height = 260 }: { result: ReportResult; type: string; measure?: number; format?: ValueFormat; height?: number }) {
  const { t, i18n } = useTranslation('reports')
  const f = useFormat()
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const label = useGroupLabel()
  const fmt = useValueFormatter(format)
  const total = result.rows.find((r) => r.level === 0)
  const points = result.rows
    .filter((r) => r.level === 1)
    .map((r, i) => ({ name: label(result.groups[0]!, r.keys[0] ?? null, r.labels[0] ?? null), value: r.values[measure] ?? 0, color: COLORS[i % COLORS.length]! }))

  if (type === 'kpi' || result.groups.length === 0) {
    return (
      <Stack gap={2} data-testid="widget-kpi">
        <Text fz={{ base: 22, lg: 26 }} fw={700} lh={1.2} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={fmt(total?.values[measure])} data-testid="widget-kpi-value">
          {fmt(total?.values[measure])}
        </Text>
        {result.measures.length > 1 && measure === 0 ? (
          <Text size="xs" c="dimmed">
            {result.measures[1]!.label[lang]}: {f.number(total?.values[1] ?? 0)}
          </Text>
        ) : null}
      </Stack>
    )
  }
  if (points.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="lg" ta="center">
        {t('noData')}
      </Text>
    )
  }
  const series = [{ name: 'value', label: t('value'), color: 'blue.6' }]
  switch (type) {
    case 'bar':
      return <BarChart h={height} data={points} dataKey="name" series={series} valueFormatter={(v) => fmt(v)} tickLine="y" yAxisProps={{ width: 96 }} />
    case 'line':
      return <LineChart h={height} data={points} dataKey="name" series={series} valueFormatter={(v) => fmt(v)} curveType="monotone" tickLine="y" yAxisProps={{ width: 96 }} />
    case 'pie':
      return (
        <Group justify="center" wrap="nowrap" gap="lg">
          <PieChart data={points} withTooltip withLabelsLine labelsPosition="outside" labelsType="percent" withLabels size={height - 90} valueFormatter={(v) => fmt(v)} />
          <Legend points={points} fmt={fmt} />
        </Group>
      )
    case 'funnel':
      return (
        <Group justify="center" wrap="nowrap" gap="lg">
          <FunnelChart data={points} withTooltip size={height - 40} valueFormatter={(v) => fmt(v)} />
          <Legend points={points} fmt={fmt} />
        </Group>
      )
    case 'leaderboard': {
      const sorted = [...points].sort((a, b) => b.value - a.value).slice(0, 10)
      const max = Math.max(...sorted.map((p) => p.value), 1)
      return (
        <Stack gap="xs" data-testid="widget-leaderboard">
          {sorted.map((p, i) => (
            <div key={`${p.name}-${i}`}>
              <Group justify="space-between" gap="xs">
                <Text size="sm" truncate>
                  {i + 1}. {p.name}
                </Text>
                <Text size="sm" fw={600}>
                  {fmt(p.value)}
                </Text>
              </Group>
              <Progress value={(p.value / max) * 100} size="sm" color={i === 0 ? 'yellow.6' : 'blue.5'} />
            </div>
          ))}
        </Stack>
      )
    }
    default:
      return <CompactTable result={result} fmt={fmt} />
  }
}

function Legend({ points, fmt }: { points: { name: string; value: number; color: string }[]; fmt: (v: number) => string }) {
  return (
    <Stack gap={6} style={{ minWidth: 0 }}>
      {points.map((p, i) => (
        <Group key={`${p.name}-${i}`} gap={8} wrap="nowrap">
          <ColorSwatch color={`var(--mantine-color-${p.color.replace('.', '-')})`} size={10} />
          <Text size="xs" truncate>
            {p.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {fmt(p.value)}
          </Text>
        </Group>
      ))}
    </Stack>
  )
}

/** A small table of the result (dashboards' table widget): pivot columns when the report has them. */
function CompactTable({ result, fmt }: { result: ReportResult; fmt: (v: number | null | undefined) => string }) {
  const { t, i18n } = useTranslation('reports')
  const label = useGroupLabel()
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const detail = result.rows.filter((r) => r.level === result.groups.length || r.level === 0)
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table fz="sm" striped data-testid="widget-table">
        <Table.Thead>
          <Table.Tr>
            {result.groups.map((g) => (
              <Table.Th key={g.field}>{g.label[lang]}</Table.Th>
            ))}
            {result.pivot
              ? result.pivotColumns.map((c) => (
                  <Table.Th key={c.key ?? 'none'} ta="right">
                    {label(result.pivot!, c.key, c.label)}
                  </Table.Th>
                ))
              : null}
            <Table.Th ta="right">{result.pivot ? t('total') : result.measures[0]!.label[lang]}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.map((r, i) => (
            <Table.Tr key={i} fw={r.level === 0 ? 700 : undefined}>
              {result.groups.map((g, gi) => (
                <Table.Td key={g.field}>{r.level === 0 ? (gi === 0 ? t('total') : '') : label(g, r.keys[gi] ?? null, r.labels[gi] ?? null)}</Table.Td>
              ))}
              {result.pivot
                ? (r.cells ?? []).map((c, ci) => (
                    <Table.Td key={ci} ta="right">
                      {fmt(c[0])}
                    </Table.Td>
                  ))
                : null}
              <Table.Td ta="right">{fmt(r.values[0])}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
