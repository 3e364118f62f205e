/**
 * Daily column totals of the kanban board (decision 0033). A trigger on deals appends signed changes
 * to deal_board_total_deltas; this job folds them into deal_board_totals so the deltas stay small.
 * The board reads both tables, so its counts are exact before and after a fold.
 */
import type { Db } from '../../platform/db/database.ts'
import { foldRollupDeltas } from '../../platform/db/rollups.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'

export const FOLD_BOARD_TOTALS_JOB = 'deals.fold-board-totals'

export function foldBoardTotals(db: Db): Promise<number> {
  return foldRollupDeltas(db, {
    totals: 'deal_board_totals',
    deltas: 'deal_board_total_deltas',
    key: ['tenant_id', 'pipeline_id', 'closed_day', 'stage_id', 'status', 'currency'],
    sums: ['deal_count', 'amount_count', 'amount'],
  })
}

registerJobHandler(FOLD_BOARD_TOTALS_JOB, async ({ db, logger }) => {
  const folded = await foldBoardTotals(db)
  if (folded > 0) logger.info({ folded }, 'deal board totals folded')
})
defineRecurringJob({ name: 'fold-board-totals', type: FOLD_BOARD_TOTALS_JOB, intervalSeconds: 300 })
