/**
 * Customer lifetime value: fits BG/NBD (purchases) and Gamma-Gamma (spend) on the tenant's purchase
 * history by maximum likelihood, then scores every buying customer — probability alive, expected
 * purchases and value over the horizon, discounted CLV — into customer_scores. Method:
 * docs/analytics-models.md. Runs after the RFM scores, in the same background job.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive, type Rfm } from './models/bg-nbd.ts'
import { expectedAverageValue, fitGammaGamma, type GammaGammaParams } from './models/gamma-gamma.ts'
import { PURCHASES } from './rfm.service.ts'

/** Months ahead the CLV covers, and the discount per month (about 12% a year). */
export const CLV_HORIZON_MONTHS = 12
export const CLV_MONTHLY_DISCOUNT = 0.01
/** Histories used for the fit: above this, an even sample (the likelihood is a sum; a sample estimates it well). */
export const CLV_FIT_SAMPLE = 20_000
const WEEKS_PER_MONTH = 365.25 / 12 / 7
const WRITE_BATCH = 20_000

interface History extends Rfm {
  accountId: string
  meanValue: number
}

export interface ClvModel {
  bgNbd: BgNbdParams
  gammaGamma: GammaGammaParams | null
  customers: number
  fittedOn: number
  converged: boolean
  horizonMonths: number
  monthlyDiscountRate: number
  fittedAt: string
}

/** Per buying account: repeat purchases (distinct days − 1), recency and age in weeks, mean repeat value. */
async function histories(tx: Tx, today: string | undefined): Promise<History[]> {
  const day = today ? sql`${today}::date` : sql`(now() at time zone (select time_zone from tenants where id = daifuku_current_tenant()))::date`
  const rows = await sql<{ accountId: string; x: number; recencyDays: number; ageDays: number; meanValue: string | null }>`
    with purchases as (${PURCHASES}),
    days as (select account_id, issue_date, sum(total) as value from purchases group by 1, 2),
    ranked as (select *, row_number() over (partition by account_id order by issue_date) as n from days)
    select account_id as "accountId", (count(*) - 1)::int as x,
           (max(issue_date) - min(issue_date))::int as "recencyDays",
           greatest(${day} - min(issue_date), 0)::int as "ageDays",
           (sum(value) filter (where n > 1) / nullif(count(*) - 1, 0))::text as "meanValue"
    from ranked group by account_id`.execute(tx)
  return rows.rows.map((r) => ({
    accountId: r.accountId,
    frequency: r.x,
    recency: r.recencyDays / 7,
    // A purchase made today still has an observation window; zero would make the likelihood degenerate.
    age: Math.max(r.ageDays, r.recencyDays, 1) / 7,
    meanValue: r.meanValue === null ? 0 : Number(r.meanValue),
  }))
}

function evenSample<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items
  const step = items.length / size
  return Array.from({ length: size }, (_, i) => items[Math.floor(i * step)]!)
}

/**
 * Fits the models and writes every buyer's figures. Returns null (and clears old figures) when
 * there is too little history to fit: fewer than 10 buyers or no repeat purchase at all.
 */
