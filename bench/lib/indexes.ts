/**
 * Bulk loading with the secondary indexes set aside: PostgreSQL builds a GIN or B-tree index
 * from sorted input many times faster than it maintains it row by row (the gram index of the
 * search box costs ~0.25 ms a row when kept up to date). Primary keys and the indexes behind
 * unique or exclusion constraints stay, so the load is still checked as the app would be.
 */
import { sql } from 'kysely'
import type { Db } from '../../src/platform/db/database.ts'

interface SetAsideIndex {
  name: string
  definition: string
}

export async function withIndexesSetAside<T>(db: Db, tables: string[], load: () => Promise<T>): Promise<{ result: T; rebuildSeconds: number }> {
  const indexes = (
    await sql<SetAsideIndex>`
      select i.indexname as name, i.indexdef as definition
      from pg_indexes i
      where i.schemaname = 'public'
        and i.tablename = any(${tables}::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = (quote_ident(i.tablename))::regclass)
      order by i.tablename, i.indexname`.execute(db)
  ).rows
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db)
  const result = await load()
  const started = performance.now()
  // One pinned connection so the session setting applies to every build.
  await db.connection().execute(async (connection) => {
    await sql`set maintenance_work_mem = '1GB'`.execute(connection)
    for (const index of indexes) await sql.raw(index.definition).execute(connection)
    await sql`reset maintenance_work_mem`.execute(connection)
  })
  return { result, rebuildSeconds: (performance.now() - started) / 1000 }
}
