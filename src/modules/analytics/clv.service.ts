/**
 * Customer lifetime value: fits BG/NBD (purchases) and Gamma-Gamma (spend) on the tenant's purchase
 * history by maximum likelihood, then scores every buying customer — probability alive, expected
 * purchases and value over the horizon, discounted CLV — into customer_scores. Method:
 * docs/analytics-models.md. Runs inside computeCustomerScores, between the purchase summary and the write.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive, type Rfm } from './models/bg-nbd.ts'
import { fitGammaGamma, type GammaGammaParams } from './models/gamma-gamma.ts'

/** Months ahead the CLV covers, and the discount per month (about 12% a year). */
export const CLV_HORIZON_MONTHS = 12
export const CLV_MONTHLY_DISCOUNT = 0.01
/** Histories used for the fit: above this, an even sample (the likelihood is a sum; a sample estimates it well). */
export const CLV_FIT_SAMPLE = 20_000
const WEEKS_PER_MONTH = 365.25 / 12 / 7
const WRITE_BATCH = 20_000

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

export type ClvFit = Omit<ClvModel, 'fittedAt'>

/** A history as the models read it: days turned into weeks. */
function rfmOf(row: { x: number; tXDays: number; tDays: number }): Rfm {
  return { frequency: row.x, recency: row.tXDays / 7, age: row.tDays / 7 }
}

/**
 * Fits the models on the buyers in purchase_summary (customer-scores.service.ts) and scores each
 * distinct history (x, t_x, T) once into the temporary table clv_by_history: probability alive,
 * expected purchases over the horizon and their discounted sum. Order value is per customer and
 * joins in SQL (clvColumns). Returns null, and forgets the old model, when there is too little
 * history to fit: fewer than 10 buyers or no repeat purchase at all.
 */
export async function fitAndScoreClv(tx: Tx, buyers: number): Promise<ClvFit | null> {
  const repeatBuyers = buyers < 10 ? 0 : Number((await sql<{ n: string }>`select count(*) as n from purchase_summary where x > 0`.execute(tx)).rows[0]!.n)
  if (repeatBuyers === 0) {
    await tx.deleteFrom('clvModels').execute()
    return null
  }
  // An even sample by account id (the likelihood is a sum; a sample estimates it well).
  const step = Math.max(1, Math.ceil(buyers / CLV_FIT_SAMPLE))
  const sample = await sql<{ x: number; tXDays: number; tDays: number; meanValue: number }>`
    select x, t_x_days as "tXDays", t_days as "tDays", mean_value as "meanValue"
    from (select *, row_number() over (order by account_id) - 1 as i from purchase_summary) s where i % ${step} = 0`.execute(tx)
  const histories = sample.rows.map((row) => ({ ...rfmOf(row), meanValue: row.meanValue }))
  const purchases = fitBgNbd(histories)
  const repeaters = histories.filter((h) => h.frequency > 0 && h.meanValue > 0)
  const spendFit = repeaters.length >= 10 ? fitGammaGamma(repeaters) : null
  // q ≤ 1 means no finite population mean: then each customer's own mean is the best guess.
  const spend = spendFit && spendFit.params.q > 1 ? spendFit.params : null

  // CLV = order value × the discounted sum of each month's expected purchases; the purchase figures
  // depend on the history alone, which many customers share.
  const distinct = await sql<{ x: number; tXDays: number; tDays: number }>`
    select x, t_x_days as "tXDays", t_days as "tDays" from purchase_summary group by 1, 2, 3`.execute(tx)
  const horizons = Array.from({ length: CLV_HORIZON_MONTHS }, (_, k) => (k + 1) * WEEKS_PER_MONTH)
  const discounts = horizons.map((_, k) => 1 / Math.pow(1 + CLV_MONTHLY_DISCOUNT, k + 1))
  const finite = (n: number) => (Number.isFinite(n) ? n : null)
  const alive: (number | null)[] = []
  const expected: (number | null)[] = []
  const discounted: (number | null)[] = []
  for (const row of distinct.rows) {
    const history = rfmOf(row)
    let sum = 0
    let previous = 0
    horizons.forEach((t, k) => {
      const cumulative = expectedPurchases(purchases.params, history, t)
      sum += (cumulative - previous) * discounts[k]!
      previous = cumulative
    })
    alive.push(finite(probabilityAlive(purchases.params, history)))
    expected.push(finite(previous))
    discounted.push(finite(sum))
  }
  await sql`
    create temporary table clv_by_history (x int, t_x_days int, t_days int, alive float8, purchases float8, discounted float8,
      primary key (x, t_x_days, t_days)) on commit drop`.execute(tx)
  for (let at = 0; at < distinct.rows.length; at += WRITE_BATCH) {
    const rows = distinct.rows.slice(at, at + WRITE_BATCH)
    const end = at + rows.length
    await sql`
      insert into clv_by_history
      select * from unnest(${rows.map((r) => r.x)}::int[], ${rows.map((r) => r.tXDays)}::int[], ${rows.map((r) => r.tDays)}::int[],
                           ${alive.slice(at, end)}::float8[], ${expected.slice(at, end)}::float8[], ${discounted.slice(at, end)}::float8[])`.execute(tx)
  }
  await sql`analyze clv_by_history`.execute(tx)
  return {
    bgNbd: purchases.params,
    gammaGamma: spend,
    customers: buyers,
    fittedOn: histories.length,
    converged: purchases.converged && (spendFit?.converged ?? true),
    horizonMonths: CLV_HORIZON_MONTHS,
    monthlyDiscountRate: CLV_MONTHLY_DISCOUNT,
  }
}

/**
 * The CLV columns of customer_scores as SQL over purchase_summary `s` and clv_by_history `h`.
 * Order value is Gamma-Gamma's E[M | x, m̄] = p(v + x·m̄) / (px + q − 1) (expectedAverageValue),
 * or the customer's own mean when there is no spend model.
 */
export function clvColumns(fit: ClvFit | null) {
  if (!fit) return { join: sql``, alive: sql`null`, purchases: sql`null`, orderValue: sql`null`, clv: sql`null` }
  const g = fit.gammaGamma
  const orderValue = g ? sql`(${g.p}::float8 * (${g.v}::float8 + s.x * s.mean_value) / (${g.p}::float8 * s.x + ${g.q}::float8 - 1))` : sql`s.mean_value`
  return {
    join: sql`left join clv_by_history h on h.x = s.x and h.t_x_days = s.t_x_days and h.t_days = s.t_days`,
    alive: sql`h.alive`,
    purchases: sql`h.purchases`,
    orderValue: sql`round(${orderValue}::numeric, 2)`,
    clv: sql`round((h.discounted * ${orderValue})::numeric, 2)`,
  }
}

/** Stores the tenant's fitted model (one per tenant). */
export async function saveClvModel(tx: Tx, fit: ClvFit): Promise<ClvModel> {
  const columns = {
    ...fit,
    bgNbd: JSON.stringify(fit.bgNbd),
    gammaGamma: fit.gammaGamma ? JSON.stringify(fit.gammaGamma) : null,
    fittedAt: sql<Date>`now()`,
  }
  const saved = await tx
    .insertInto('clvModels')
    .values({ tenantId: sql<string>`daifuku_current_tenant()`, ...columns })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet(columns))
    .returning('fittedAt')
    .executeTakeFirstOrThrow()
  return { ...fit, fittedAt: saved.fittedAt.toISOString() }
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