export async function computeClv(tx: Tx, today?: string): Promise<(ClvModel & { phaseMs: Record<string, number> }) | null> {
  const started = performance.now()
  const all = await histories(tx, today)
  const read = performance.now()
  if (all.length < 10 || !all.some((h) => h.frequency > 0)) {
    await sql`update customer_scores set probability_alive = null, expected_purchases = null, expected_order_value = null, clv = null
              where probability_alive is not null`.execute(tx)
    await tx.deleteFrom('clvModels').execute()
    return null
  }
  const sample = evenSample(all, CLV_FIT_SAMPLE)
  const purchases = fitBgNbd(sample)
  const repeaters = sample.filter((h) => h.frequency > 0 && h.meanValue > 0)
  const spendFit = repeaters.length >= 10 ? fitGammaGamma(repeaters) : null
  // q ≤ 1 means no finite population mean: then each customer's own mean is the best guess.
  const spend = spendFit && spendFit.params.q > 1 ? spendFit.params : null

  const fitted = performance.now()

  // CLV = order value × the discounted sum of each month's expected purchases. The purchase
  // figures depend on the history alone (x, t_x, T), which many customers share: compute each
  // distinct history once, then multiply by the customer's own expected order value.
  const byHistory = new Map<string, [alive: number, purchases: number, discountedPurchases: number]>()
  const horizons = Array.from({ length: CLV_HORIZON_MONTHS }, (_, k) => (k + 1) * WEEKS_PER_MONTH)
  const discounts = horizons.map((_, k) => 1 / Math.pow(1 + CLV_MONTHLY_DISCOUNT, k + 1))
  const purchaseFigures = (h: History) => {
    const key = `${h.frequency}|${h.recency}|${h.age}`
    const known = byHistory.get(key)
    if (known) return known
    let discounted = 0
    let previous = 0
    horizons.forEach((t, k) => {
      const cumulative = expectedPurchases(purchases.params, h, t)
      discounted += (cumulative - previous) * discounts[k]!
      previous = cumulative
    })
    const figures: [number, number, number] = [probabilityAlive(purchases.params, h), previous, discounted]
    byHistory.set(key, figures)
    return figures
  }
  const finite = (n: number) => (Number.isFinite(n) ? n : null)
  const alive: (number | null)[] = []
  const expected: (number | null)[] = []
  const orderValues: (number | null)[] = []
  const clvs: (number | null)[] = []
  for (const h of all) {
    const [p, n, discounted] = purchaseFigures(h)
    const orderValue = spend ? expectedAverageValue(spend, { frequency: h.frequency, meanValue: h.meanValue }) : h.meanValue
    alive.push(finite(p))
    expected.push(finite(n))
    orderValues.push(finite(orderValue))
    clvs.push(finite(discounted * orderValue))
  }
  const scored = performance.now()

  // Staged in a temporary table, then one update: each score row is written once, and rows
  // whose account no longer has a purchase lose their old figures in the same pass.
  await sql`create temporary table clv_figures (account_id uuid primary key, alive float8, purchases float8, order_value float8, clv float8) on commit drop`.execute(tx)
  for (let at = 0; at < all.length; at += WRITE_BATCH) {
    const end = at + WRITE_BATCH
    await sql`
      insert into clv_figures
      select * from unnest(${all.slice(at, end).map((h) => h.accountId)}::uuid[], ${alive.slice(at, end)}::float8[],
                           ${expected.slice(at, end)}::float8[], ${orderValues.slice(at, end)}::float8[], ${clvs.slice(at, end)}::float8[])`.execute(tx)
  }
  await sql`
    update customer_scores c set probability_alive = v.alive, expected_purchases = v.purchases,
      expected_order_value = round(v.order_value::numeric, 2), clv = round(v.clv::numeric, 2)
    from clv_figures v where c.account_id = v.account_id`.execute(tx)
  await sql`
    update customer_scores c set probability_alive = null, expected_purchases = null, expected_order_value = null, clv = null
    where c.probability_alive is not null and not exists (select 1 from clv_figures v where v.account_id = c.account_id)`.execute(tx)
  await sql`drop table clv_figures`.execute(tx)
  const phaseMs = {
    history: read - started,
    fit: fitted - read,
    scoring: scored - fitted,
    writing: performance.now() - scored,
  }

  const model = {
    bgNbd: purchases.params,
    gammaGamma: spend,
    customers: all.length,
    fittedOn: sample.length,
    converged: purchases.converged && (spendFit?.converged ?? true),
    horizonMonths: CLV_HORIZON_MONTHS,
    monthlyDiscountRate: CLV_MONTHLY_DISCOUNT,
  }
  const columns = {
    ...model,
    bgNbd: JSON.stringify(model.bgNbd),
    gammaGamma: model.gammaGamma ? JSON.stringify(model.gammaGamma) : null,
    fittedAt: sql<Date>`now()`,
  }
  const saved = await tx
    .insertInto('clvModels')
    .values({ tenantId: sql<string>`daifuku_current_tenant()`, ...columns })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet(columns))
    .returning('fittedAt')
    .executeTakeFirstOrThrow()
  return { ...model, fittedAt: saved.fittedAt.toISOString(), phaseMs }
}

/** The tenant's fitted model, or null before the first fit. */
export async function getClvModel(ctx: ServiceContext): Promise<ClvModel | null> {
  authorize(ctx, 'analytics', 'read')
  const row = await ctx.tx.selectFrom('clvModels').selectAll().executeTakeFirst()
  if (!row) return null
  return {
    bgNbd: row.bgNbd,
    gammaGamma: row.gammaGamma,
    customers: row.customers,
    fittedOn: row.fittedOn,
    converged: row.converged,
    horizonMonths: row.horizonMonths,
    monthlyDiscountRate: row.monthlyDiscountRate,
    fittedAt: row.fittedAt.toISOString(),
  }
}
