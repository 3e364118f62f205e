/**
 * The one validator of custom field values, shared by accounts, contacts and deals: a Zod
 * schema built from the tenant's definitions at request time, plus defaults, required,
 * uniqueness (SQL, in the caller's transaction) and the role's hidden / read-only rules.
 */
import { sql, type Expression, type SqlBool } from 'kysely'
import { z } from 'zod'
import { fieldRules } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, type ErrorDetail, invalid } from '../../platform/errors.ts'
import { type DefinitionRow, listDefinitionRows, valueTakenBy } from './custom-fields.queries.ts'
import { CUSTOM_KEY, type CustomFieldObject, type CustomFieldType } from './custom-fields.schema.ts'

export type CustomValues = Record<string, unknown>

/** Selects `<alias>.custom` as JSON text: the CamelCasePlugin would otherwise rename snake_case keys inside it. */
export function customJsonColumn(alias: string) {
  return sql<string>`${sql.ref(`${alias}.custom`)}::text`.as('customJson')
}

/**
 * A row selected with customJsonColumn, with `custom` parsed back. Changes the row in place: copying
 * a 30-column row with rest/spread cost ~20 µs, most of a list page's mapping time.
 */
export function withParsedCustom<T extends { customJson: string | null }>(row: T): Omit<T, 'customJson'> & { custom: CustomValues } {
  const target = row as unknown as { customJson?: string | null; custom: CustomValues }
  target.custom = target.customJson ? (JSON.parse(target.customJson) as CustomValues) : {}
  target.customJson = undefined
  return target as unknown as Omit<T, 'customJson'> & { custom: CustomValues }
}

/**
 * The role's rule for a custom field. Role permissions are read through the CamelCasePlugin, which turns a
 * stored `custom.credit_limit` into `custom.creditLimit`, so both spellings are looked up.
 */
export function customRule(rules: Record<string, 'hidden' | 'readonly'>, key: string): 'hidden' | 'readonly' | undefined {
  return rules[`custom.${key}`] ?? rules[`custom.${key.replace(/_+([^_])/g, (_m, c: string) => c.toUpperCase()).replace(/_+$/, '')}`]
}

/** The Zod schema of one field's (non-null) value. */
export function valueSchema(type: CustomFieldType, options: readonly { value: string }[]): z.ZodType {
  const values = options.map((o) => o.value)
  switch (type) {
    case 'text':
      return z.string().trim().max(1000)
    case 'long_text':
      return z.string().max(20_000)
    case 'number':
      return z.number().finite().min(-1e15).max(1e15)
    case 'currency':
      // Yen and other minor-unit-free amounts: integers, like annualRevenue.
      return z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)
    case 'date':
      return z.iso.date()
    case 'boolean':
      return z.boolean()
    case 'single_select':
      return z.string().refine((v) => values.includes(v), { message: `Must be one of: ${values.join(', ')}` })
    case 'multi_select':
      return z
        .array(z.string().refine((v) => values.includes(v), { message: `Must be one of: ${values.join(', ')}` }))
        .max(200)
        .refine((list) => new Set(list).size === list.length, { message: 'Values must not repeat.' })
    case 'url':
      return z.url({ protocol: /^https?$/ }).max(2000)
    case 'email':
      return z.email().max(254)
    case 'phone':
      return z.string().trim().regex(/^\+?[0-9０-９()（）\- ー－]{2,40}$/, 'Digits, +, -, ( ) and spaces only').max(40)
  }
}

/** The schema of the whole `custom` input object: unknown keys are refused, null clears a value. */
export function customSchema(definitions: readonly DefinitionRow[]): z.ZodType<CustomValues> {
  const shape: Record<string, z.ZodType> = {}
  for (const d of definitions) shape[d.key] = valueSchema(d.type as CustomFieldType, d.options).nullable().optional()
  return z.strictObject(shape) as unknown as z.ZodType<CustomValues>
}

function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined]
    return keys.map((key) => ({ path: ['custom', ...issue.path.map(String), ...(key ? [key] : [])].join('.'), message: issue.message }))
  }).flat()
}

/** Refuses values of fields the role hides or makes read-only (rules named `custom.<key>`). */
export function assertWritableCustom(ctx: Pick<ServiceContext, 'actor'>, object: CustomFieldObject, input: CustomValues | undefined): void {
  if (!input) return
  const rules = fieldRules(ctx, object)
  const blocked = Object.keys(input).filter((key) => input[key] !== undefined && customRule(rules, key) !== undefined)
  if (blocked.length > 0) {
    throw new AppError(
      'forbidden',
      'Your role may not change some of these fields.',
      blocked.map((key) => ({ path: `custom.${key}`, message: `Field is ${customRule(rules, key)} for your role.` })),
    )
  }
}

/**
 * Validates `input` (the request's `custom`) for a record being created (`before` null) or
 * updated, and returns the record's complete custom values to store.
 */
