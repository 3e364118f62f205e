/**
 * Report values as people read them in files (CSV, PDF, scheduled mails): enum keys in words (won → 受注),
 * and the ids a filter names (owner, team, account, stage …) as their names. The web app words enum keys
 * the same way (web/src/modules/reports/locales, `values`).
 */
import { reportObject } from './reports.catalogue.ts'
import type { ReportDefinition, ReportResult } from './reports.schema.ts'

type Locale = 'ja' | 'en'

export const VALUE_LABELS: Record<string, Record<Locale, string>> = {
  open: { ja: '進行中', en: 'Open' },
  won: { ja: '受注', en: 'Won' },
  lost: { ja: '失注', en: 'Lost' },
  task: { ja: 'タスク', en: 'Task' },
  call: { ja: '電話', en: 'Call' },
  meeting: { ja: '打ち合わせ', en: 'Meeting' },
  note: { ja: 'メモ', en: 'Note' },
  email: { ja: 'メール', en: 'Email' },
  done: { ja: '完了', en: 'Done' },
  cancelled: { ja: 'キャンセル', en: 'Cancelled' },
  low: { ja: '低', en: 'Low' },
  normal: { ja: '中', en: 'Normal' },
  high: { ja: '高', en: 'High' },
  inbound: { ja: '着信', en: 'Inbound' },
  outbound: { ja: '発信', en: 'Outbound' },
  loyal: { ja: '優良顧客', en: 'Loyal' },
  repeat: { ja: 'リピーター', en: 'Repeat' },
  one_time: { ja: '一回購入', en: 'One-time' },
  dormant: { ja: '休眠顧客', en: 'Dormant' },
  prospect: { ja: '見込み客', en: 'Prospect' },
  quote: { ja: '見積書', en: 'Quote' },
  order: { ja: '受注', en: 'Order' },
  invoice: { ja: '請求書', en: 'Invoice' },
  standard: { ja: '標準税率', en: 'Standard rate' },
  reduced: { ja: '軽減税率', en: 'Reduced rate' },
  exempt: { ja: '非課税', en: 'Exempt' },
  b1_under100k: { ja: '10万円未満', en: 'Under ¥100k' },
  b2_100k_1m: { ja: '10万〜100万円', en: '¥100k–1M' },
  b3_1m_10m: { ja: '100万〜1,000万円', en: '¥1M–10M' },
  b4_10m_plus: { ja: '1,000万円以上', en: '¥10M or more' },
}

/** An enum key in words, when the group's label is the key itself (or missing); other labels as they are. */
function worded(key: string | null, label: string | null, locale: Locale): string | null {
  if (key !== null && (label === key || label === null) && VALUE_LABELS[key]) return VALUE_LABELS[key]![locale]
  return label
}

/** The result with enum keys in words in its group labels and pivot columns. */
export function readableResult(result: ReportResult, locale: Locale): ReportResult {
  return {
    ...result,
    rows: result.rows.map((row) => ({ ...row, labels: row.labels.map((label, i) => worded(row.keys[i] ?? null, label, locale)) })),
    pivotColumns: result.pivotColumns.map((column) => ({ ...column, label: worded(column.key, column.label, locale) })),
  }
}

/**
 * What each filter value reads as: enum keys in words, and the ids of reference fields as the names the
 * report itself shows for them (a one-level report of that field over those ids, run as the viewer, so a
 * name they may not see stays an id).
 */
export async function filterValueNames(
  definition: ReportDefinition,
  locale: Locale,
  run: (definition: ReportDefinition) => Promise<ReportResult>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  const fields = reportObject(definition.object).fields
  for (const filter of definition.filters ?? []) {
    const field = fields.find((f) => f.key === filter.field)
    const values = (Array.isArray(filter.value) ? filter.value : [filter.value]).filter((v): v is string => typeof v === 'string')
    if (!field || values.length === 0) continue
    if (field.type === 'enum') {
      for (const value of values) if (VALUE_LABELS[value]) names.set(value, VALUE_LABELS[value]![locale])
    } else if (field.type === 'ref' && field.labelExpr) {
      const looked = await run({ object: definition.object, groups: [{ field: field.key }], measures: [{ aggregate: 'count' }], filters: [{ field: field.key, op: 'in', value: values }] })
      for (const row of looked.rows) if (row.level === 1 && row.keys[0] && row.labels[0]) names.set(row.keys[0], row.labels[0])
    }
  }
  return names
}
