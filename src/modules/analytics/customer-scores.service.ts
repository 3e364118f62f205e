/**
 * Every account's customer scores in one pass over the purchase history: RFM quintiles and the
 * seed's segments, and (unless asked not to) the CLV figures, written once per account.
 *
 * 1. summary — one aggregate of the purchases per buying account into a temporary table;
 * 2. clv — the models fitted on a sample of it, each distinct history scored once (clv.service.ts);
 * 3. staging — every account's new figures (accounts ⟕ summary ⟕ CLV figures) next to its stored ones;
 * 4. writing — the rows that changed updated in place, new accounts inserted and deleted ones removed.
 *
 * Segments, in this order: prospect (no purchase) → dormant (nothing for dormantAfterDays) →
 * loyal 優良顧客 (≥ loyalMinPurchases, buying for ≥ loyalMinTenureDays) → one_time (one
 * purchase) → repeat (the rest). R, F and M are quintiles (5 = best) among buyers.
 */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'
import { type ClvModel, clvColumns, fitAndScoreClv, saveClvModel } from './clv.service.ts'
import { PURCHASE_TOTALS, PURCHASES, rfmSettingsOf } from './rfm.service.ts'
import { TENANT_TODAY } from './tenant-day.ts'

// No recency: it grows every day for every buyer, so it is counted from last_purchase_on when read, and a night
// without purchases leaves most rows as they were (only quintiles and segments that move are written).
const RFM_COLUMNS = ['purchases', 'monetary', 'first_purchase_on', 'last_purchase_on', 'r_score', 'f_score', 'm_score', 'segment']
const CLV_COLUMNS = ['probability_alive', 'expected_purchases', 'expected_order_value', 'clv']

export interface CustomerScoresResult {
  /** Accounts scored (buyers and prospects). */
  customers: number
  buyers: number
  /** The fitted model; null when CLV was not asked for or there is too little history to fit. */
  clv: ClvModel | null
  phaseMs: { summary: number; clv: number; staging: number; writing: number }
}

/**
 * Recomputes the scores of the transaction's tenant. `today` is the company's calendar day unless
 * given (tests); `clv: false` leaves the CLV columns and the stored model as they were.
 */
