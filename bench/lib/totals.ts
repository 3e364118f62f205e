/**
 * Bulk loading with the totals triggers (decisions 0032, 0033) set aside: the line triggers join every
 * inserted batch to its documents, which held the order load of the large set at ~3,000 lines/s instead
 * of ~20,000. The totals are recounted once after the load (the same functions an operator would use).
 */
import { sql } from 'kysely'
import type { Db } from '../../src/platform/db/database.ts'

const TRIGGERS: Record<string, string[]> = {
  sales_document_lines: ['sales_line_rollup_inserted', 'sales_line_rollup_deleted', 'sales_line_rollup_updated'],
  sales_documents: ['sales_line_rollup_documents_updated', 'sales_line_rollup_document_deleted'],
  deals: ['deal_board_totals_inserted', 'deal_board_totals_deleted', 'deal_board_totals_updated'],
}

export async function withTotalsRecountedAfter<T>(db: Db, load: () => Promise<T>): Promise<T> {
  const toggle = async (action: 'enable' | 'disable') => {
    for (const [table, triggers] of Object.entries(TRIGGERS)) {
      for (const trigger of triggers) await sql.raw(`alter table ${table} ${action} trigger ${trigger}`).execute(db)
    }
  }
  await toggle('disable')
  try {
    return await load()
  } finally {
    await sql`select daifuku_rebuild_sales_line_rollups()`.execute(db)
    await sql`select daifuku_rebuild_deal_board_totals()`.execute(db)
    await toggle('enable')
  }
}
