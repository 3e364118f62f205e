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

/** Column names of the measures ("金額 (sum)") and of the groups ("作成日 (month)"). */
export function measureNames(result: ReportResult, locale: 'ja' | 'en'): string[] {
  return result.measures.map((m) => m.label[locale] + (m.aggregate === 'count' ? '' : ` (${m.aggregate})`))
}
export function groupNames(result: ReportResult, locale: 'ja' | 'en'): string[] {
  return result.groups.map((g) => g.label[locale] + (g.bucket ? ` (${g.bucket})` : ''))
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
