/**
 * RFM scores and the seed's customer segments: their settings, refresh requests and reads.
 * They are computed, with CLV, by computeCustomerScores (customer-scores.service.ts) from the
 * purchases: orders that were not cancelled, and issued invoices that did not come from an order
 * (so one sale never counts twice).
 */
import { sql } from 'kysely'
import { authorize, visibleRecordsCondition } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { notFound } from '../../platform/errors.ts'
import { enqueueJob } from '../../platform/jobs/index.ts'
import type { CustomerScore, CustomerScoreQuery, RfmSettings, RfmSettingsPatch, RfmSummary, Segment } from './rfm.schema.ts'
import { TENANT_TODAY } from './tenant-day.ts'

export const RFM_JOB = 'analytics.rfm'
export const DEFAULT_RFM_SETTINGS: RfmSettings = { loyalMinPurchases: 5, loyalMinTenureDays: 365, dormantAfterDays: 365 }

export async function rfmSettingsOf(tx: Tx): Promise<RfmSettings> {
  const row = await tx.selectFrom('rfmSettings').select(['loyalMinPurchases', 'loyalMinTenureDays', 'dormantAfterDays']).executeTakeFirst()
  return row ?? DEFAULT_RFM_SETTINGS
}

// The two kinds of purchase. Two branches, not one OR: the invoices' anti-join then uses the kind index
// instead of a per-row plan that steered the planner to read every order through an index (16 s instead
// of 6 at 2.5M orders). The orders' condition is the predicate of sales_documents_purchases_idx (0398).
const ORDER_PURCHASE = sql`d.kind = 'order' and d.status <> 'cancelled'`
const INVOICE_PURCHASE = sql`d.kind = 'invoice' and d.status in ('issued', 'paid', 'partially_paid')
    and not exists (select 1 from sales_documents o where o.id = d.source_document_id and o.kind = 'order')`

/**
 * The purchase history: orders that were not cancelled, and issued invoices not made from an order
 * (an order and its invoice are one sale). Columns: account_id, issue_date, total.
 */
export const PURCHASES = sql`
  select d.account_id, d.issue_date, d.total from sales_documents d where ${ORDER_PURCHASE}
  union all
  select d.account_id, d.issue_date, d.total from sales_documents d where ${INVOICE_PURCHASE}`

/**
 * Per buying account: purchases, spend, first and last purchase day. Each branch is summed on its own
 * and the two combined: the orders' sums then come from sales_documents_purchases_idx in account order
 * (no sort, no hash of every purchase) — 1.6 s instead of 4.2 s for 2.4M orders.
 */
export const PURCHASE_TOTALS = sql`
  select account_id, sum(purchases)::int as purchases, sum(monetary) as monetary, min(first_on) as first_on, max(last_on) as last_on
  from (
    select d.account_id, count(*) as purchases, sum(d.total) as monetary, min(d.issue_date) as first_on, max(d.issue_date) as last_on
    from sales_documents d where ${ORDER_PURCHASE} group by d.account_id
    union all
    select d.account_id, count(*), sum(d.total), min(d.issue_date), max(d.issue_date)
    from sales_documents d where ${INVOICE_PURCHASE} group by d.account_id
  ) p group by account_id`

/** Queues a recomputation for the actor's tenant (one at a time). */
export async function requestRfmRefresh(ctx: ServiceContext): Promise<{ jobId: string | null }> {
  authorize(ctx, 'analytics', 'read')
  const jobId = await enqueueJob(ctx.tx, { type: RFM_JOB, payload: { tenantId: ctx.actor.tenantId }, uniqueKey: `rfm:${ctx.actor.tenantId}` })
  return { jobId }
}

export async function getRfmSettings(ctx: ServiceContext): Promise<RfmSettings> {
  authorize(ctx, 'analytics', 'read')
  return rfmSettingsOf(ctx.tx)
}

export async function updateRfmSettings(ctx: ServiceContext, patch: RfmSettingsPatch): Promise<RfmSettings> {
  authorize(ctx, 'analyticsSettings', 'update')
  const before = await rfmSettingsOf(ctx.tx)
  const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as RfmSettings
  await ctx.tx
    .insertInto('rfmSettings')
    .values({ tenantId: ctx.actor.tenantId, ...after })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet({ ...after, updatedAt: sql<Date>`now()` }))
    .execute()
  const changed = await recordAudit(ctx, { objectType: 'analyticsSettings', objectId: ctx.actor.tenantId, action: 'update', before, after })
  // New thresholds move segments only: RFM alone, without refitting CLV (its own key, so it never stands in for a
  // full refresh someone asked for).
  if (changed) await enqueueJob(ctx.tx, { type: RFM_JOB, payload: { tenantId: ctx.actor.tenantId, clv: false }, uniqueKey: `rfm-segments:${ctx.actor.tenantId}` })
  return after
}

