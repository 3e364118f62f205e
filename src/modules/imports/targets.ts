/**
 * What an import can write into: for each object, its fields (with the header names people use
 * for them), how a cell becomes a typed value, how duplicates are recognised, and the
 * object's own service functions — imports never insert rows themselves, so validation,
 * audit, events and search text stay the object's business (the bulk path, too, calls the
 * object module's bulk functions, which share the service's rules).
 */
import type { z } from 'zod'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { Label } from '../../platform/access/objects.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { AppError } from '../../platform/errors.ts'
import { normalizeCompanyName, normalizePhone } from '../../platform/japanese/index.ts'
import { createAccount, updateAccount } from '../accounts/index.ts'
import { AccountInput, AccountPatch } from '../accounts/accounts.schema.ts'

/** `user`: a member of the tenant named by email or by name, imported as the user's id. */
export type FieldType = 'text' | 'integer' | 'date' | 'list' | 'user'

export interface ImportField {
  key: string
  label: Label
  type: FieldType
  required?: boolean
  /** Header names (besides the key and the labels) that map to this field automatically. */
  aliases?: string[]
}

export interface DuplicateMatch {
  id: string
  /** Why it matched, for the report ("name", "phone", "email"). */
  by: string
}

export interface Matcher {
  find(record: Record<string, unknown>): DuplicateMatch | null
  /** Remembers a record written by this import, so a later row of the same file matches it. */
  add(id: string, record: Record<string, unknown>): void
}

