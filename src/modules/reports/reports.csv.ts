/** CSV of a report result: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF lines, subtotals labelled. */
import type { ReportResult } from './reports.schema.ts'

const WORDS = {
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

export function reportToCsv(result: ReportResult, locale: 'ja' | 'en' = 'ja'): string {
  const words = WORDS[locale]
  const measureNames = result.measures.map((m) => m.label[locale] + (m.aggregate === 'count' ? '' : ` (${m.aggregate})`))
  const header = [...result.groups.map((g) => g.label[locale] + (g.bucket ? ` (${g.bucket})` : ''))]
  if (result.pivot) {
    for (const column of result.pivotColumns) for (const name of measureNames) header.push(`${column.label ?? words.none} ${name}`)
    for (const name of measureNames) header.push(`${words.total} ${name}`)
  } else header.push(...measureNames)
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
