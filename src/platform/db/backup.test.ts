import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../modules/accounts/index.ts'
import { enqueueJob } from '../jobs/index.ts'
import { newId } from '../ids.ts'
import { cloneGoldenDatabase } from '../testing/golden.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp } from '../testing/test-app.ts'
import { backupDatabase, listTablesInDependencyOrder, restoreDatabase } from './backup.ts'
import { openDatabase, type Database } from './database.ts'
import { inSystemTransaction, inTenantTransaction } from './transaction.ts'

let t: TestApp
let target: Database
let dropTarget: () => Promise<void>
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-backup-'))

beforeAll(async () => {
  t = await startTestApp()
  const copy = await cloneGoldenDatabase()
  target = await openDatabase({ databaseUrl: copy.databaseUrl, dataDir: copy.dataDir, poolSize: 4 })
  dropTarget = copy.drop
})
afterAll(async () => {
  await target?.close()
  await dropTarget?.()
  await t?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Every table's rows as PostgreSQL's JSON text, sorted: equal snapshots mean equal data. */
async function snapshot(db: Database['db']): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of await listTablesInDependencyOrder(db)) {
    const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.id(table.name)} t order by 1`.execute(db)
    out[table.name] = rows.rows.map((r) => r.j)
  }
  return out
}

async function seedVariedData(): Promise<void> {
  const { tenantId, admin } = await createTestTenant(t.app, '大福テスト株式会社')
  // A child team whose id sorts before its parent's: the restore must still insert the parent first.
  const childId = newId()
  const parentId = newId()
  await inSystemTransaction(t.app.db, async (tx) => {
    await tx.insertInto('teams').values({ id: parentId, tenantId, name: '営業部', parentId: null }).execute()
    await tx.insertInto('teams').values({ id: childId, tenantId, name: '東京営業課', parentId }).execute()
  })
  const seller = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: childId, name: '山田 太郎' })
  await asUser(t.app, admin, (ctx) =>
    createAccount(ctx, {
      name: '株式会社さくら精機',
      nameKana: 'サクラセイキ',
      industry: '製造業',
      phone: '03-1234-5678',
      annualRevenue: 9_007_199_254_740_991,
      employeeCount: 1200,
      notes: '改行あり\n"引用" と \\ バックスラッシュ',
      ownerId: seller.userId,
      teamId: childId,
    }),
  )
  await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Acme KK' }))
  await inTenantTransaction(t.app.db, tenantId, (tx) => enqueueJob(tx, { type: 'mail.send', payload: { to: ['a@example.test'], nested: { n: 1.5, ok: true } } }))
  await sql`update users set last_login_at = '2026-11-25 09:00:00.123456+00' where id = ${admin.userId}`.execute(t.app.db)
}

describe('backup and restore', () => {
  it('a restored database holds exactly the same rows in every table', async () => {
    await seedVariedData()
    const file = path.join(dir, 'round-trip.daifuku.gz')
    const result = await backupDatabase(t.app.db, t.app.database.kind, file)
    expect(result.tables.accounts).toBeGreaterThanOrEqual(2)
    expect(result.tables.teams).toBe(2)

    await restoreDatabase(target.db, file)
    const [before, after] = await Promise.all([snapshot(t.app.db), snapshot(target.db)])
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    for (const table of Object.keys(before)) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] })
    expect(before.accounts!.some((row) => row.includes('9007199254740991'))).toBe(true)
    expect(before.users!.some((row) => row.includes('09:00:00.123456'))).toBe(true)
  })

  it('refuses to restore over a database that has data, unless forced', async () => {
    const file = path.join(dir, 'again.daifuku.gz')
    await backupDatabase(t.app.db, t.app.database.kind, file)
    await expect(restoreDatabase(target.db, file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('--force') })
    await sql`insert into tenants (id, name, slug) values (${newId()}, 'Only in target', ${`only-${newId()}`})`.execute(target.db)
    await restoreDatabase(target.db, file, { force: true })
    const stray = await sql<{ n: number }>`select count(*)::int as n from tenants where name = 'Only in target'`.execute(target.db)
    expect(stray.rows[0]!.n).toBe(0)
    expect(await snapshot(target.db)).toEqual(await snapshot(t.app.db))
  })

  it('refuses a backup made at another migration version, and changes nothing', async () => {
    const file = path.join(dir, 'version.daifuku.gz')
    await backupDatabase(t.app.db, t.app.database.kind, file)
    await sql`insert into schema_migrations (name, checksum) values ('29991231_9999_future.sql', 'x')`.execute(target.db)
    try {
      const before = await snapshot(target.db)
      const error = await restoreDatabase(target.db, file, { force: true }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'conflict', details: [{ path: 'migrations', message: expect.stringContaining('29991231_9999_future.sql') }] })
      expect(await snapshot(target.db)).toEqual(before)
    } finally {
      await sql`delete from schema_migrations where name = '29991231_9999_future.sql'`.execute(target.db)
    }
  })

  it('a cut-off backup file is rejected and the restore rolls back', async () => {
    const file = path.join(dir, 'full.daifuku.gz')
    await backupDatabase(t.app.db, t.app.database.kind, file)
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n')
    const cut = path.join(dir, 'cut.daifuku.gz')
    fs.writeFileSync(cut, zlib.gzipSync(`${lines.slice(0, -3).join('\n')}\n`))
    await sql`delete from accounts`.execute(target.db)
    const before = await snapshot(target.db)
    await expect(restoreDatabase(target.db, cut, { force: true })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('incomplete') })
    expect(await snapshot(target.db)).toEqual(before)
    await expect(restoreDatabase(target.db, path.join(dir, 'missing.gz'))).rejects.toMatchObject({ code: 'invalid' })
  })
})
