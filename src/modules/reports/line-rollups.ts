/**
 * Daily totals of sales document lines (decision 0032). Triggers append signed changes to
 * sales_line_rollup_deltas as documents are written; this job folds them into sales_line_rollups so
 * the deltas stay small. Reports read both tables, so they are exact before and after a fold.
 */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'

export const FOLD_LINE_ROLLUPS_JOB = 'reports.fold-line-rollups'

const KEY = sql.raw('tenant_id, issue_date, kind, status, tax_category, product_id, owner_id, team_id')

/** Moves every delta into the totals, across tenants, in one transaction; returns how many were folded. */
export async function foldLineRollups(db: Db): Promise<number> {
  return inSystemTransaction(db, async (tx) => {
    // Deltas committed after this statement's snapshot stay for the next fold. Totals are upserted in
    // key order; only this job writes them, so no writer ever waits on them. Tenants deleted since
    // leave deltas with no tenant: they are dropped by the join.
    const { rows } = await sql<{ folded: string }>`
      with moved as (delete from sales_line_rollup_deltas returning *),
      summed as (
        select ${KEY}, sum(line_count) as line_count, sum(quantity) as quantity, sum(unit_price) as unit_price, sum(amount) as amount
        from moved where tenant_id in (select id from tenants) group by ${KEY}
      ),
      upserted as (
        insert into sales_line_rollups select * from summed order by ${KEY}
        on conflict (${KEY}) do update set
          line_count = sales_line_rollups.line_count + excluded.line_count,
          quantity = sales_line_rollups.quantity + excluded.quantity,
          unit_price = sales_line_rollups.unit_price + excluded.unit_price,
          amount = sales_line_rollups.amount + excluded.amount
      )
      select count(*) as folded from moved`.execute(tx)
    // Keys whose lines all went away (a document deleted, a status moved on).
    await sql`delete from sales_line_rollups where line_count = 0`.execute(tx)
    return Number(rows[0]?.folded ?? 0)
  })
}

registerJobHandler(FOLD_LINE_ROLLUPS_JOB, async ({ db, logger }) => {
  const folded = await foldLineRollups(db)
  if (folded > 0) logger.info({ folded }, 'sales line totals folded')
})
defineRecurringJob({ name: 'fold-line-rollups', type: FOLD_LINE_ROLLUPS_JOB, intervalSeconds: 300 })