export async function resolveCustomValues(
  ctx: ServiceContext,
  object: CustomFieldObject,
  recordId: string,
  input: unknown,
  before: CustomValues | null,
): Promise<CustomValues> {
  if (input === undefined && before !== null) return before
  const definitions = await listDefinitionRows(ctx, { object })
  const parsed = customSchema(definitions).safeParse(input ?? {})
  if (!parsed.success) throw invalid('Some custom field values are not valid.', toDetails(parsed.error))
  assertWritableCustom(ctx, object, input as CustomValues | undefined)
  const result: CustomValues = { ...(before ?? {}) }
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === undefined) continue
    if (value === null) delete result[key]
    else result[key] = value
  }
  const details: ErrorDetail[] = []
  for (const d of definitions) {
    const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
    if (before === null && isEmpty(result[d.key]) && d.defaultValue !== null && d.defaultValue !== undefined) result[d.key] = d.defaultValue
    if (isEmpty(result[d.key])) {
      delete result[d.key]
      // An update must not clear a required field; records from before the field existed may still lack it.
      const touched = before === null || (parsed.data as CustomValues)[d.key] !== undefined
      if (d.required && touched) details.push({ path: `custom.${d.key}`, message: 'Required.' })
    }
  }
  if (details.length > 0) throw invalid('Some custom field values are not valid.', details)
  for (const d of definitions) {
    if (!d.isUnique || result[d.key] === undefined) continue
    if (before !== null && JSON.stringify(before[d.key]) === JSON.stringify(result[d.key])) continue
    if (await valueTakenBy(ctx, object, d.key, result[d.key], recordId)) details.push({ path: `custom.${d.key}`, message: 'Another record already has this value.' })
  }
  if (details.length > 0) throw new AppError('conflict', 'Some custom field values must be unique.', details)
  return result
}

/** The record's custom values minus the fields the role hides. */
export function presentCustom(ctx: Pick<ServiceContext, 'actor'>, object: CustomFieldObject, stored: CustomValues | null | undefined): CustomValues {
  const rules = fieldRules(ctx, object)
  const out: CustomValues = {}
  for (const [key, value] of Object.entries(stored ?? {})) if (customRule(rules, key) !== 'hidden') out[key] = value
  return out
}

// ---- List filters and sorts: ?custom.<key>=value and sort=custom.<key> / -custom.<key>.

export interface CustomListOptions {
  filters: { key: string; value: unknown }[]
  sort: { key: string; descending: boolean } | null
}

export const CUSTOM_SORT = /^-?custom\.[a-z][a-z0-9_]{0,62}$/

/** Reads `custom.<key>` query parameters and a custom sort against the definitions; hidden fields cannot be filtered or sorted on. */
export async function parseCustomListOptions(
  ctx: ServiceContext,
  object: CustomFieldObject,
  query: Record<string, unknown>,
  sort: string,
): Promise<CustomListOptions> {
  const filterKeys = Object.keys(query).filter((k) => k.startsWith('custom.'))
  const sortKey = CUSTOM_SORT.test(sort) ? sort.replace(/^-?custom\./, '') : null
  if (filterKeys.length === 0 && sortKey === null) return { filters: [], sort: null }
  const definitions = new Map((await listDefinitionRows(ctx, { object, includeInactive: true })).map((d) => [d.key, d]))
  const rules = fieldRules(ctx, object)
  const details: ErrorDetail[] = []
  const known = (key: string, path: string) => {
    if (!CUSTOM_KEY.test(key) || !definitions.has(key) || customRule(rules, key) === 'hidden') {
      details.push({ path, message: 'No such custom field.' })
      return false
    }
    return true
  }
  const filters: CustomListOptions['filters'] = []
  for (const param of filterKeys) {
    const key = param.slice('custom.'.length)
    if (!known(key, param)) continue
    const raw = String(query[param])
    const d = definitions.get(key)!
    let value: unknown = raw
    if (d.type === 'number' || d.type === 'currency') {
      value = Number(raw)
      if (raw.trim() === '' || !Number.isFinite(value)) details.push({ path: param, message: 'Must be a number.' })
    } else if (d.type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') details.push({ path: param, message: 'Must be true or false.' })
      value = raw === 'true'
    } else if (d.type === 'multi_select') value = [raw]
    filters.push({ key, value })
  }
  if (sortKey !== null) known(sortKey, 'sort')
  if (details.length > 0) throw invalid('The list query names custom fields that do not exist or bad values.', details)
  return { filters, sort: sortKey === null ? null : { key: sortKey, descending: sort.startsWith('-') } }
}

/** WHERE condition for the filters (containment, so the GIN index on custom serves it). */
export function customFilterCondition(alias: string, filters: CustomListOptions['filters']): Expression<SqlBool> {
  const conditions = filters.map((f) => sql<SqlBool>`${sql.ref(`${alias}.custom`)} @> ${JSON.stringify({ [f.key]: f.value })}::jsonb`)
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`
}

/** The sort key of a record: its jsonb value, jsonb null (lowest) when missing, so keyset comparisons work. */
export function customSortExpression(alias: string, key: string) {
  return sql<unknown>`coalesce(${sql.ref(`${alias}.custom`)} -> ${key}, 'null'::jsonb)`
}

/** The keyset condition after the cursor's (value as JSON text, id). */
export function customAfterCondition(alias: string, sort: NonNullable<CustomListOptions['sort']>, after: (string | number | null)[]): Expression<SqlBool> {
  const op = sort.descending ? sql.raw('<') : sql.raw('>')
  return sql<SqlBool>`(${customSortExpression(alias, sort.key)}, ${sql.ref(`${alias}.id`)}) ${op} (${String(after[0])}::jsonb, ${after[1]}::uuid)`
}

/** The cursor values of a row sorted by a custom field. */
export function customCursor(row: { id: string; custom: CustomValues }, key: string): [string, string] {
  return [JSON.stringify(row.custom[key] ?? null), row.id]
}

/** List queries accept `custom.<key>` beyond their own parameters; anything else is a typo worth a 400. */
export function assertKnownListParameters(query: Record<string, unknown>, own: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !own.includes(k) && !k.startsWith('custom.'))
  if (unknown.length > 0) throw invalid('Unknown query parameters.', unknown.map((path) => ({ path, message: 'Unknown query parameter.' })))
}
