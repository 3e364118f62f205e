/**
 * Incentives (インセンティブ): commission plans (admins), their assignment to reps for periods, and statements
 * computed from won deals / paid invoices. Reps read their own statements, managers their team's, admins all.
 */
import { sql } from 'kysely'
import { authorize, can } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { computeCommission } from './commission-math.ts'
import { loadSources } from './incentives.queries.ts'
import type {
  CommissionAssignment,
  CommissionAssignmentInput,
  CommissionPlan,
  CommissionPlanInput,
  CommissionPlanPatch,
  Statement,
  StatementListQuery,
  StatementSummary,
} from './incentives.schema.ts'

export const PLANS_OBJECT = 'commissionPlans'

async function loadPlans(ctx: ServiceContext, id?: string): Promise<CommissionPlan[]> {
  let query = ctx.tx.selectFrom('commissionPlans').selectAll().orderBy('name').orderBy('id')
  if (id) query = query.where('id', '=', id)
  const rows = await query.execute()
  if (rows.length === 0) return []
  const assignments = await ctx.tx
    .selectFrom('commissionAssignments as ca')
    .leftJoin('users as u', 'u.id', 'ca.userId')
    .select(['ca.id', 'ca.planId', 'ca.userId', 'u.name as userName', sql<string>`ca.period_start::text`.as('periodStart'), sql<string>`ca.period_end::text`.as('periodEnd')])
    .where('ca.planId', 'in', rows.map((r) => r.id))
    .orderBy('ca.periodStart', 'desc')
    .orderBy('u.name')
    .execute()
  const productIds = [...new Set(rows.flatMap((r) => r.productRates.map((p) => p.productId)))]
  const products = productIds.length > 0 ? await ctx.tx.selectFrom('products').select(['id', 'name']).where('id', 'in', productIds).execute() : []
  const productName = new Map(products.map((p) => [p.id, p.name]))
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    basis: r.basis,
    method: r.method,
    rate: Number(r.rate),
    tierMode: r.tierMode,
    tiers: r.tiers,
    productRates: r.productRates.map((p) => ({ ...p, productName: productName.get(p.productId) ?? null })),
    currency: r.currency,
    isActive: r.isActive,
    assignments: assignments.filter((a) => a.planId === r.id),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }))
}

export async function listCommissionPlans(ctx: ServiceContext): Promise<{ data: CommissionPlan[] }> {
  authorize(ctx, PLANS_OBJECT, 'read')
  return { data: await loadPlans(ctx) }
}

export async function getCommissionPlan(ctx: ServiceContext, id: string): Promise<CommissionPlan> {
  authorize(ctx, PLANS_OBJECT, 'read')
  const [plan] = await loadPlans(ctx, id)
  if (!plan) throw notFound('Commission plan')
  return plan
}

async function assertProducts(ctx: ServiceContext, productRates: readonly { productId: string }[] | undefined): Promise<void> {
  if (!productRates || productRates.length === 0) return
  const ids = [...new Set(productRates.map((p) => p.productId))]
  const found = new Set((await ctx.tx.selectFrom('products').select('id').where('id', 'in', ids).execute()).map((p) => p.id))
  const details = productRates.flatMap((p, i) => (found.has(p.productId) ? [] : [{ path: `productRates.${i}.productId`, message: 'No such product in this tenant.' }]))
  if (details.length > 0) throw invalid('Some products do not exist.', details)
}

const auditable = ({ assignments: _a, createdAt: _c, updatedAt: _u, productRates, ...plan }: CommissionPlan) => ({
  ...plan,
  productRates: productRates.map(({ productName: _n, ...p }) => p),
})

export async function createCommissionPlan(ctx: ServiceContext, input: CommissionPlanInput): Promise<CommissionPlan> {
  authorize(ctx, PLANS_OBJECT, 'create')
  await assertProducts(ctx, input.productRates)
  const id = newId()
  await ctx.tx
    .insertInto('commissionPlans')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      name: input.name,
      description: input.description ?? null,
      basis: input.basis,
      method: input.method,
      rate: input.rate,
      tierMode: input.tierMode,
      tiers: JSON.stringify(input.tiers),
      productRates: JSON.stringify(input.productRates),
      currency: input.currency,
      isActive: input.isActive,
      createdBy: ctx.actor.userId,
    })
    .execute()
  const created = await getCommissionPlan(ctx, id)
  await recordAudit(ctx, { objectType: PLANS_OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'commission_plan.created', { objectType: PLANS_OBJECT, objectId: id, payload: { name: created.name } })
  return created
}

