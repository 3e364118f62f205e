/**
 * Turns a report definition into SQL from the catalogue's fixed expressions (values are always
 * bound parameters) and runs it: an inner query picks the visible rows and computes each group
 * key and measure input; the outer one aggregates them with GROUPING SETS (subtotals, pivot).
 */
import { sql, type RawBuilder } from 'kysely'
import { can, fieldRules, objectPermission, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, invalid } from '../../platform/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { reportObject, rowIdExpr, type ReportField, type ReportObject, type ReportRollup } from './reports.catalogue.ts'
import type { ReportDefinition, ReportFilter, ReportGroup, ReportMeasure, ReportResult, ReportResultRow } from './reports.schema.ts'

const raw = (text: string) => sql.raw(text)
export const MAX_GROUP_ROWS = 2000

interface GroupDimension {
  native: RawBuilder<unknown>
  keyText: (value: RawBuilder<unknown>) => RawBuilder<unknown>
  label: RawBuilder<unknown> | null
  order: RawBuilder<unknown> | null
}

/** Whether the actor may see (and so group, filter or aggregate by) a field. */
export function mayUseField(ctx: ServiceContext, field: ReportField): boolean {
  return field.guards.every(([object, key]) => can(ctx, object, 'read') && (key === null || fieldRules(ctx, object)[key] !== 'hidden'))
}

export class ReportCompiler {
  readonly object: ReportObject
  /** The object's totals table when the report reads it instead of the rows (decision 0032). */
  readonly rollup: ReportRollup | null
  private readonly joins = new Set<string>()
  /** The tenant's zone: date buckets, and date-only filters on timestamps, use the local day. */
  timeZone = 'Asia/Tokyo'

  constructor(
    private readonly ctx: ServiceContext,
    readonly definition: ReportDefinition,
    options: { mayUseRollup?: boolean } = {},
  ) {
    this.object = reportObject(definition.object)
    if (!can(ctx, this.object.accessObject, 'read')) {
      throw new AppError('forbidden', `Your role may not read ${this.object.accessObject}.`, [])
    }
    this.rollup = options.mayUseRollup ? this.rollupServing() : null
  }

  /**
   * The rollup, if it gives the same answer as the rows: the actor sees every record (the totals
   * know no owner's sharing), every group and filter field is kept there, and every measure is a
   * count, a sum or an average (a minimum or a distinct count cannot be taken from totals).
   */
  private rollupServing(): ReportRollup | null {
    const rollup = this.object.rollup
    if (!rollup || objectPermission(this.ctx, this.object.accessObject).visibility !== 'all') return null
    const d = this.definition
    const fields = [...(d.groups ?? []), ...(d.pivot ? [d.pivot] : []), ...(d.filters ?? [])].map((x) => x.field)
    if (!fields.every((key) => key in rollup.fields)) return null
    const measures = d.measures ?? []
    const summable = (m: ReportMeasure) => m.aggregate === 'count' || ((m.aggregate === 'sum' || m.aggregate === 'avg') && m.field !== undefined && m.field in rollup.sums)
    return measures.every(summable) ? rollup : null
  }

  private get joinCatalogue() {
    return this.rollup?.joins ?? this.object.joins
  }

  /** A catalogue field by key, refused when unknown or hidden from the actor. */
  field(key: string, path: string): ReportField {
    const field = this.object.fields.find((f) => f.key === key)
    if (!field) throw invalid('The report names an unknown field.', [{ path, message: `No such field: ${key}.` }])
    if (!mayUseField(this.ctx, field)) {
      throw new AppError('forbidden', 'The report uses a field your role may not see.', [{ path, message: `Field ${key} is hidden for your role.` }])
    }
    const kept = this.rollup?.fields[key]
    const used = kept ? { ...field, expr: kept.expr, joins: kept.joins } : field
    for (const join of used.joins ?? []) this.addJoin(join)
    return used
  }

  private addJoin(name: string): void {
    if (this.joins.has(name)) return
    for (const before of this.joinCatalogue[name]?.after ?? []) this.addJoin(before)
    this.joins.add(name)
  }

