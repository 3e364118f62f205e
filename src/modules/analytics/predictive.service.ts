/**
 * The predictive models of a tenant, computed from its own history: the churn model and every buyer's
 * churn risk (models/churn.ts), cohort retention by acquisition month and market-basket rules between
 * products. Reading, fitting and writing are separate steps so the job (predictive.jobs.ts) can fit
 * outside any transaction: PGlite has one connection, and a long fit must not hold it.
 */
import { sql } from 'kysely'
import { authorize, can, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { notFound } from '../../platform/errors.ts'
import { basketRules } from './models/basket.ts'
import { type ChurnModel, type ChurnReason, churnReasons, churnRisk, type RawFeatures, reasonText, type TrainingRow, trainChurnModel } from './models/churn.ts'
import { cohortMatrix } from './models/cohorts.ts'
import type { BasketRulesView, ChurnModelView, ChurnScoreView, CohortsView } from './predictive.schema.ts'
import { TENANT_TODAY, tenantToday } from './tenant-day.ts'
import { PURCHASES } from './rfm.service.ts'

/** Churned = no purchase within this many days after the cutoff; the training cutoff is this long before today. */
export const CHURN_WINDOW_DAYS = 180
/** A product pair must be in at least this share of baskets (and in two baskets at least) to make a rule. */
export const BASKET_MIN_SUPPORT = 0.01
const BASKET_MAX_RULES = 500
const COHORT_MONTHS = 12
const WRITE_BATCH = 2_000

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

interface FeatureRow {
  accountId: string
  features: RawFeatures
  churned: boolean | null
}

/**
 * Features of every account that had bought by `asOf`, from purchases and activities up to that day;
 * with `labelUntil`, whether it bought nothing in (asOf, labelUntil] (the churn label).
 */
async function featuresAsOf(tx: Tx, asOf: string, labelUntil: string | null): Promise<FeatureRow[]> {
  const d = sql`${asOf}::date`
  const label = labelUntil
    ? sql`not exists (select 1 from purchases q where q.account_id = agg.account_id and q.issue_date > ${d} and q.issue_date <= ${labelUntil}::date)`
    : sql`null::boolean`
  const rows = await sql<{ accountId: string; recency: number; tenure: number; f365: number; m365: number; trend: number; a90: number; dsa: number; churned: boolean | null }>`
    with purchases as (${PURCHASES}),
    agg as (
      select account_id, (${d} - max(issue_date))::int as recency, (${d} - min(issue_date))::int as tenure,
        (count(*) filter (where issue_date > ${d} - 365))::int as f365,
        coalesce(sum(total) filter (where issue_date > ${d} - 365), 0)::float8 as m365,
        ((count(*) filter (where issue_date > ${d} - 182)) - (count(*) filter (where issue_date <= ${d} - 182 and issue_date > ${d} - 365)))::int as trend
      from purchases where issue_date <= ${d} group by account_id),
    acts as (
      select account_id, (count(*) filter (where day > ${d} - 90))::int as a90, max(day) as last_day
      from (select account_id, coalesce(starts_at, sent_at, completed_at, created_at)::date as day from activities where account_id is not null) x
      where day <= ${d} group by account_id)
    select agg.account_id as "accountId", agg.recency, agg.tenure, agg.f365, agg.m365, agg.trend,
      coalesce(acts.a90, 0) as a90, least(coalesce((${d} - acts.last_day)::int, 730), 730) as dsa, ${label} as churned
    from agg left join acts on acts.account_id = agg.account_id
    order by agg.account_id`.execute(tx)
  return rows.rows.map((r) => ({
    accountId: r.accountId,
    churned: r.churned,
    features: {
      recencyDays: r.recency,
      purchases365: r.f365,
      monetary365: Number(r.m365),
      purchaseTrend: r.trend,
      tenureDays: r.tenure,
      activities90: r.a90,
      daysSinceActivity: r.dsa,
    },
  }))
}

export interface ChurnData {
  today: string
  cutoff: string
  training: TrainingRow[]
  current: { accountId: string; features: RawFeatures }[]
}

/** Step 1 (in a short transaction): the training set as of the cutoff, and today's features to score. */
export async function readChurnData(tx: Tx, today?: string): Promise<ChurnData> {
  const day = today ?? (await tenantToday(tx))
  const cutoff = addDays(day, -CHURN_WINDOW_DAYS)
  const training = (await featuresAsOf(tx, cutoff, day)).map((r) => ({ accountId: r.accountId, features: r.features, churned: r.churned === true }))
  const current = (await featuresAsOf(tx, day, null)).map((r) => ({ accountId: r.accountId, features: r.features }))
  return { today: day, cutoff, training, current }
}

export interface ChurnFit {
  model: ChurnModel | null
  scores: { accountId: string; risk: number; reasons: ChurnReason[] }[]
}

/** Step 2 (no transaction): fit and score. */
export function fitChurn(data: ChurnData): ChurnFit {
  const model = trainChurnModel(data.training)
  if (!model) return { model: null, scores: [] }
  return { model, scores: data.current.map((c) => ({ accountId: c.accountId, risk: churnRisk(model, c.features), reasons: churnReasons(model, c.features) })) }
}

/** Step 3 (in a short transaction): replace the model and the scores. Without a model both are cleared. */
export async function writeChurn(tx: Tx, data: ChurnData, fit: ChurnFit): Promise<void> {
  await sql`delete from churn_scores`.execute(tx)
  if (!fit.model) {
    await sql`delete from churn_models`.execute(tx)
    return
  }
  const m = fit.model
  await sql`
    insert into churn_models (tenant_id, features, weights, auc, train_size, test_size, churn_rate, cutoff_date, window_days, trained_at)
    values (daifuku_current_tenant(), ${JSON.stringify(m.features)}::jsonb, ${JSON.stringify(m.weights)}::jsonb, ${m.auc}, ${m.trainSize}, ${m.testSize},
      ${m.churnRate}, ${data.cutoff}::date, ${CHURN_WINDOW_DAYS}, now())
    on conflict (tenant_id) do update set features = excluded.features, weights = excluded.weights, auc = excluded.auc,
      train_size = excluded.train_size, test_size = excluded.test_size, churn_rate = excluded.churn_rate,
      cutoff_date = excluded.cutoff_date, window_days = excluded.window_days, trained_at = now()`.execute(tx)
  for (let at = 0; at < fit.scores.length; at += WRITE_BATCH) {
    const batch = fit.scores.slice(at, at + WRITE_BATCH)
    await sql`
      insert into churn_scores (tenant_id, account_id, risk, reasons)
      select daifuku_current_tenant(), v.account_id, v.risk, v.reasons::jsonb
      from unnest(${batch.map((s) => s.accountId)}::uuid[], ${batch.map((s) => s.risk)}::float8[], ${batch.map((s) => JSON.stringify(s.reasons))}::text[])
        as v(account_id, risk, reasons)`.execute(tx)
  }
}

/** All three churn steps in one transaction (tests and small tenants). */
export async function computeChurn(tx: Tx, today?: string): Promise<ChurnModel | null> {
  const data = await readChurnData(tx, today)
  const fit = fitChurn(data)
  await writeChurn(tx, data, fit)
  return fit.model
}

/** Retention of the last 24 acquisition months, months +0 … +11, recomputed in one statement. */
export async function computeCohorts(tx: Tx, today?: string): Promise<{ cohorts: number }> {
  const day = today ? sql`${today}::date` : TENANT_TODAY
  await sql`delete from cohort_retention`.execute(tx)
  const result = await sql`
    insert into cohort_retention (tenant_id, cohort_month, months_after, customers, active)
    with purchases as (${PURCHASES}),
    firsts as (select account_id, date_trunc('month', min(issue_date))::date as cohort from purchases group by account_id),
    sizes as (select cohort, count(*)::int as customers from firsts group by cohort),
    months as (select distinct account_id, date_trunc('month', issue_date)::date as month from purchases),
    offsets as (
      select f.cohort, ((extract(year from m.month) - extract(year from f.cohort)) * 12 + extract(month from m.month) - extract(month from f.cohort))::int as n
      from firsts f join months m on m.account_id = f.account_id
      where f.cohort >= (date_trunc('month', ${day}) - interval '23 months')::date)
    select daifuku_current_tenant(), o.cohort, o.n, s.customers, count(*)::int
    from offsets o join sizes s on s.cohort = o.cohort
    where o.n between 0 and ${COHORT_MONTHS - 1}
    group by o.cohort, o.n, s.customers`.execute(tx)
  const cohorts = await sql<{ n: number }>`select count(distinct cohort_month)::int as n from cohort_retention`.execute(tx)
  void result
  return { cohorts: cohorts.rows[0]!.n }
}

/**
 * Baskets are orders (not cancelled) and issued invoices not made from an order; items are their lines'
 * products. Pair counts come from SQL (only pairs that can reach the minimum support); rules from basketRules.
 */
export async function computeBaskets(tx: Tx, minSupport = BASKET_MIN_SUPPORT): Promise<{ transactions: number; rules: number }> {
  await sql`delete from basket_rules`.execute(tx)
  const items = sql`
    select distinct l.document_id, l.product_id from sales_document_lines l join sales_documents d on d.id = l.document_id
    where l.product_id is not null and ((d.kind = 'order' and d.status <> 'cancelled')
      or (d.kind = 'invoice' and d.status in ('issued', 'paid', 'partially_paid')
          and not exists (select 1 from sales_documents o where o.id = d.source_document_id and o.kind = 'order')))`
  const counts = await sql<{ productId: string; baskets: number }>`
    with items as (${items}) select product_id as "productId", count(*)::int as baskets from items group by product_id`.execute(tx)
  const total = await sql<{ n: number }>`with items as (${items}) select count(distinct document_id)::int as n from items`.execute(tx)
  const transactions = total.rows[0]!.n
  if (transactions === 0) return { transactions, rules: 0 }
  const minCount = Math.max(2, Math.ceil(minSupport * transactions - 1e-9))
  const pairs = await sql<{ a: string; b: string; count: number }>`
    with items as (${items})
    select x.product_id as a, y.product_id as b, count(*)::int as count
    from items x join items y on y.document_id = x.document_id and x.product_id < y.product_id
    group by x.product_id, y.product_id having count(*) >= ${minCount}`.execute(tx)
  const rules = basketRules({ transactions, items: new Map(counts.rows.map((r) => [r.productId, r.baskets])), pairs: pairs.rows }, minSupport).slice(0, BASKET_MAX_RULES)
  if (rules.length > 0) {
    await sql`
      insert into basket_rules (tenant_id, antecedent_id, consequent_id, pair_count, transactions, support, confidence, lift)
      select daifuku_current_tenant(), v.a, v.c, v.n, ${transactions}, v.s, v.conf, v.lift
      from unnest(${rules.map((r) => r.antecedent)}::uuid[], ${rules.map((r) => r.consequent)}::uuid[], ${rules.map((r) => r.pairCount)}::int[],
                  ${rules.map((r) => r.support)}::float8[], ${rules.map((r) => r.confidence)}::float8[], ${rules.map((r) => r.lift)}::float8[])
        as v(a, c, n, s, conf, lift)`.execute(tx)
  }
  return { transactions, rules: rules.length }
}

// ---- Reading ----

/** The model's figures; AUC and sizes are for admins only (analytics settings), others get null. */
export async function getChurnModel(ctx: ServiceContext): Promise<ChurnModelView | null> {
  authorize(ctx, 'analytics', 'read')
  const row = await sql<{ auc: number | null; trainSize: number; testSize: number; churnRate: number; cutoffDate: string; windowDays: number; trainedAt: Date; features: ChurnModel['features']; weights: number[] }>`
    select auc, train_size as "trainSize", test_size as "testSize", churn_rate as "churnRate", to_char(cutoff_date, 'YYYY-MM-DD') as "cutoffDate",
      window_days as "windowDays", trained_at as "trainedAt", features, weights from churn_models`.execute(ctx.tx)
  const m = row.rows[0]
  if (!m) return null
  const admin = can(ctx, 'analyticsSettings', 'read')
  return {
    auc: admin ? m.auc : null,
    trainSize: admin ? m.trainSize : null,
    testSize: admin ? m.testSize : null,
    churnRate: m.churnRate,
    cutoffDate: m.cutoffDate,
    windowDays: m.windowDays,
    trainedAt: new Date(m.trainedAt).toISOString(),
    weights: admin ? m.features.map((f, i) => ({ feature: f.name, weight: m.weights[i + 1]! })) : [],
  }
}

export function riskLevel(risk: number): 'high' | 'medium' | 'low' {
  return risk >= 0.6 ? 'high' : risk >= 0.3 ? 'medium' : 'low'
}

async function assertVisibleAccount(ctx: ServiceContext, accountId: string): Promise<void> {
  authorize(ctx, 'accounts', 'read')
  const found = await ctx.tx.selectFrom('accounts as a').select('a.id').where('a.id', '=', accountId).where(visibleRecordsCondition(ctx, 'accounts', 'a')).executeTakeFirst()
  if (!found) throw notFound('Account')
}

/** One account's churn risk with its reasons; not found when it has no score (no purchase, or no model yet). */
export async function getChurnScore(ctx: ServiceContext, accountId: string): Promise<ChurnScoreView> {
  authorize(ctx, 'analytics', 'read')
  await assertVisibleAccount(ctx, accountId)
  const row = await sql<{ risk: number; reasons: ChurnReason[]; computedAt: Date }>`
    select risk, reasons, computed_at as "computedAt" from churn_scores where account_id = ${accountId}`.execute(ctx.tx)
  const s = row.rows[0]
  if (!s) throw notFound('Churn score')
  return {
    accountId,
    risk: s.risk,
    level: riskLevel(s.risk),
    reasons: s.reasons.map((r) => ({ ...r, text: reasonText(r) })),
    computedAt: new Date(s.computedAt).toISOString(),
  }
}

export async function getCohorts(ctx: ServiceContext): Promise<CohortsView> {
  authorize(ctx, 'analytics', 'read')
  const cells = await sql<{ cohortMonth: string; monthsAfter: number; customers: number; active: number; computedAt: Date }>`
    select to_char(cohort_month, 'YYYY-MM-DD') as "cohortMonth", months_after as "monthsAfter", customers, active, computed_at as "computedAt"
    from cohort_retention order by cohort_month, months_after`.execute(ctx.tx)
  const today = await tenantToday(ctx.tx)
  const computedAt = cells.rows[0]?.computedAt
  return { computedAt: computedAt ? new Date(computedAt).toISOString() : null, months: COHORT_MONTHS, rows: cohortMatrix(cells.rows, today, COHORT_MONTHS) }
}

export async function listBasketRules(ctx: ServiceContext, limit: number): Promise<BasketRulesView> {
  authorize(ctx, 'analytics', 'read')
  authorize(ctx, 'products', 'read')
  const rows = await sql<{ antecedentId: string; antecedentName: string; consequentId: string; consequentName: string; pairCount: number; transactions: number; support: number; confidence: number; lift: number; computedAt: Date }>`
    select r.antecedent_id as "antecedentId", a.name as "antecedentName", r.consequent_id as "consequentId", c.name as "consequentName",
      r.pair_count as "pairCount", r.transactions, r.support, r.confidence, r.lift, r.computed_at as "computedAt"
    from basket_rules r join products a on a.id = r.antecedent_id join products c on c.id = r.consequent_id
    order by r.lift desc, r.confidence desc, r.pair_count desc, r.antecedent_id, r.consequent_id limit ${limit}`.execute(ctx.tx)
  const first = rows.rows[0]
  return {
    computedAt: first ? new Date(first.computedAt).toISOString() : null,
    transactions: first?.transactions ?? 0,
    minSupport: BASKET_MIN_SUPPORT,
    rules: rows.rows.map((r) => ({
      antecedent: { id: r.antecedentId, name: r.antecedentName },
      consequent: { id: r.consequentId, name: r.consequentName },
      pairCount: r.pairCount,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
    })),
  }
}