export async function updateCommissionPlan(ctx: ServiceContext, id: string, patch: CommissionPlanPatch): Promise<CommissionPlan> {
  authorize(ctx, PLANS_OBJECT, 'update')
  const locked = await ctx.tx.selectFrom('commissionPlans').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  if (!locked) throw notFound('Commission plan')
  const before = await getCommissionPlan(ctx, id)
  await assertProducts(ctx, patch.productRates)
  const { tiers, productRates, ...fields } = patch
  const method = patch.method ?? before.method
  if (method === 'tiered' && (tiers ?? before.tiers).length === 0) throw invalid('A tiered plan needs at least one tier.', [{ path: 'tiers', message: 'Add a tier.' }])
  await ctx.tx
    .updateTable('commissionPlans')
    .set({
      ...fields,
      ...(tiers !== undefined ? { tiers: JSON.stringify(tiers) } : {}),
      ...(productRates !== undefined ? { productRates: JSON.stringify(productRates) } : {}),
      updatedAt: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute()
  const after = await getCommissionPlan(ctx, id)
  const changed = await recordAudit(ctx, { objectType: PLANS_OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'commission_plan.updated', { objectType: PLANS_OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

export async function deleteCommissionPlan(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, PLANS_OBJECT, 'delete')
  const before = await getCommissionPlan(ctx, id)
  await ctx.tx.deleteFrom('commissionPlans').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: PLANS_OBJECT, objectId: id, action: 'delete', before: auditable(before) })
}

export async function assignCommissionPlan(ctx: ServiceContext, planId: string, input: CommissionAssignmentInput): Promise<CommissionAssignment> {
  authorize(ctx, PLANS_OBJECT, 'update')
  await getCommissionPlan(ctx, planId)
  const member = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', input.userId).executeTakeFirst()
  if (!member) throw invalid('No such user in this tenant.', [{ path: 'userId', message: 'Not a member.' }])
  const id = newId()
  try {
    await ctx.tx
      .insertInto('commissionAssignments')
      .values({ id, tenantId: ctx.actor.tenantId, planId, userId: input.userId, periodStart: input.periodStart, periodEnd: input.periodEnd, createdBy: ctx.actor.userId })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This rep already follows the plan from that day.', [{ path: 'periodStart', message: input.periodStart }])
    throw error
  }
  await recordAudit(ctx, { objectType: PLANS_OBJECT, objectId: planId, action: 'assign', after: { assignmentId: id, ...input } })
  const plan = await getCommissionPlan(ctx, planId)
  return plan.assignments.find((a) => a.id === id)!
}

export async function removeCommissionAssignment(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, PLANS_OBJECT, 'update')
  const before = await ctx.tx.selectFrom('commissionAssignments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!before) throw notFound('Commission assignment')
  await ctx.tx.deleteFrom('commissionAssignments').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: PLANS_OBJECT, objectId: before.planId, action: 'unassign', before: { assignmentId: id, userId: before.userId, periodStart: before.periodStart, periodEnd: before.periodEnd } })
}

/**
 * Whose statements the actor may read: admins (who manage plans) everyone's; managers their own and their
 * team's (the team and the teams beneath it); anyone else only their own.
 */
async function statementUsers(ctx: ServiceContext): Promise<'all' | string[]> {
  if (can(ctx, PLANS_OBJECT, 'read')) return 'all'
  if (ctx.actor.role.key === 'manager' && ctx.actor.teamId) {
    const rows = await sql<{ userId: string }>`
      with recursive subtree as (
        select id from teams where id = ${ctx.actor.teamId}
        union all
        select t.id from teams t join subtree s on t.parent_id = s.id
      ) select m.user_id as "userId" from memberships m where m.team_id in (select id from subtree)`.execute(ctx.tx)
    return [...new Set([ctx.actor.userId, ...rows.rows.map((r) => r.userId)])]
  }
  return [ctx.actor.userId]
}

function selectAssignments(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('commissionAssignments as ca')
    .innerJoin('commissionPlans as p', 'p.id', 'ca.planId')
    .leftJoin('users as u', 'u.id', 'ca.userId')
    .select([
      'ca.id',
      'ca.userId',
      'u.name as userName',
      'p.id as planId',
      'p.name as planName',
      'p.basis',
      'p.method',
      'p.rate',
      'p.tierMode',
      'p.tiers',
      'p.productRates',
      'p.currency',
      sql<string>`ca.period_start::text`.as('periodStart'),
      sql<string>`ca.period_end::text`.as('periodEnd'),
    ])
}
type AssignmentRow = Awaited<ReturnType<ReturnType<typeof selectAssignments>['execute']>>[number]

async function buildStatement(ctx: ServiceContext, row: AssignmentRow): Promise<Statement> {
  const sources = await loadSources(ctx.tx, { userId: row.userId, from: row.periodStart, to: row.periodEnd, currency: row.currency, basis: row.basis })
  const { lines, totals } = computeCommission({ method: row.method, rate: Number(row.rate), tierMode: row.tierMode, tiers: row.tiers, productRates: row.productRates, currency: row.currency }, sources)
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    planId: row.planId,
    planName: row.planName,
    basis: row.basis,
    method: row.method,
    tierMode: row.tierMode,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    currency: row.currency,
    totals: { ...totals, lineCount: lines.length },
    lines,
  }
}

