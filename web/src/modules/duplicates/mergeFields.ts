/** Which fields the merge screen compares, and how a value reads on screen. The API takes any of these by name. */
import type { TFunction } from 'i18next'

export type MergeRecord = Record<string, unknown> & { id: string }

export const CONTACT_MERGE_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'displayName',
  'emails',
  'phones',
  'addresses',
  'department',
  'title',
  'occupation',
  'birthday',
  'anniversary',
  'preferredChannel',
  'doNotEmail',
  'doNotCall',
  'doNotMail',
  'ownerId',
  'tags',
  'notes',
] as const

/** Contact list fields the API can keep whole from both records (`fields: { emails: 'all' }`). */
export const LIST_FIELDS: ReadonlySet<string> = new Set(['emails', 'phones', 'addresses', 'tags'])
export const ALL = 'all'

export const ACCOUNT_MERGE_FIELDS = ['name', 'nameKana', 'industry', 'phone', 'email', 'website', 'annualRevenue', 'employeeCount', 'ownerId', 'notes'] as const

/** null, '', [] and a missing field all mean "nothing there". */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

interface Address {
  postalCode?: string | null
  prefecture?: string | null
  city?: string | null
  street?: string | null
  building?: string | null
  line1?: string | null
  line2?: string | null
  region?: string | null
}

/** One line per entry, so lists (emails, phones, addresses) read like the detail page. */
export function displayLines(namespace: 'contacts' | 'accounts', field: string, record: MergeRecord, t: TFunction): string[] {
  const value = record[field]
  if (isEmpty(value)) return []
  if (field === 'ownerId') return [String(record.ownerName ?? value)]
  if (field === 'emails') return (value as { type: string; address: string }[]).map((e) => `${e.address}（${t(`contacts:types.${e.type}`)}）`)
  if (field === 'phones') return (value as { type: string; number: string }[]).map((p) => `${p.number}（${t(`contacts:types.${p.type}`)}）`)
  if (field === 'addresses') {
    return (value as Address[]).map((a) =>
      [a.postalCode ? `〒${a.postalCode}` : null, a.prefecture, a.city, a.street, a.building, a.line1, a.line2, a.region].filter(Boolean).join(' '),
    )
  }
  if (field === 'tags') return [(value as string[]).join(', ')]
  if (field === 'preferredChannel') return [t(`contacts:channels.${String(value)}`)]
  if (typeof value === 'boolean') return [value ? t('common:states.yes') : t('common:states.no')]
  if (namespace === 'accounts' && field === 'annualRevenue' && typeof value === 'number') return [`¥${value.toLocaleString('ja-JP')}`]
  return [String(value)]
}
