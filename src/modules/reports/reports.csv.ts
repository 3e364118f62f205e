/** CSV of a report result: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF lines, subtotals labelled. */
import type { ReportResult } from './reports.schema.ts'

/** The words of subtotal, total and empty group rows, shared by the CSV, the PDF and the mails. */
export const REPORT_WORDS = {
  ja: { subtotal: '小計', total: '総計', none: '（なし）' },
  en: { subtotal: 'Subtotal', total: 'Total', none: '(none)' },
}

function cell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  // A text cell starting like a formula would run in a spreadsheet: prefix a quote mark.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const AGGREGATE_NAMES = {
  ja: { count: '件数', sum: '合計', avg: '平均', min: '最小', max: '最大', countDistinct: '異なる値の数' },
  en: { count: 'count', sum: 'sum', avg: 'average', min: 'min', max: 'max', countDistinct: 'distinct' },
} as const
const BUCKET_NAMES = {
  ja: { day: '日別', week: '週別', month: '月別', quarter: '四半期別', year: '年別' },
  en: { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' },
} as const

/** Column names of the measures ("金額（合計）", "Amount (sum)") and of the groups ("作成日（月別）"). */
export function measureNames(result: ReportResult, locale: 'ja' | 'en'): string[] {
  return result.measures.map((m) => (m.aggregate === 'count' ? m.label[locale] : qualified(m.label[locale], AGGREGATE_NAMES[locale][m.aggregate], locale)))
}
export function groupNames(result: ReportResult, locale: 'ja' | 'en'): string[] {
  return result.groups.map((g) => (g.bucket ? qualified(g.label[locale], BUCKET_NAMES[locale][g.bucket], locale) : g.label[locale]))
}

function qualified(name: string, qualifier: string, locale: 'ja' | 'en'): string {
  return locale === 'ja' ? `${name}（${qualifier}）` : `${name} (${qualifier})`
}

export function reportToCsv(result: ReportResult, locale: 'ja' | 'en' = 'ja'): string {
  const words = REPORT_WORDS[locale]
  const measures = measureNames(result, locale)
  const header = groupNames(result, locale)
  if (result.pivot) {
    for (const column of result.pivotColumns) for (const name of measures) header.push(`${column.label ?? words.none} ${name}`)
    for (const name of measures) header.push(`${words.total} ${name}`)
  } else header.push(...measures)
  const lines = [header.map(cell).join(',')]
  for (const row of result.rows) {
    const labels = result.groups.map((_, i) => {
      if (i < row.level) return row.labels[i] ?? words.none
      if (i === row.level) return row.level === 0 ? words.total : words.subtotal
      return null
    })
    const values = result.pivot ? [...(row.cells ?? []).flat(), ...row.values] : row.values
    lines.push([...labels, ...values].map(cell).join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