export async function listStatements(ctx: ServiceContext, query: StatementListQuery): Promise<{ data: StatementSummary[] }> {
  const users = await statementUsers(ctx)
  let q = selectAssignments(ctx).orderBy('ca.periodStart', 'desc').orderBy('u.name').orderBy('ca.id').limit(500)
  if (users !== 'all') q = q.where('ca.userId', 'in', users)
  if (query.userId) q = q.where('ca.userId', '=', query.userId)
  if (query.from) q = q.where('ca.periodEnd', '>=', query.from)
  if (query.to) q = q.where('ca.periodStart', '<=', query.to)
  const rows = await q.execute()
  const data: StatementSummary[] = []
  for (const row of rows) {
    const { lines: _lines, ...summary } = await buildStatement(ctx, row)
    data.push(summary)
  }
  return { data }
}

export async function getStatement(ctx: ServiceContext, id: string): Promise<Statement> {
  const users = await statementUsers(ctx)
  const row = await selectAssignments(ctx).where('ca.id', '=', id).executeTakeFirst()
  // Someone else's statement answers as if it did not exist.
  if (!row || (users !== 'all' && !users.includes(row.userId))) throw notFound('Commission statement')
  return buildStatement(ctx, row)
}

const CSV_HEADERS = {
  ja: ['担当者', 'プラン', '期間開始', '期間終了', '種別', '元帳票', '日付', '内容', '対象額', '料率(%)', 'コミッション', '通貨'],
  en: ['Rep', 'Plan', 'Period start', 'Period end', 'Source', 'Reference', 'Date', 'Description', 'Base', 'Rate (%)', 'Commission', 'Currency'],
}
const SOURCE_LABEL = { ja: { deal: '受注商談', invoice: '入金済み請求書' }, en: { deal: 'Won deal', invoice: 'Paid invoice' } }
const TOTAL_LABEL = { ja: '合計', en: 'Total' }

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The statement as CSV (one row per line, then the total), for payroll. */
export async function statementCsv(ctx: ServiceContext, id: string, lang: 'ja' | 'en'): Promise<{ fileName: string; csv: string }> {
  const s = await getStatement(ctx, id)
  const head = [s.userName, s.planName, s.periodStart, s.periodEnd]
  const rows = [
    CSV_HEADERS[lang],
    ...s.lines.map((l) => [...head, SOURCE_LABEL[lang][l.sourceType], l.sourceLabel, l.date, l.description, l.base, l.rate, l.commission, s.currency]),
    [...head, TOTAL_LABEL[lang], '', '', '', s.totals.base, '', s.totals.commission, s.currency],
  ]
  return { fileName: `commission-${s.periodStart}-${s.userId.slice(-8)}.csv`, csv: rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n' }
}
