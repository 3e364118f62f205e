import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from './database.ts'
import { PREPARED } from './prepared.ts'

let database: Database
beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL
  database = url ? await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 1 }) : await openDatabase({ dataDir: '', memory: true })
})
afterAll(async () => {
  await database?.close()
})

const prepared = () => sql<{ name: string; calls: string }>`select name, (generic_plans + custom_plans)::text as calls from pg_prepared_statements`.execute(database.db)

describe('prepared statements', () => {
  it('runs a PREPARED-marked statement as one named statement per text, and leaves other statements unnamed', async () => {
    // One connection (pool of one on both back ends), so the session's statements are visible.
    for (let n = 1; n <= 3; n++) {
      const result = await sql<{ doubled: number }>`${sql.raw(PREPARED)}select ${n}::int * 2 as doubled`.execute(database.db)
      expect(result.rows[0]!.doubled).toBe(n * 2)
    }
    await sql`select 1 as plain`.execute(database.db)
    const statements = (await prepared()).rows
    expect(statements).toHaveLength(1)
    expect(statements[0]!.name).toMatch(/^daifuku_[0-9a-f]{20}$/)
    expect(Number(statements[0]!.calls)).toBe(3)
    await sql`${sql.raw(PREPARED)}select ${'x'}::text as other`.execute(database.db)
    expect((await prepared()).rows).toHaveLength(2)
  })
})