export interface ImportTarget {
  objectType: string
  fields: ImportField[]
  createSchema: z.ZodType
  patchSchema: z.ZodType
  matchRule: Label
  /** Flat imported fields → the object's input (e.g. email → emails[0]); default: as they are. */
  toInput?(values: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown>
  /** The imported field an input path came from (e.g. ["emails", 0, "address"] → "email"); default: the first segment. */
  fieldForPath?(path: readonly PropertyKey[], values: Record<string, unknown>): string | null
  /** vCard column → field, for a vCard file's first mapping. */
  vcardMapping?: Record<string, string>
  loadMatcher(ctx: ServiceContext): Promise<Matcher>
  /** Writes through the object's service: `input` is the schema-parsed input, `values` the flat cells. */
  create(ctx: ServiceContext, input: Record<string, unknown>, values: Record<string, unknown>): Promise<string>
  update(ctx: ServiceContext, id: string, patch: Record<string, unknown>, values: Record<string, unknown>): Promise<void>
  /**
   * Optional bulk path for new records (docs/decisions/0021-bulk-import.md): `prepare` checks one record with the
   * service's own rules without writing (throws the service's AppError to refuse it); `write` stores a batch of
   * prepared records with a few statements and answers per record null (written) or the AppError that refused it.
   */
  bulkCreate?: BulkCreate
  /** Optional bulk path for updates of matched records: per item null (written) or the AppError that refused it. */
  bulkUpdate?(ctx: ServiceContext, items: readonly { id: string; patch: Record<string, unknown> }[]): Promise<(AppError | null)[]>
}

export interface PreparedRecord {
  id: string
}

export interface BulkCreate {
  /**
   * `settle` waits until the batch being written is in: call it before sending any statement of your own, since a
   * batch may be in flight on the same connection while the next one is prepared.
   */
  prepare(ctx: ServiceContext, input: Record<string, unknown>, values: Record<string, unknown>, settle: () => Promise<void>): Promise<PreparedRecord>
  write(ctx: ServiceContext, prepared: readonly PreparedRecord[]): Promise<(AppError | null)[]>
}

/** A matcher over any number of keys: each key function gives the normalised values of a record. */
export function keyMatcher(keys: Record<string, (record: Record<string, unknown>) => string[]>, existing: Iterable<{ id: string; record: Record<string, unknown> }>): Matcher {
  const indexes = Object.fromEntries(Object.keys(keys).map((k) => [k, new Map<string, string>()])) as Record<string, Map<string, string>>
  const add = (id: string, record: Record<string, unknown>) => {
    for (const [by, keyOf] of Object.entries(keys)) {
      for (const key of keyOf(record)) if (key && !indexes[by]!.has(key)) indexes[by]!.set(key, id)
    }
  }
  for (const { id, record } of existing) add(id, record)
  return {
    add,
    find(record) {
      for (const [by, keyOf] of Object.entries(keys)) {
        for (const key of keyOf(record)) {
          const id = key ? indexes[by]!.get(key) : undefined
          if (id) return { id, by }
        }
      }
      return null
    },
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

const accounts: ImportTarget = {
  objectType: 'accounts',
  fields: [
    { key: 'name', label: { ja: '取引先名', en: 'Name' }, type: 'text', required: true, aliases: ['会社名', '企業名', '社名', '法人名', 'company', 'company name', 'account name', 'account'] },
    { key: 'nameKana', label: { ja: '取引先名（カナ）', en: 'Name (kana)' }, type: 'text', aliases: ['フリガナ', 'ふりがな', 'カナ', '会社名カナ', '会社名（カナ）', '会社名（フリガナ）', 'kana', 'reading'] },
    { key: 'industry', label: { ja: '業種', en: 'Industry' }, type: 'text', aliases: ['業界'] },
    { key: 'phone', label: { ja: '電話番号', en: 'Phone' }, type: 'text', aliases: ['電話', 'tel', '代表電話', 'telephone'] },
    { key: 'email', label: { ja: 'メールアドレス', en: 'Email' }, type: 'text', aliases: ['メール', 'e-mail', 'mail'] },
    { key: 'website', label: { ja: 'ウェブサイト', en: 'Website' }, type: 'text', aliases: ['url', 'ホームページ', 'hp', 'web', 'web サイト'] },
    { key: 'annualRevenue', label: { ja: '年商', en: 'Annual revenue' }, type: 'integer', aliases: ['売上', '売上高', '年間売上高', '年間売上高（円）', 'revenue'] },
    { key: 'employeeCount', label: { ja: '従業員数', en: 'Employees' }, type: 'integer', aliases: ['社員数', 'employee count'] },
    { key: 'notes', label: { ja: '備考', en: 'Notes' }, type: 'text', aliases: ['メモ', 'note', 'memo'] },
    { key: 'ownerId', label: { ja: '担当者', en: 'Owner' }, type: 'user', aliases: ['担当者メール', '営業担当', '担当', 'owner email'] },
  ],
  createSchema: AccountInput,
  patchSchema: AccountPatch,
  vcardMapping: { ORG: 'name', TEL: 'phone', EMAIL: 'email', URL: 'website', NOTE: 'notes' },
  matchRule: { ja: '取引先名（法人格・全角半角・カナの違いを無視）または電話番号が同じ', en: 'Same name (ignoring legal form, width and kana) or the same phone number' },
  async loadMatcher(ctx) {
    // Only records the importing user can see: an update of an invisible one would fail anyway.
    const rows = await ctx.tx.selectFrom('accounts as a').select(['a.id', 'a.name', 'a.phone']).where(visibleRecordsCondition(ctx, 'accounts', 'a')).execute()
    return keyMatcher(
      { name: (r) => [normalizeCompanyName(text(r.name))], phone: (r) => [phoneKey(text(r.phone))] },
      rows.map((row) => ({ id: row.id, record: { name: row.name, phone: row.phone } })),
    )
  },
  async create(ctx, input) {
    return (await createAccount(ctx, input as AccountInput)).id
  },
  async update(ctx, id, patch) {
    await updateAccount(ctx, id, patch as AccountPatch)
  },
}

/** Too-short numbers (内線 "123") would match unrelated records; require a full number. */
function phoneKey(value: string): string {
  const digits = normalizePhone(value)
  return digits.length >= 9 ? digits : ''
}

const targets = new Map<string, ImportTarget>([[accounts.objectType, accounts]])

export function registerImportTarget(target: ImportTarget): void {
  targets.set(target.objectType, target)
}

export function findImportTarget(objectType: string): ImportTarget | undefined {
  return targets.get(objectType)
}

export function importObjectTypes(): string[] {
  return [...targets.keys()]
}
