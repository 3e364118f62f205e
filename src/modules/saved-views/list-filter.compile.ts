/**
 * Validates a filter against the actor's catalogue (every problem reported with its path) and
 * compiles it to a Kysely condition with bound parameters; compiles sorts to keyset order.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import { type ErrorDetail, invalid } from '../../platform/errors.ts'
import { decodeCursor } from '../../platform/db/pagination.ts'
import { type ActorCatalogue, type ListField, type ListSort, OPERATORS_BY_TYPE } from './list-filter.catalogue.ts'
import { FILTER_OPERATORS, type FilterGroup, type FilterOperator, isGroup } from './list-filter.schema.ts'

const MAX_DEPTH = 5
const MAX_CONDITIONS = 100
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** Calendar days of datetime fields are days in Japan, where Daifuku's customers work (tenants default to Asia/Tokyo). */
const DAY_ZONE = 'Asia/Tokyo'

/** Checks one scalar against the field type; returns the value as SQL should bind it, or an error message. */
function scalar(field: ListField, raw: unknown, ctx: ServiceContext): { value: unknown } | { error: string } {
  switch (field.type) {
    case 'text':
      if (typeof raw !== 'string' || raw.length > 500) return { error: 'Must be text (at most 500 characters).' }
      return { value: field.normalize ? field.normalize(raw.normalize('NFKC')) : raw.normalize('NFKC') }
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? { value: raw } : { error: 'Must be a number.' }
    case 'date':
    case 'datetime':
      return typeof raw === 'string' && ISO_DATE.test(raw) && !Number.isNaN(Date.parse(raw)) ? { value: raw } : { error: 'Must be a date (YYYY-MM-DD).' }
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { error: 'Must be true or false.' }
    case 'select':
      return typeof raw === 'string' && (!field.options || field.options.some((o) => o.value === raw))
        ? { value: raw }
        : { error: `Must be one of: ${(field.options ?? []).map((o) => o.value).join(', ')}` }
    case 'user':
      // "$me" lets a shared view mean "mine" for whoever opens it.
      if (raw === '$me') return { value: ctx.actor.userId }
      return typeof raw === 'string' && UUID.test(raw) ? { value: raw } : { error: 'Must be a user id or "$me".' }
    case 'team':
    case 'account':
      return typeof raw === 'string' && UUID.test(raw) ? { value: raw } : { error: 'Must be an id.' }
    case 'tags':
      return typeof raw === 'string' && raw.trim().length > 0 && raw.length <= 50 ? { value: raw.trim().normalize('NFKC') } : { error: 'Must be a tag.' }
  }
}

/** The value of a condition, checked for its operator; null when the operator takes none. */
function conditionValue(field: ListField, operator: FilterOperator, value: unknown, ctx: ServiceContext, path: string, details: ErrorDetail[]): unknown {
  const fail = (message: string) => {
    details.push({ path: `${path}.value`, message })
    return undefined
  }
  if (operator === 'isEmpty' || operator === 'isNotEmpty') return value === undefined || value === null ? null : fail('This operator takes no value.')
  const list = (min: number, max: number) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) return fail(min === max ? `Must be a list of ${min} values.` : `Must be a list of ${min} to ${max} values.`)
    const out: unknown[] = []
    for (const item of value) {
      const checked = scalar(field, item, ctx)
      if ('error' in checked) return fail(checked.error)
      out.push(checked.value)
    }
    return out
  }
  if (operator === 'between') return list(2, 2)
  if (operator === 'in') return list(1, 100)
  if (operator === 'hasTag' && Array.isArray(value)) return list(1, 50)
  if ((operator === 'contains' || operator === 'startsWith') && (typeof value !== 'string' || value.trim() === '')) return fail('Must be some text.')
  const checked = scalar(field, value, ctx)
  return 'error' in checked ? fail(checked.error) : checked.value
}

/** ILIKE pattern text with the wildcards of the user's text escaped (backslash is the default escape). */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const dayStart = (date: unknown) => sql`((${date}::date)::timestamp at time zone ${DAY_ZONE})`
const nextDayStart = (date: unknown) => sql`((${date}::date + 1)::timestamp at time zone ${DAY_ZONE})`

