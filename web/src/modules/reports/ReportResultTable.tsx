/**
 * The report result as a table: group columns, measure (or pivot) columns, subtotal rows in
 * bold after their group and the grand total last. Every number is a button that drills down.
 */
import { Table, Text, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ReportResult, ReportRow } from './api.ts'
import { useGroupLabel } from './labels.ts'
import { useValueFormatter } from './ReportChart.tsx'

export interface DrillTarget {
  path: (string | null)[]
  pivotKey?: string | null
  title: string
}

export function ReportResultTable({ result, onDrill }: { result: ReportResult; onDrill: (target: DrillTarget) => void }) {
  const { t, i18n } = useTranslation('reports')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const label = useGroupLabel()
  const fmt = useValueFormatter('number')
  const rowTitle = (row: ReportRow) =>
    row.level === 0 ? t('grandTotal') : result.groups.slice(0, row.level).map((g, i) => label(g, row.keys[i] ?? null, row.labels[i] ?? null)).join(' / ')
  const measureName = (i: number) => {
    const m = result.measures[i]!
    return m.aggregate === 'count' ? t('count') : `${m.label[lang]}（${t(`aggregates.${m.aggregate}`)}）`
  }
  const cell = (row: ReportRow, rowIndex: number, value: number | null, measure: number, pivotIndex: number | null) => {
    const pivotKey = pivotIndex === null ? undefined : result.pivotColumns[pivotIndex]!.key
    const title = pivotIndex === null ? rowTitle(row) : `${rowTitle(row)} × ${label(result.pivot!, pivotKey ?? null, result.pivotColumns[pivotIndex]!.label)}`
    return (
      <Table.Td key={`${measure}-${pivotIndex}`} ta="right">
        {value === null ? (
          <Text span c="dimmed">
            —
          </Text>
        ) : (
          <UnstyledButton
            onClick={() => onDrill({ path: row.keys.slice(0, row.level), ...(pivotIndex === null ? {} : { pivotKey }), title })}
            data-testid={`report-cell-${rowIndex}-${pivotIndex ?? 't'}-${measure}`}
            title={t('drillHint')}
            style={{ textDecoration: 'underline dotted', fontWeight: 'inherit' }}
          >
            {fmt(value)}
          </UnstyledButton>
        )}
      </Table.Td>
    )
  }
  return (
    <Table.ScrollContainer minWidth={Math.max(480, result.groups.length * 140 + (result.pivotColumns.length + 1) * result.measures.length * 120)}>
      <Table striped highlightOnHover withTableBorder style={{ whiteSpace: 'nowrap' }} data-testid="report-result">
        <Table.Thead>
          <Table.Tr>
            {result.groups.map((g) => (
              <Table.Th key={`${g.field}-${g.bucket}`}>
                {g.label[lang]}
                {g.bucket ? `（${t(`buckets.${g.bucket}`)}）` : ''}
              </Table.Th>
            ))}
            {result.pivot
              ? result.pivotColumns.flatMap((c, ci) =>
                  result.measures.map((_, mi) => (
                    <Table.Th key={`${ci}-${mi}`} ta="right">
                      {label(result.pivot!, c.key, c.label)}
                      {result.measures.length > 1 ? ` ${measureName(mi)}` : ''}
                    </Table.Th>
                  )),
                )
              : null}
            {result.measures.map((_, mi) => (
              <Table.Th key={mi} ta="right">
                {result.pivot ? `${t('total')}${result.measures.length > 1 ? ` ${measureName(mi)}` : ''}` : measureName(mi)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.rows.map((row, ri) => (
            <Table.Tr
              key={ri}
              data-testid={row.level === 0 ? 'report-grand-total' : row.level < result.groups.length ? 'report-subtotal' : 'report-row'}
              fw={row.level < result.groups.length ? 700 : undefined}
              bg={row.level === 0 ? 'var(--mantine-color-gray-1)' : row.level < result.groups.length ? 'var(--mantine-color-gray-0)' : undefined}
            >
              {result.groups.map((g, gi) => (
                <Table.Td key={gi}>
                  {gi < row.level ? label(g, row.keys[gi] ?? null, row.labels[gi] ?? null) : gi === row.level ? (row.level === 0 ? t('grandTotal') : t('subtotal')) : ''}
                </Table.Td>
              ))}
              {result.pivot ? (row.cells ?? []).flatMap((values, pi) => values.map((v, mi) => cell(row, ri, v, mi, pi))) : null}
              {row.values.map((v, mi) => cell(row, ri, v, mi, null))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {result.truncated ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('truncated')}
        </Text>
      ) : null}
    </Table.ScrollContainer>
  )
}
