import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pgliteClientClass } from './pglite-connection.ts'
import { withPreparedStatements } from './prepared.ts'
// Loads the type parsers the app sets (int8 as a number, dates as text).
import './database.ts'

describe('node-postgres on the embedded database (pglite-connection.ts)', () => {
  let lite: PGlite
  let pool: pg.Pool

  beforeAll(async () => {
    lite = await PGlite.create('memory://')
    await lite.exec(`create table t (id int8 primary key, name text not null, born date, data jsonb)`)
    pool = new pg.Pool({ max: 1, Client: pgliteClientClass(lite) })
    await pool.query('select 1')
  })
  afterAll(async () => {
    await pool.end()
    await lite.close()
  })

  it("runs a query's messages (Parse, Bind, Describe, Execute, Sync) in one call into the database, its answer unparsed by PGlite", async () => {
    const calls = vi.spyOn(lite, 'execProtocolRawStream')
    // Both would parse the answer with PGlite's own (slow) parser before node-postgres parses it again.
    const parsing = [vi.spyOn(lite, 'execProtocolStream'), vi.spyOn(lite, 'execProtocolRaw')]
    try {
      await pool.query({ text: 'select $1::int + 1 as v', values: [1] })
      expect(calls).toHaveBeenCalledTimes(1)
      // A named statement: parsed once, then Bind/Describe/Execute/Sync — one call each time.
      for (let n = 0; n < 3; n++) {
        const { rows } = await pool.query({ name: 'plus_one', text: 'select $1::int + 1 as v', values: [n] })
        expect(rows).toEqual([{ v: n + 1 }])
      }
      expect(calls).toHaveBeenCalledTimes(4)
      await pool.query('select 1')
      expect(calls).toHaveBeenCalledTimes(5)
      for (const spy of parsing) expect(spy).not.toHaveBeenCalled()
    } finally {
      calls.mockRestore()
      for (const spy of parsing) spy.mockRestore()
    }
  })

  it('returns rows with the type parsers node-postgres applies, for results larger than one read buffer', async () => {
    const name = 'あ'.repeat(500)
    await pool.query(
      `insert into t (id, name, born, data) select g, $1, date '1990-04-01' + g::int, jsonb_build_object('n', g) from generate_series(1, 3000) g`,
      [name],
    )
    const { rows } = await pool.query<{ id: number; name: string; born: string; data: { n: number } }>('select * from t order by id')
    // ~4.5 MB of text: the answer spans many of PGlite's 1 MB receive buffers.
    expect(rows).toHaveLength(3000)
    expect(rows[0]).toEqual({ id: 1, name, born: '1990-04-02', data: { n: 1 } })
    expect(rows[2999]).toEqual({ id: 3000, name, born: '1998-06-18', data: { n: 3000 } })
  })

  it('fails only the query with the error, as a server would, and the session goes on', async () => {
    await expect(pool.query('select nope from t')).rejects.toMatchObject({ code: '42703' })
    await expect(pool.query({ text: 'select $1::int / 0', values: [1] })).rejects.toMatchObject({ code: '22012' })
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query('insert into t (id, name) values ($1, $2)', [9001, 'kept out'])
      await expect(client.query('insert into t (id, name) values ($1, $2)', [9001, 'twice'])).rejects.toMatchObject({ code: '23505' })
      await expect(client.query('select 1')).rejects.toMatchObject({ code: '25P02' })
      await client.query('rollback')
    } finally {
      client.release()
    }
    expect((await pool.query('select count(*)::int as n from t where id = 9001')).rows).toEqual([{ n: 0 }])
    expect((await pool.query({ text: 'select $1::text as v', values: ['still here'] })).rows).toEqual([{ v: 'still here' }])
  })

  it('recovers when node-postgres cannot encode a value (it closes the statement it parsed)', async () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(pool.query({ name: 'with_json', text: 'select $1::jsonb as v', values: [circular] })).rejects.toThrow(/circular/i)
    expect((await pool.query({ name: 'with_json', text: 'select $1::jsonb as v', values: [{ a: 1 }] })).rows).toEqual([{ v: { a: 1 } }])
  })

  it('gives each new client a fresh session: the statements its app prepared work again after the pool retires an idle client', async () => {
    const short = new pg.Pool({ max: 1, idleTimeoutMillis: 20, Client: pgliteClientClass(lite) })
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: withPreparedStatements(short, { everyStatement: 10 }) }) })
    try {
      const plusOne = async (n: number) => (await sql<{ v: number }>`select ${n}::int + 1 as v`.execute(db)).rows[0]!.v
      expect(await plusOne(1)).toBe(2)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(short.totalCount).toBe(0)
      // The statement was prepared by the retired client; the new one must prepare it again, not assume it.
      expect(await plusOne(2)).toBe(3)
      expect(await plusOne(3)).toBe(4)
    } finally {
      await db.destroy()
    }
  })

  it('does not let a new client inherit the transaction of one the pool discarded', async () => {
    const client = await pool.connect()
    await client.query('begin')
    await client.query('insert into t (id, name) values ($1, $2)', [9100, 'never committed'])
    client.release(true)
    expect((await pool.query('select count(*)::int as n, pg_current_xact_id_if_assigned() is null as fresh from t where id = 9100')).rows).toEqual([{ n: 0, fresh: true }])
  })
})