export async function computeCustomerScores(tx: Tx, options: { today?: string; clv?: boolean } = {}): Promise<CustomerScoresResult> {
  const started = performance.now()
  const day = options.today ? sql`${options.today}::date` : TENANT_TODAY
  // One sort of the purchases serves every figure: the sort and the windows need more than the default
  // 4 MB of working memory at a million customers (else the planner reads the orders through an index).
  await sql`set local work_mem = '256MB'`.execute(tx)
  const withClv = options.clv !== false
  // Per buying account: orders, spend and dates for RFM; for CLV the repeat purchases x (distinct
  // days − 1), t_x (last − first day) and T (first day → today) in days, and the mean value of the
  // purchases after the first day (purchases on one day are one purchase). RFM alone needs no
  // ordering of each account's purchases, only their totals.
  const rfmAndClv = sql`
    with purchases as (${PURCHASES}),
    ordered as (
      select account_id, issue_date, total, first_value(issue_date) over w as first_on, lag(issue_date) over w as previous_on
      from purchases window w as (partition by account_id order by issue_date)
    ),
    per_account as (
      select account_id, count(*)::int as purchases, sum(total) as monetary, min(issue_date) as first_on, max(issue_date) as last_on,
             (count(*) filter (where previous_on is distinct from issue_date) - 1)::int as x,
             sum(total) filter (where issue_date > first_on) as repeat_value
      from ordered group by account_id
    )
    select account_id, purchases, monetary, first_on, last_on, x, (last_on - first_on) as t_x_days,
           -- A purchase made today still has an observation window; zero would make the likelihood degenerate.
           greatest(${day} - first_on, last_on - first_on, 1) as t_days,
           coalesce(repeat_value / nullif(x, 0), 0)::float8 as mean_value
    from per_account`
  await sql`create temporary table purchase_summary on commit drop as ${withClv ? rfmAndClv : PURCHASE_TOTALS}`.execute(tx)
  const buyers = Number((await sql<{ n: string }>`select count(*) as n from purchase_summary`.execute(tx)).rows[0]!.n)
  const summarised = performance.now()

  const fit = withClv ? await fitAndScoreClv(tx, buyers) : null
  const clvFitted = performance.now()

  const s = await rfmSettingsOf(tx)
  const columns = clvColumns(fit)
  const written = withClv ? [...RFM_COLUMNS, ...CLV_COLUMNS] : RFM_COLUMNS
  const list = (prefix: string) => sql.raw(written.map((c) => `${prefix}${c}`).join(', '))
  // The accounts whose figures differ from their stored row, or that have none yet: one pass over
  // customer_scores decides what to write, and only those rows are staged.
  await sql`
    create temporary table new_scores on commit drop as
    with scored as (
      select s.*, (${day} - s.last_on) as recency_days,
        ntile(5) over (order by s.last_on, s.account_id) as r,
        ntile(5) over (order by s.purchases, s.account_id) as f,
        ntile(5) over (order by s.monetary, s.account_id) as m
      from purchase_summary s
    ),
    fresh as (
      select a.tenant_id, a.id as account_id, coalesce(s.purchases, 0) as purchases, coalesce(s.monetary, 0)::numeric(18, 2) as monetary,
        s.first_on as first_purchase_on, s.last_on as last_purchase_on,
        s.r::smallint as r_score, s.f::smallint as f_score, s.m::smallint as m_score,
        case
          when s.account_id is null then 'prospect'
          when s.recency_days >= ${s.dormantAfterDays} then 'dormant'
          when s.purchases >= ${s.loyalMinPurchases} and (s.last_on - s.first_on) >= ${s.loyalMinTenureDays} then 'loyal'
          when s.purchases = 1 then 'one_time'
          else 'repeat'
        end as segment,
        ${columns.alive}::float8 as probability_alive, ${columns.purchases}::float8 as expected_purchases,
        ${columns.orderValue}::numeric(18, 2) as expected_order_value, ${columns.clv}::numeric(18, 2) as clv
      from accounts a
      left join scored s on s.account_id = a.id
      ${columns.join}
    )
    select n.*, c.account_id is not null as stored
    from fresh n left join customer_scores c on c.account_id = n.account_id
    where c.account_id is null or (${list('c.')}) is distinct from (${list('n.')})`.execute(tx)
  const customers = Number((await sql<{ n: string }>`select count(*) as n from accounts`.execute(tx)).rows[0]!.n)
  const staged = performance.now()
  // Rows are updated in place, and only where a figure changed: the table's free space per page
  // (fillfactor, migration 0395) lets most updates skip the indexes (HOT), which a delete and
  // re-insert of every row cannot. Without CLV the CLV columns are left as they were.
  await sql`
    update customer_scores c set (${list('')}) = (${list('n.')}), computed_at = now()
    from new_scores n where n.stored and c.account_id = n.account_id`.execute(tx)
  await sql`
    insert into customer_scores (tenant_id, account_id, ${list('')}, computed_at)
    select n.tenant_id, n.account_id, ${list('n.')}, now() from new_scores n where not n.stored`.execute(tx)
  // Rows of accounts deleted since the last run (customer_scores keeps no foreign keys, decision 0030):
  // searched for only when the table holds more rows than there are accounts.
  const rows = Number((await sql<{ n: string }>`select count(*) as n from customer_scores`.execute(tx)).rows[0]!.n)
  if (rows > customers) {
    await sql`delete from customer_scores c where not exists (select 1 from accounts a where a.id = c.account_id)`.execute(tx)
  }
  const model = fit ? await saveClvModel(tx, fit) : null
  const run = { customers, buyers, computedAt: sql<Date>`now()` }
  await tx
    .insertInto('customerScoreRuns')
    .values({ tenantId: sql<string>`daifuku_current_tenant()`, ...run })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet(run))
    .execute()
  await sql`drop table new_scores`.execute(tx)
  await sql`drop table purchase_summary`.execute(tx)
  if (fit) await sql`drop table clv_by_history`.execute(tx)
  return {
    customers,
    buyers,
    clv: model,
    phaseMs: { summary: summarised - started, clv: clvFitted - summarised, staging: staged - clvFitted, writing: performance.now() - staged },
  }
}