function genericCondition(field: ListField, alias: string, operator: FilterOperator, value: unknown): Expression<SqlBool> {
  const e = field.expression(alias)
  if (field.type === 'datetime') {
    // A datetime compared with a date means "on / before / after that day", kept as a range so indexes serve it.
    const [from, to] = Array.isArray(value) ? value : [value, value]
    if (operator === 'eq' || operator === 'between') return sql<SqlBool>`(${e} >= ${dayStart(from)} and ${e} < ${nextDayStart(to)})`
    if (operator === 'gt') return sql<SqlBool>`${e} >= ${nextDayStart(value)}`
    if (operator === 'gte') return sql<SqlBool>`${e} >= ${dayStart(value)}`
    if (operator === 'lt') return sql<SqlBool>`${e} < ${dayStart(value)}`
    if (operator === 'lte') return sql<SqlBool>`${e} < ${nextDayStart(value)}`
  }
  const typed = (v: unknown): RawBuilder<unknown> =>
    field.type === 'date' ? sql`${v}::date` : field.type === 'number' ? sql`${v}::numeric` : ['user', 'team', 'account'].includes(field.type) ? sql`${v}::uuid` : sql`${v}`
  switch (operator) {
    case 'eq':
      return sql<SqlBool>`${e} = ${typed(value)}`
    case 'neq':
      // "Not X" includes records with no value at all, as users expect from a list filter.
      return sql<SqlBool>`${e} is distinct from ${typed(value)}`
    case 'gt':
      return sql<SqlBool>`${e} > ${typed(value)}`
    case 'gte':
      return sql<SqlBool>`${e} >= ${typed(value)}`
    case 'lt':
      return sql<SqlBool>`${e} < ${typed(value)}`
    case 'lte':
      return sql<SqlBool>`${e} <= ${typed(value)}`
    case 'between': {
      const [from, to] = value as unknown[]
      return sql<SqlBool>`(${e} >= ${typed(from)} and ${e} <= ${typed(to)})`
    }
    case 'in':
      return sql<SqlBool>`${e} in (${sql.join((value as unknown[]).map(typed))})`
    case 'contains':
      return sql<SqlBool>`${e} ilike ${`%${likeEscaped(String(value))}%`}`
    case 'startsWith':
      return sql<SqlBool>`${e} ilike ${`${likeEscaped(String(value))}%`}`
    case 'isEmpty':
      if (field.type === 'tags') return sql<SqlBool>`cardinality(${e}) = 0`
      return field.type === 'text' ? sql<SqlBool>`(${e} is null or ${e} = '')` : sql<SqlBool>`${e} is null`
    case 'isNotEmpty':
      if (field.type === 'tags') return sql<SqlBool>`cardinality(${e}) > 0`
      return field.type === 'text' ? sql<SqlBool>`(${e} is not null and ${e} <> '')` : sql<SqlBool>`${e} is not null`
    case 'hasTag': {
      // Array overlap / containment: the GIN index on tags serves both.
      const tags = Array.isArray(value) ? (value as string[]) : [value as string]
      return sql<SqlBool>`${e} && array[${sql.join(tags)}]::text[]`
    }
  }
}

/**
 * Validates and compiles `filter`. Unknown fields and fields hidden from the role get the same
 * "No such field" answer, so a filter can never reveal what a hidden field holds.
 */
export function compileFilter(ctx: ServiceContext, catalogue: ActorCatalogue, filter: FilterGroup | null | undefined, alias: string, path = 'filter'): Expression<SqlBool> | null {
  if (!filter) return null
  const details: ErrorDetail[] = []
  let count = 0
  const walk = (group: FilterGroup, groupPath: string, depth: number): Expression<SqlBool> | null => {
    if (depth > MAX_DEPTH) {
      details.push({ path: groupPath, message: `Groups may nest at most ${MAX_DEPTH} deep.` })
      return null
    }
    const parts: Expression<SqlBool>[] = []
    group.conditions.forEach((node, index) => {
      const nodePath = `${groupPath}.conditions.${index}`
      if (isGroup(node)) {
        const compiled = walk(node, nodePath, depth + 1)
        if (compiled) parts.push(compiled)
        return
      }
      count += 1
      const field = catalogue.fields.get(node.field)
      if (!field) {
        details.push({ path: `${nodePath}.field`, message: `No such field: ${node.field}.` })
        return
      }
      const allowed = OPERATORS_BY_TYPE[field.type]
      if (!(FILTER_OPERATORS as readonly string[]).includes(node.operator)) {
        details.push({ path: `${nodePath}.operator`, message: `Unknown operator ${node.operator}; use one of: ${allowed.join(', ')}.` })
        return
      }
      if (!allowed.includes(node.operator as FilterOperator)) {
        details.push({ path: `${nodePath}.operator`, message: `${node.operator} does not apply to ${node.field}; use one of: ${allowed.join(', ')}.` })
        return
      }
      const before = details.length
      const operator = node.operator as FilterOperator
      const value = conditionValue(field, operator, node.value, ctx, nodePath, details)
      if (details.length > before) return
      parts.push(field.condition?.(alias, operator, value) ?? genericCondition(field, alias, operator, value))
    })
    // An empty group matches everything, like no filter at all.
    if (parts.length === 0) return null
    return sql<SqlBool>`(${sql.join(parts, group.combinator === 'and' ? sql` and ` : sql` or `)})`
  }
  const compiled = walk(filter, path, 1)
  if (count > MAX_CONDITIONS) details.push({ path, message: `At most ${MAX_CONDITIONS} conditions.` })
  if (details.length > 0) throw invalid('The filter is not valid.', details)
  return compiled
}

