import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from './database.ts'

const url = process.env.TEST_DATABASE_URL

// Only a server connection can be cut from outside; PGlite runs in the process.
describe.runIf(url)('PostgreSQL connection loss', () => {
  it('a connection killed in the middle of a transaction fails that transaction, not the process', async () => {
    const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 2 })
    const killer = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 1 })
    try {
      const failed = database.db.transaction().execute(async (tx) => {
        const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid
        await sql`select pg_terminate_backend(${pid})`.execute(killer.db)
        // Give the socket's error event time to arrive while the transaction is still open.
        await new Promise((resolve) => setTimeout(resolve, 200))
        await sql`select 1`.execute(tx)
      })
      await expect(failed).rejects.toThrow()
      // The pool recovers: the next query gets a fresh connection.
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]!.one).toBe(1)
    } finally {
      await killer.close()
      await database.close()
    }
  })
})
