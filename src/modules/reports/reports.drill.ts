/**
 * Drill-down: the rows behind one total of a report (a detail cell, a subtotal or the grand
 * total), paged newest first by keyset on the row id, with only the columns the actor may see.
 */
import { sql } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, toPage } from '../../platform/db/pagination.ts'
import { invalid } from '../../platform/errors.ts'
import { mayUseField, prepare, tenantTimeZone } from './reports.engine.ts'
import type { DrillRequest, DrillResult } from './reports.schema.ts'

export async function drillReport(ctx: ServiceContext, input: DrillRequest): Promise<DrillResult> {
  const { compiler, groups, pivot } = prepare(ctx, input.definition)
  if (input.path.length > groups.length) throw invalid('The path is longer than the report has groups.', [{ path: 'path', message: `At most ${groups.length} keys.` }])
  if (input.pivotKey !== undefined && !pivot) throw invalid('The report has no pivot.', [{ path: 'pivotKey', message: 'Leave it out.' }])
  const timeZone = await tenantTimeZone(ctx)
  compiler.timeZone = timeZone
  const conditions = input.path.map((value, i) => {
    const { key } = compiler.groupExprs(groups[i]!, `groups.${i}`, timeZone)
    return value === null ? sql`${key} is null` : sql`${key} = ${value}`
  })
  if (pivot && input.pivotKey !== undefined) {
    const { key } = compiler.groupExprs(pivot, 'pivot', timeZone)
    conditions.push(input.pivotKey === null ? sql`${key} is null` : sql`${key} = ${input.pivotKey}`)
  }
  // Named columns must be visible; default columns the actor may not see are simply left out.
  const columns = input.definition.columns
    ? input.definition.columns.map((key, i) => compiler.field(key, `columns.${i}`))
    : compiler.object.defaultColumns.map((key) => compiler.object.fields.find((f) => f.key === key)!).filter((f) => mayUseField(ctx, f)).map((f) => compiler.field(f.key, 'columns'))
  const limit = input.limit ?? 50
  const after = decodeCursor(input.cursor, 1)
  const rowId = compiler.rowId()
  const countWhere = compiler.fromWhere(conditions)
  const pageConditions = after ? [...conditions, sql`${rowId} < ${after[0]}`] : conditions
  const select = [
    sql`${rowId}::text as rid`,
    ...columns.map((c, i) => {
      const expr = sql.raw(c.type === 'ref' ? c.labelExpr! : c.expr)
      const typed = c.type === 'number' || c.type === 'money' ? sql`(${expr})::float8` : c.type === 'date' ? sql`to_char(${expr}, 'YYYY-MM-DD')` : expr
      return sql`${typed} as ${sql.raw(`c${i}`)}`
    }),
  ]
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(select)} ${compiler.fromWhere(pageConditions)} order by ${rowId} desc limit ${limit + 1}`.execute(ctx.tx)
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n ${countWhere}`.execute(ctx.tx)
  const page = toPage(rows, limit, (r) => [String(r.rid)])
  return {
    columns: columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
    data: page.data.map((r) => ({
      id: String(r.rid),
      values: Object.fromEntries(
        columns.map((c, i) => {
          const v = r[`c${i}`]
          return [c.key, v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'number' ? v : String(v)]
        }),
      ),
    })),
    nextCursor: page.nextCursor,
    total: Number(counted[0]?.n ?? 0),
  }
}