export interface CompiledSort {
  sort: ListSort
  descending: boolean
  /** The keyset position after which the page starts, decoded from the cursor. */
  after: (string | number | null)[] | null
}

export function resolveSort(catalogue: ActorCatalogue, requested: string | undefined, cursor: string | null | undefined): CompiledSort {
  const key = requested ?? catalogue.object.defaultSort
  const descending = key.startsWith('-')
  const sort = catalogue.sorts.get(descending ? key.slice(1) : key)
  if (!sort) throw invalid('The list cannot be sorted that way.', [{ path: 'sort', message: `Use one of: ${[...catalogue.sorts.keys()].join(', ')} (a leading - sorts descending).` }])
  return { sort, descending, after: decodeCursor(cursor ?? undefined, sort.expression ? 2 : 1) }
}

const sortValue = (sort: ListSort, alias: string): RawBuilder<unknown> => {
  const e = sort.expression!(alias)
  return sort.cursorType === 'textC' ? sql`${e} collate "C"` : e
}

/** The sort key as selected for the cursor (jsonb as text so it survives the round trip exactly). */
export function sortKeySelection(compiled: CompiledSort, alias: string) {
  const { sort } = compiled
  if (!sort.expression) return sql<string | null>`null::text`.as('listSortKey')
  return (sort.cursorType === 'jsonb' ? sql<string | null>`(${sort.expression(alias)})::text` : sql<string | null>`${sort.expression(alias)}`).as('listSortKey')
}

/** The keyset condition (row after the cursor in this order) or null on the first page. */
export function keysetCondition(compiled: CompiledSort, alias: string): Expression<SqlBool> | null {
  const { sort, after, descending } = compiled
  if (!after) return null
  const id = sql.ref(`${alias}.id`)
  const op = sql.raw(descending ? '<' : '>')
  if (!sort.expression) return sql<SqlBool>`${id} ${op} ${String(after[0])}::uuid`
  const value = sort.cursorType === 'jsonb' ? sql`${String(after[0])}::jsonb` : sort.cursorType === 'textC' ? sql`${after[0]}::text collate "C"` : sql`${after[0]}::text`
  return sql<SqlBool>`(${sortValue(sort, alias)}, ${id}) ${op} (${value}, ${after[1]}::uuid)`
}

/** ORDER BY terms, the id last so the order is total. */
export function orderTerms(compiled: CompiledSort, alias: string): RawBuilder<unknown>[] {
  const direction = sql.raw(compiled.descending ? 'desc' : 'asc')
  const id = sql`${sql.ref(`${alias}.id`)} ${direction}`
  return compiled.sort.expression ? [sql`${sortValue(compiled.sort, alias)} ${direction}`, id] : [id]
}

export function cursorOf(compiled: CompiledSort, row: { id: string; listSortKey: string | null }): (string | null)[] {
  return compiled.sort.expression ? [row.listSortKey, row.id] : [row.id]
}

/** Catalogue, filter and sort in one call, for the list services. */
export function compileListQuery(ctx: ServiceContext, catalogue: ActorCatalogue, input: { filter?: FilterGroup | null; sort?: string; cursor?: string | null }, alias: string) {
  const where = compileFilter(ctx, catalogue, input.filter, alias)
  const sort = resolveSort(catalogue, input.sort, input.cursor)
  return { where, sort }
}
