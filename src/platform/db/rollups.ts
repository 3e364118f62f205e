/**
 * Totals kept by triggers (decisions 0032, 0033). Writers append signed changes to a deltas table and
 * never update a shared total, so concurrent saves never wait on one another; a recurring job folds the
 * deltas into the totals table. Readers add both, so they are exact whether or not the fold has run.
 */
import { sql } from 'kysely'
import type { Db } from './database.ts'
import { inSystemTransaction } from './transaction.ts'

export interface RollupTables {
  totals: string
  deltas: string
  /** The key columns, tenant_id first, in the order of the totals' unique index. */
  key: readonly string[]
  /** Columns added up; the first counts the rows behind a total, which is deleted when it reaches zero. */
  sums: readonly string[]
}

/** Moves every delta into the totals, across tenants, in one transaction; returns how many were folded. */
export async function foldRollupDeltas(db: Db, tables: RollupTables): Promise<number> {
  const key = sql.raw(tables.key.join(', '))
  const totals = sql.table(tables.totals)
  const sums = sql.raw(tables.sums.map((c) => `sum(${c}) as ${c}`).join(', '))
  const added = sql.raw(tables.sums.map((c) => `${c} = ${tables.totals}.${c} + excluded.${c}`).join(', '))
  const columns = sql.raw([...tables.key, ...tables.sums].join(', '))
  const counted = sql.ref(tables.sums[0]!)
  return inSystemTransaction(db, async (tx) => {
    // Deltas committed after this statement's snapshot stay for the next fold. Totals are upserted in
    // key order; only this job writes them, so no writer ever waits on them. Tenants deleted since
    // leave deltas with no tenant: they are dropped by the join.
    const { rows } = await sql<{ folded: string }>`
      with moved as (delete from ${sql.table(tables.deltas)} returning *),
      summed as (select ${key}, ${sums} from moved where tenant_id in (select id from tenants) group by ${key}),
      upserted as (insert into ${totals} (${columns}) select ${columns} from summed order by ${key} on conflict (${key}) do update set ${added})
      select count(*) as folded from moved`.execute(tx)
    // Keys whose rows all went away (a document deleted, a deal moved on).
    await sql`delete from ${totals} where ${counted} = 0`.execute(tx)
    return Number(rows[0]?.folded ?? 0)
  })
}
