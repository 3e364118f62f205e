import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from './database.ts'
import { executePrepared, PREPARED } from './prepared.ts'

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

describe('executePrepared', () => {
  it('runs a query builder statement as a named statement, its rows mapped by the plugins as usual', async () => {
    const before = (await prepared()).rows.length
    for (const n of [41, 1]) {
      const rows = await executePrepared(database.db, database.db.selectNoFrom(sql<number>`${n}::int + 1`.as('theAnswer')))
      expect(rows).toEqual([{ theAnswer: n + 1 }])
    }
    const statements = (await prepared()).rows
    expect(statements.length).toBe(before + 1)
    expect(statements.some((s) => s.calls === '2')).toBe(true)
  })

  it('keeps at most 100 marked statements a server connection (later ones run unnamed, and still run)', async () => {
    if (database.kind !== 'postgres') return
    for (let n = 0; n < 110; n++) {
      const result = await sql<{ v: number }>`${sql.raw(PREPARED)}select ${n}::int + ${sql.raw(String(n))} as v`.execute(database.db)
      expect(result.rows[0]!.v).toBe(2 * n)
    }
    expect((await prepared()).rows).toHaveLength(100)
  })
})

describe('every statement named (the embedded database)', () => {
  it('names statements with parameters up to the limit, runs the rest and multi-command texts unnamed, and starts from a clean session', async () => {
    const { PGlite } = await import('@electric-sql/pglite')
    const { pgliteClientClass } = await import('./pglite-connection.ts')
    const { CamelCasePlugin, Kysely, PostgresDialect } = await import('kysely')
    const { withPreparedStatements } = await import('./prepared.ts')
    const lite = await PGlite.create('memory://')
    // A statement left by an earlier connection to the same session: a new client's session starts without it.
    await lite.query('prepare left_over as select 1')
    const pool = new pg.Pool({ max: 1, Client: pgliteClientClass(lite) })
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool, { everyStatement: 2 }) }), plugins: [new CamelCasePlugin()] })
    try {
      const names = async () => (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows.map((r) => r.name)
      expect(await names()).toEqual([])
      for (let n = 1; n <= 3; n++) expect((await sql<{ v: number }>`select ${n}::int + 1 as v`.execute(db)).rows[0]!.v).toBe(n + 1)
      expect((await sql<{ v: string }>`select ${'a'}::text || 'b' as v`.execute(db)).rows[0]!.v).toBe('ab')
      expect(await names()).toHaveLength(2)
      // A third text runs unnamed once the limit is reached; the named ones keep working.
      expect((await sql<{ v: string }>`select ${'c'}::text || 'd' || 'e' as v`.execute(db)).rows[0]!.v).toBe('cde')
      expect((await sql<{ v: number }>`select ${7}::int + 1 as v`.execute(db)).rows[0]!.v).toBe(8)
      expect(await names()).toHaveLength(2)
      await sql.raw(`select 1; select 2`).execute(db)
      expect(await names()).toHaveLength(2)
    } finally {
      await db.destroy()
      await lite.close()
    }
  })
})
