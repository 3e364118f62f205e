import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from './database.ts'
import { listMigrationFiles, migrate } from './migrate.ts'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

/** An empty database of the back end under test (not the golden copy). */
async function emptyDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const name = `daifuku_migrate_${Date.now().toString(36)}`
    const admin = await openDatabase({ databaseUrl: url, dataDir: '' })
    await sql.raw(`create database "${name}" template template0`).execute(admin.db)
    await admin.close()
    const u = new URL(url)
    u.pathname = `/${name}`
    const database = await openDatabase({ databaseUrl: u.toString(), dataDir: '' })
    cleanups.push(async () => {
      await database.close()
      const again = await openDatabase({ databaseUrl: url, dataDir: '' })
      await sql.raw(`drop database if exists "${name}" with (force)`).execute(again.db)
      await again.close()
    })
    return database
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-migrate-'))
  const database = await openDatabase({ dataDir: dir })
  cleanups.push(async () => {
    await database.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
  return database
}

describe('migrations', { timeout: 120_000 }, () => {
  it('apply from an empty database, and a second run changes nothing', async () => {
    const database = await emptyDatabase()
    const files = listMigrationFiles()
    const first = await migrate(database.db)
    expect(first.applied).toEqual(files.map((f) => f.name))
    const second = await migrate(database.db)
    expect(second.applied).toEqual([])
    expect(second.alreadyApplied).toBe(files.length)
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('tenants', 'users', 'accounts', 'jobs', 'audit_log', 'outbox_events')`.execute(database.db)
    expect(tables.rows[0]!.n).toBe(6)
  })

  it('refuse to run when an applied migration file was edited afterwards', async () => {
    const database = await emptyDatabase()
    const files = listMigrationFiles()
    await migrate(database.db, files)
    const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: 'edited' } : f))
    await expect(migrate(database.db, edited)).rejects.toThrow(/was changed after it was applied/)
  })

  it('roll back a failing migration whole, leaving it unapplied', async () => {
    const database = await emptyDatabase()
    const files = listMigrationFiles()
    const broken = { name: '99999999_9999_broken.sql', file: 'broken', sql: 'create table half_done (id int); select * from no_such_table;', checksum: 'x' }
    await expect(migrate(database.db, [...files, broken])).rejects.toThrow()
    const exists = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(database.db)
    expect(exists.rows[0]!.n).toBe(0)
    const recorded = await sql<{ n: number }>`select count(*)::int as n from schema_migrations where name = ${broken.name}`.execute(database.db)
    expect(recorded.rows[0]!.n).toBe(0)
  })

  it('every table with tenant_id that tenant code can reach has row-level security', async () => {
    const database = await emptyDatabase()
    await migrate(database.db)
    // Tables tenant code cannot touch at all (e.g. sessions, read only by sign-in) need no policy.
    const unprotected = await sql<{ tableName: string }>`
      select c.table_name from information_schema.columns c
      join pg_class k on k.relname = c.table_name and k.relkind = 'r'
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and not k.relrowsecurity
        and has_table_privilege('daifuku_app', k.oid, 'select, insert, update, delete')`.execute(database.db)
    const tenantTables = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`.execute(database.db)
    expect(tenantTables.rows[0]!.n).toBeGreaterThan(5)
    expect(unprotected.rows.map((r) => r.tableName)).toEqual([])
  })
})
