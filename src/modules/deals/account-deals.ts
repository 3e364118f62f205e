/** An account's deals at a glance, for the 360° page: counts by status and the largest open deals. */
import { sql } from 'kysely'
import { can, visibleRecordsCondition, withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'

const TOP_OPEN_DEALS = 5

export interface AccountDealSummary {
  openCount: number
  /** 0 when the role hides amounts. */
  openAmount: number
  wonCount: number
  lostCount: number
  topOpen: { id: string; name: string | null; stageName: string; amount: number | null; expectedCloseDate: string | null }[]
}

interface DealSummaryRow {
  openCount: number
  openAmount: string | null
  wonCount: number
  lostCount: number
  /** The top deal's columns are null on the one row of an account without open deals. */
  id: string | null
  name: string | null
  amount: string | null
  expectedCloseDate: string | null
  stageName: string | null
}

/**
 * Counts and the largest open deals of an account, over the deals the viewer may see (null when the role may not read
 * deals): one statement, the totals repeated on each of the top deals' rows — the 360° page runs it on every open.
 */
export async function summarizeAccountDeals(ctx: ServiceContext, accountId: string): Promise<AccountDealSummary | null> {
  if (!can(ctx, 'deals', 'read')) return null
  const visible = visibleRecordsCondition(ctx, 'deals', 'd')
  const { rows } = await sql<DealSummaryRow>`
    select t.open_count, t.open_amount, t.won_count, t.lost_count,
           top.id, top.name, top.amount, top.expected_close_date, top.stage_name
      from (select count(*) filter (where d.status = 'open')::int as open_count,
                   sum(d.amount) filter (where d.status = 'open') as open_amount,
                   count(*) filter (where d.status = 'won')::int as won_count,
                   count(*) filter (where d.status = 'lost')::int as lost_count
              from deals d where d.account_id = ${accountId} and ${visible}) t
      left join lateral (
        select d.id, d.name, d.amount, d.expected_close_date, s.name as stage_name
          from deals d join pipeline_stages s on s.id = d.stage_id
         where d.account_id = ${accountId} and d.status = 'open' and ${visible}
         order by d.amount desc nulls last, d.id desc limit ${sql.lit(TOP_OPEN_DEALS)}) top on true
     order by top.amount desc nulls last, top.id desc`.execute(ctx.tx)
  const t = rows[0]!
  const amountHidden = withoutHiddenFields(ctx, 'deals', { amount: 0 }).amount === undefined
  return {
    openCount: t.openCount,
    openAmount: amountHidden ? 0 : Number(t.openAmount ?? 0),
    wonCount: t.wonCount,
    lostCount: t.lostCount,
    topOpen: rows.flatMap((d) => {
      if (d.id === null) return []
      const shown = withoutHiddenFields(ctx, 'deals', { name: d.name, amount: d.amount === null ? null : Number(d.amount), expectedCloseDate: d.expectedCloseDate })
      return [{ id: d.id, stageName: d.stageName!, name: shown.name ?? null, amount: shown.amount ?? null, expectedCloseDate: shown.expectedCloseDate ?? null }]
    }),
  }
}