  /** FROM with the joins the used fields need and WHERE with visibility and the filters. */
  fromWhere(extra: RawBuilder<unknown>[] = []): RawBuilder<unknown> {
    const filters = (this.definition.filters ?? []).map((f, i) => this.filter(f, `filters.${i}`))
    const joins = [...this.joins].map((name) => this.joinCatalogue[name]!.build(this.ctx))
    const alias = this.rollup?.alias ?? this.object.alias
    const conditions = [
      sql`${raw(alias)}.tenant_id = ${this.ctx.actor.tenantId}`,
      visibleRecordsCondition(this.ctx, this.object.accessObject, alias),
      ...filters,
      ...extra,
    ]
    return sql`from ${raw(this.rollup?.from ?? this.object.from)} ${sql.join(joins, sql` `)} where ${sql.join(conditions, sql` and `)}`
  }

  private filter(filter: ReportFilter, path: string): RawBuilder<unknown> {
    const field = this.field(filter.field, `${path}.field`)
    const value = filter.value
    const list = (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]).map((v, i) =>
      filter.op === 'contains' ? v : checkedValue(field, v, Array.isArray(value) ? `${path}.value.${i}` : `${path}.value`),
    )
    const dateOnly = field.type === 'timestamp' && list.length > 0 && list.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
    const expr = dateOnly ? sql`(${raw(field.expr)} at time zone ${this.timeZone})::date` : raw(field.expr)
    const one = () => {
      if (list.length !== 1) throw invalid('The filter needs one value.', [{ path: `${path}.value`, message: 'Give one value.' }])
      return list[0]!
    }
    switch (filter.op) {
      case 'isNull':
        return sql`${expr} is null`
      case 'notNull':
        return sql`${expr} is not null`
      case 'eq':
        return sql`${expr} = ${one()}`
      case 'neq':
        return sql`${expr} is distinct from ${one()}`
      case 'gt':
        return sql`${expr} > ${one()}`
      case 'gte':
        return sql`${expr} >= ${one()}`
      case 'lt':
        return sql`${expr} < ${one()}`
      case 'lte':
        return sql`${expr} <= ${one()}`
      case 'contains':
        return sql`${expr}::text ilike ${`%${String(one()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
      case 'between': {
        if (list.length !== 2) throw invalid('A range needs two values.', [{ path: `${path}.value`, message: 'Give [from, to].' }])
        return sql`(${expr} >= ${list[0]} and ${expr} <= ${list[1]})`
      }
      case 'in':
      case 'notIn': {
        if (list.length === 0) return filter.op === 'in' ? sql`false` : sql`true`
        const values = sql.join(list.map((v) => sql`${v}`))
        return filter.op === 'in' ? sql`${expr} in (${values})` : sql`(${expr} is null or ${expr} not in (${values}))`
      }
    }
  }

  /** Key (text), label and order value of a group; dates are bucketed in the tenant's time zone. */
  groupExprs(group: ReportGroup, path: string, timeZone: string): { key: RawBuilder<unknown>; label: RawBuilder<unknown> | null; order: RawBuilder<unknown> } {
    const dim = this.groupDimension(group, path, timeZone)
    return { key: dim.keyText(dim.native), label: dim.label, order: dim.order ?? dim.label ?? dim.native }
  }

  /**
   * A group as the grouped query uses it: the native value to group by (a uuid, a timestamp), turned
   * into the text key only after aggregation — grouping a million rows by to_char() or ::text
   * strings cost twice the time of grouping by the values.
   */
  groupDimension(group: ReportGroup, path: string, timeZone: string): GroupDimension {
    const field = this.field(group.field, `${path}.field`)
    const expr = raw(field.expr)
    if (group.bucket) {
      if (field.type !== 'date' && field.type !== 'timestamp') {
        throw invalid('Only dates can be bucketed.', [{ path: `${path}.bucket`, message: `${group.field} is not a date.` }])
      }
      const local = field.type === 'timestamp' ? sql`(${expr} at time zone ${timeZone})` : sql`(${expr})::timestamp`
      const format = { day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' }[group.bucket]
      return { native: sql`date_trunc(${group.bucket}, ${local})`, keyText: (value) => sql`to_char(${value}, ${format})`, label: null, order: null }
    }
    const asText = (value: RawBuilder<unknown>) => sql`(${value})::text`
    if (field.type === 'ref') {
      return { native: expr, keyText: asText, label: raw(field.labelExpr!), order: field.orderExpr && field.orderExpr !== field.labelExpr ? raw(field.orderExpr) : null }
    }
    // label null: the key is the label (saves grouping and casting the same value twice).
    return { native: expr, keyText: asText, label: null, order: null }
  }

  /** What the inner query computes per row for a measure, and how the outer one aggregates those columns. */
  measureExpr(measure: ReportMeasure, path: string): { inputs: RawBuilder<unknown>[]; aggregate: (columns: RawBuilder<unknown>[]) => RawBuilder<unknown> } {
    const rollup = this.rollup
    // With the rollup, the inner query also yields each row's count as q.rn (see runGrouped).
    if (measure.aggregate === 'count') {
      if (rollup) return { inputs: [], aggregate: () => sql`coalesce(sum(q.rn), 0)::float8` }
      return { inputs: [], aggregate: () => sql`count(*)::float8` }
    }
    if (!measure.field) throw invalid('This aggregate needs a field.', [{ path: `${path}.field`, message: 'Pick a field.' }])
    const field = this.field(measure.field, `${path}.field`)
    if (measure.aggregate === 'countDistinct') return { inputs: [raw(field.expr)], aggregate: ([c]) => sql`count(distinct ${c})::float8` }
    if (field.type !== 'number' && field.type !== 'money') {
      throw invalid('Only numbers can be summed or averaged.', [{ path: `${path}.field`, message: `${measure.field} is not a number.` }])
    }
    if (rollup) {
      // The summed values are never null (NOT NULL columns), so an average is sum ÷ count; a group
      // whose rows all went away sums to null, as a sum over no rows does.
      const sum = raw(rollup.sums[measure.field]!)
      if (measure.aggregate === 'sum') return { inputs: [sum], aggregate: ([s]) => sql`(case when sum(q.rn) <> 0 then sum(${s}) end)::float8` }
      return { inputs: [sum], aggregate: ([s]) => sql`(sum(${s}) / nullif(sum(q.rn), 0))::float8` }
    }
    const fn = raw(measure.aggregate)
    return { inputs: [raw(field.expr)], aggregate: ([c]) => sql`(${fn}(${c}))::float8` }
  }

  rowId(): RawBuilder<unknown> {
    return raw(rowIdExpr(this.object))
  }
}

const DATE_VALUE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/

/** A filter value fit for the field's type, so a bad value is a 400 naming it rather than a database error. */
function checkedValue(field: ReportField, value: string | number, path: string): string | number {
  const bad = (message: string) => invalid('A filter value does not fit its field.', [{ path, message }])
  switch (field.type) {
    case 'ref':
      if (typeof value !== 'string' || !isUuid(value)) throw bad('Give the id of the record.')
      return value
    case 'number':
    case 'money': {
      const n = typeof value === 'number' ? value : Number(value)
      if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) throw bad('Give a number.')
      return n
    }
    case 'date':
    case 'timestamp':
      if (typeof value !== 'string' || !DATE_VALUE.test(value) || Number.isNaN(Date.parse(value))) throw bad('Give a date as YYYY-MM-DD.')
      return value
    case 'enum':
      if (field.enumValues && !field.enumValues.includes(String(value))) throw bad(`One of: ${field.enumValues.join(', ')}.`)
      return String(value)
    default:
      return String(value)
  }
}

export async function tenantTimeZone(ctx: ServiceContext): Promise<string> {
  const row = await ctx.tx.selectFrom('tenants').select('timeZone').where('id', '=', ctx.actor.tenantId).executeTakeFirst()
  return row?.timeZone ?? 'Asia/Tokyo'
}

interface Prepared {
  compiler: ReportCompiler
  groups: ReportGroup[]
  pivot: ReportGroup | null
  measures: ReportMeasure[]
}

export function prepare(ctx: ServiceContext, definition: ReportDefinition, options: { mayUseRollup?: boolean } = {}): Prepared {
  const compiler = new ReportCompiler(ctx, definition, options)
  const groups = definition.groups ?? []
  const pivot = definition.pivot ?? null
  const measures = definition.measures?.length ? definition.measures : [{ aggregate: 'count' as const }]
  const seen = new Set<string>()
  for (const [i, g] of [...groups, ...(pivot ? [pivot] : [])].entries()) {
    const id = `${g.field}:${g.bucket ?? ''}`
    if (seen.has(id)) throw invalid('A field is grouped twice.', [{ path: i < groups.length ? `groups.${i}` : 'pivot', message: `${g.field} is already a group.` }])
    seen.add(id)
  }
  return { compiler, groups, pivot, measures }
}

/** Runs the grouped report: one row per group combination, subtotals and the grand total. */
export async function runGrouped(ctx: ServiceContext, definition: ReportDefinition, options = { mayUseRollup: true }): Promise<ReportResult> {
  const { compiler, groups, pivot, measures } = prepare(ctx, definition, options)
  const timeZone = await tenantTimeZone(ctx)
  compiler.timeZone = timeZone
  const dims = [...groups, ...(pivot ? [pivot] : [])].map((g, i) => compiler.groupDimension(g, i < groups.length ? `groups.${i}` : 'pivot', timeZone))
  const ms = measures.map((m, i) => compiler.measureExpr(m, `measures.${i}`))
  const inner = [
    ...dims.flatMap((d, i) => [
      sql`${d.native} as ${raw(`g${i}k`)}`,
      ...(d.label ? [sql`${d.label} as ${raw(`g${i}l`)}`] : []),
      ...(d.order ? [sql`${d.order} as ${raw(`g${i}o`)}`] : []),
    ]),
    ...ms.flatMap((m, i) => m.inputs.map((input, j) => sql`${input} as ${raw(`m${i}_${j}`)}`)),
    ...(compiler.rollup ? [sql`${raw(compiler.rollup.count)} as rn`] : []),
  ]
  // Sets group by the value only (hashable, so PostgreSQL can hash-aggregate instead of sorting
  // a million rows); label and sort value are functions of it, taken with min().
  const dimCols = (i: number) => [raw(`q.g${i}k`)]
  // Row prefixes: all groups, then (with subtotals) each shorter prefix, down to the grand total.
  const prefixes: number[] = []
  for (let n = groups.length; n >= 0; n--) if (n === groups.length || n === 0 || definition.subtotals !== false) prefixes.push(n)
  const sets: RawBuilder<unknown>[] = []
  for (const n of prefixes) {
    const rowDims = Array.from({ length: n }, (_, i) => dimCols(i)).flat()
    if (pivot) sets.push(sql`(${sql.join([...rowDims, ...dimCols(groups.length)])})`)
    sets.push(rowDims.length ? sql`(${sql.join(rowDims)})` : sql`()`)
  }
  const outer = [
    ...dims.flatMap((d, i) => {
      const key = d.keyText(raw(`q.g${i}k`))
      return [sql`${key} as ${raw(`g${i}k`)}`, d.label ? raw(`min(q.g${i}l) as g${i}l`) : sql`${key} as ${raw(`g${i}l`)}`, raw(`grouping(q.g${i}k) as gr${i}`)]
    }),
    ...ms.map((m, i) => sql`${m.aggregate(m.inputs.map((_, j) => raw(`q.m${i}_${j}`)))} as ${raw(`v${i}`)}`),
  ]
  // Qualified (q.), so ORDER BY sorts by the grouped values, not by the text keys of the output.
  const order = dims.flatMap((d, i) => [raw(`grouping(q.g${i}k)`), raw(d.order || d.label ? `min(q.g${i}${d.order ? 'o' : 'l'}) nulls last` : `q.g${i}k nulls last`), raw(`q.g${i}k nulls last`)])
  const selectList = inner.length ? sql.join(inner) : sql`1 as one`
  // Hash aggregation of a million rows over several grouping sets spills to disk at the default 4 MB.
  await sql`set local work_mem = '64MB'`.execute(ctx.tx)
  // A key whose rows all went away can linger in the totals until the next fold, as a row counting
  // zero: its group must not show, as it would not from the rows. The grand total always shows.
  const grandTotal = dims.length ? sql`grouping(${sql.join(dims.map((_, i) => raw(`q.g${i}k`)))}) = ${2 ** dims.length - 1}` : sql`true`
  const having = compiler.rollup ? sql`having sum(q.rn) <> 0 or ${grandTotal}` : sql``
  const query = sql<Record<string, unknown>>`select ${sql.join(outer)} from (select ${selectList} ${compiler.fromWhere()}) q
    group by grouping sets (${sql.join(sets)}) ${having} ${order.length ? sql`order by ${sql.join(order)}` : sql``} limit ${MAX_GROUP_ROWS * Math.max(1, pivot ? 50 : 1) + 1}`
  const { rows } = await query.execute(ctx.tx)

  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v))
  const pivotIndex = groups.length
  const pivotColumns: { key: string | null; label: string | null; order: number }[] = []
  const pivotSlot = new Map<string, number>()
  if (pivot) {
    // Pivot columns in the order the database sorted them.
    const orderedKeys = rows.filter((r) => Number(r[`gr${pivotIndex}`]) === 0)
    for (const r of orderedKeys) {
      const key = text(r[`g${pivotIndex}k`])
      const slotKey = JSON.stringify(key)
      if (!pivotSlot.has(slotKey)) {
        pivotSlot.set(slotKey, pivotColumns.length)
        pivotColumns.push({ key, label: text(r[`g${pivotIndex}l`]), order: pivotColumns.length })
      }
    }
  }
  const out: ReportResultRow[] = []
  const byIdentity = new Map<string, ReportResultRow>()
  for (const r of rows) {
    let level = 0
    while (level < groups.length && Number(r[`gr${level}`]) === 0) level++
    const keys = groups.map((_, i) => (i < level ? text(r[`g${i}k`]) : null))
    const labels = groups.map((_, i) => (i < level ? text(r[`g${i}l`]) : null))
    const values = ms.map((_, i) => num(r[`v${i}`]))
    const identity = JSON.stringify([level, keys])
    let row = byIdentity.get(identity)
    if (!row) {
      row = { level, keys, labels, values: values.map(() => null), ...(pivot ? { cells: pivotColumns.map(() => ms.map(() => null)) } : {}) }
      if (!pivot) row.values = values
      byIdentity.set(identity, row)
      out.push(row)
    }
    if (pivot) {
      if (Number(r[`gr${pivotIndex}`]) === 1) row.values = values
      else row.cells![pivotSlot.get(JSON.stringify(text(r[`g${pivotIndex}k`])))!] = values
    }
  }
  const truncated = out.length > MAX_GROUP_ROWS
  const describe = (g: ReportGroup) => ({ field: g.field, label: compiler.field(g.field, 'groups').label, bucket: g.bucket ?? null })
  return {
    object: definition.object,
    groups: groups.map(describe),
    pivot: pivot ? describe(pivot) : null,
    pivotColumns: pivotColumns.map(({ key, label }) => ({ key, label })),
    measures: measures.map((m) => ({
      aggregate: m.aggregate,
      field: m.field ?? null,
      label: m.field ? compiler.field(m.field, 'measures').label : { ja: '件数', en: 'Count' },
    })),
    rows: truncated ? [...out.slice(0, MAX_GROUP_ROWS - 1), out[out.length - 1]!] : out,
    truncated,
  }
}
