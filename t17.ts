import pg from 'pg'
import { openDatabase } from './src/platform/db/database.ts'
import { inTenantTransaction } from './src/platform/db/transaction.ts'
import { search } from './src/modules/search/search.service.ts'
import { sql } from 'kysely'
const log: any[] = []
let logging = false
const orig = pg.Client.prototype.query as any
;(pg.Client.prototype as any).query = function (...args: any[]) {
  const t = performance.now()
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text
  const r = orig.apply(this, args)
  if (logging && r && typeof r.then === 'function') r.then(() => log.push([String(text), performance.now() - t, args[0]?.values ?? args[1]]), () => {})
  return r
}
const d = await openDatabase({ dataDir: 'bench/data/medium' })
const tenant = '01a24f08-3174-7343-a805-a99834bc484f'
const roleRow = (await sql<any>`select r.id, r.key, r.name, r.permissions, m.user_id from roles r join memberships m on m.role_id = r.id where m.tenant_id = ${tenant} and r.key = 'admin' limit 1`.execute(d.db)).rows[0]
const actor = { tenantId: tenant, userId: roleRow.user_id, tokenId: null, teamId: null, role: { id: roleRow.id, key: roleRow.key, name: roleRow.name, permissions: roleRow.permissions } }
const q = process.argv[2]!
const stats: number[][] = [[], [], [], []]
for (let i = 0; i < 20; i++) {
  logging = i >= 5; log.length = 0
  await inTenantTransaction(d.db, tenant, (tx) => search({ actor, tx, requestId: null, ip: null } as any, { q, limit: 10 }))
  logging = false
  await new Promise((r) => setTimeout(r, 5))
  log.forEach(([, ms]: any, k: number) => stats[k]?.push(ms))
}
console.log(q, stats.map((v) => (v.sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0).toFixed(2)).join(' | '))
for (const k of [1, 2]) {
  logging = true; log.length = 0
  await inTenantTransaction(d.db, tenant, (tx) => search({ actor, tx, requestId: null, ip: null } as any, { q, limit: 10 }))
  logging = false
  const [text, , values] = log[k]
  await d.db.transaction().execute(async (tx) => {
    await sql`select set_config('app.tenant_id', ${tenant}, true)`.execute(tx)
    const e = await (tx as any).executeQuery({ sql: 'explain (analyze) ' + text, parameters: values, query: { kind: 'RawNode' } })
    console.log(e.rows.map((r: any) => r['QUERY PLAN']).filter((l: string) => /actual|Time/.test(l)).map((l: string) => l.slice(0, 150)).join('\n'))
  })
}
await d.close()
