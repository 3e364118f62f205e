/**
 * Daily totals of sales document lines (decision 0032). Triggers append signed changes to
 * sales_line_rollup_deltas as documents are written; this job folds them into sales_line_rollups so
 * the deltas stay small. Reports read both tables, so they are exact before and after a fold.
 */
import type { Db } from '../../platform/db/database.ts'
import { foldRollupDeltas } from '../../platform/db/rollups.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'

export const FOLD_LINE_ROLLUPS_JOB = 'reports.fold-line-rollups'

/** Moves every delta into the totals, across tenants, in one transaction; returns how many were folded. */
export function foldLineRollups(db: Db): Promise<number> {
  return foldRollupDeltas(db, {
    totals: 'sales_line_rollups',
    deltas: 'sales_line_rollup_deltas',
    key: ['tenant_id', 'issue_date', 'kind', 'status', 'tax_category', 'product_id', 'owner_id', 'team_id'],
    sums: ['line_count', 'quantity', 'unit_price', 'amount'],
  })
}

registerJobHandler(FOLD_LINE_ROLLUPS_JOB, async ({ db, logger }) => {
  const folded = await foldLineRollups(db)
  if (folded > 0) logger.info({ folded }, 'sales line totals folded')
})
defineRecurringJob({ name: 'fold-line-rollups', type: FOLD_LINE_ROLLUPS_JOB, intervalSeconds: 300 })