function visibleScores(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('customerScores as c')
    .innerJoin('accounts as a', 'a.id', 'c.accountId')
    .where(visibleRecordsCondition(ctx, 'accounts', 'a'))
}

export async function getRfmSummary(ctx: ServiceContext): Promise<RfmSummary> {
  authorize(ctx, 'analytics', 'read')
  authorize(ctx, 'accounts', 'read')
  const segments = await visibleScores(ctx)
    .select(['c.segment', sql<number>`count(*)::int`.as('customers'), sql<string>`coalesce(sum(c.monetary), 0)`.as('monetary'), sql<Date | null>`max(c.computed_at)`.as('computedAt')])
    .groupBy('c.segment')
    .execute()
  const grid = await visibleScores(ctx)
    .select(['c.rScore as r', 'c.fScore as f', sql<number>`count(*)::int`.as('customers')])
    .where('c.rScore', 'is not', null)
    .groupBy(['c.rScore', 'c.fScore'])
    .orderBy('c.rScore')
    .orderBy('c.fScore')
    .execute()
  // Rows are written only when their figures change: the run's own time says when the job last ran.
  const run = await ctx.tx.selectFrom('customerScoreRuns').select('computedAt').executeTakeFirst()
  const computed = [run?.computedAt ?? null, ...segments.map((s) => s.computedAt)].filter((d): d is Date => d !== null)
  const order: Segment[] = ['loyal', 'repeat', 'one_time', 'dormant', 'prospect']
  return {
    computedAt: computed.length > 0 ? new Date(Math.max(...computed.map((d) => d.getTime()))).toISOString() : null,
    settings: await rfmSettingsOf(ctx.tx),
    segments: order.map((segment) => {
      const found = segments.find((s) => s.segment === segment)
      return { segment, customers: found?.customers ?? 0, monetary: Number(found?.monetary ?? 0) }
    }),
    grid: grid.map((g) => ({ r: g.r!, f: g.f!, customers: g.customers })),
  }
}

function present(row: {
  accountId: string
  accountName: string
  purchases: number
  monetary: string
  firstPurchaseOn: string | null
  lastPurchaseOn: string | null
  recencyDays: number | null
  rScore: number | null
  fScore: number | null
  mScore: number | null
  segment: Segment
  computedAt: Date
  probabilityAlive: number | null
  expectedPurchases: number | null
  expectedOrderValue: string | null
  clv: string | null
}): CustomerScore {
  return {
    accountId: row.accountId,
    accountName: row.accountName,
    purchases: row.purchases,
    monetary: Number(row.monetary),
    firstPurchaseOn: row.firstPurchaseOn,
    lastPurchaseOn: row.lastPurchaseOn,
    recencyDays: row.recencyDays,
    r: row.rScore,
    f: row.fScore,
    m: row.mScore,
    segment: row.segment,
    computedAt: row.computedAt.toISOString(),
    probabilityAlive: row.probabilityAlive,
    expectedPurchases: row.expectedPurchases,
    expectedOrderValue: row.expectedOrderValue === null ? null : Number(row.expectedOrderValue),
    clv: row.clv === null ? null : Number(row.clv),
  }
}

const scoreColumns = [
  'c.accountId',
  'a.name as accountName',
  'c.purchases',
  'c.monetary',
  'c.firstPurchaseOn',
  'c.lastPurchaseOn',
  // Days since the last purchase as of today, not as of the last scoring run (the stored rows change only when a
  // figure does, decision 0030).
  sql<number | null>`${TENANT_TODAY} - c.last_purchase_on`.as('recencyDays'),
  'c.rScore',
  'c.fScore',
  'c.mScore',
  'c.segment',
  'c.computedAt',
  'c.probabilityAlive',
  'c.expectedPurchases',
  'c.expectedOrderValue',
  'c.clv',
] as const

/** Customers of a segment (or all), biggest spenders first. */
export async function listCustomerScores(ctx: ServiceContext, query: CustomerScoreQuery): Promise<Page<CustomerScore>> {
  authorize(ctx, 'analytics', 'read')
  authorize(ctx, 'accounts', 'read')
  const after = decodeCursor(query.cursor, 2)
  let q = visibleScores(ctx).select(scoreColumns)
  if (query.segment) q = q.where('c.segment', '=', query.segment)
  if (after) q = q.where(sql`(c.monetary, c.account_id)`, '<', sql`(${after[0]}::numeric, ${after[1]}::uuid)`)
  const rows = await q.orderBy('c.monetary', 'desc').orderBy('c.accountId', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (r) => [r.monetary, r.accountId])
  return { data: page.data.map(present), nextCursor: page.nextCursor }
}

export async function getCustomerScore(ctx: ServiceContext, accountId: string): Promise<CustomerScore> {
  authorize(ctx, 'analytics', 'read')
  authorize(ctx, 'accounts', 'read')
  const row = await visibleScores(ctx).select(scoreColumns).where('c.accountId', '=', accountId).executeTakeFirst()
  if (!row) throw notFound('Score')
  return present(row)
}
