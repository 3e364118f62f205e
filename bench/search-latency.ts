/**
 * Search-as-you-type latency through the HTTP API (issue 3: p95 ≤ 50 ms at 200,000 accounts and 1,000,000 contacts).
 * `node --import tsx bench/search-latency.ts --backend postgres|pglite --accounts 200000 --contacts 1000000`
 * Loads a fresh database (search_text computed in TypeScript like the services do), starts the real server, then
 * replays what typing looks like — every prefix of a set of names, readings, phones and companies — from one client
 * (a person typing) and from 4 at once (an office), and prints p50/p95/p99/max. Writes nothing to bench/results.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { refreshSearchGramShares } from '../src/modules/search/search.jobs.ts'
import { newId } from '../src/platform/ids.ts'
import { newApiToken } from '../src/platform/auth/credentials.ts'
import { buildSearchText, foldForSearch, normalizePhone } from '../src/platform/japanese/index.ts'
import { createBenchTenant, generateAccount } from './lib/dataset.ts'
import { HttpLoad, summarize } from './lib/load.ts'
import { Random } from './lib/random.ts'
import { ServerProcess } from './lib/server.ts'
import { GIVEN_NAMES, PREFECTURES, SURNAMES } from './lib/vocabulary.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    accounts: { type: 'string', default: '200000' },
    contacts: { type: 'string', default: '1000000' },
    port: { type: 'string', default: '3910' },
    requests: { type: 'string', default: '600' },
    // Measure again on the database a previous run loaded, after a code or migration change.
    reuse: { type: 'boolean', default: false },
    // Also print the slowest typed prefixes (median of 5 requests each, one client).
    'per-query': { type: 'boolean', default: false },
  },
})
function reusedDatabase(): Record<string, string> {
  if (args.backend === 'pglite') return { DAIFUKU_DATA_DIR: path.join(root, 'bench', 'data', 'search-latency'), DATABASE_URL: '' }
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  url.pathname = '/daifuku_search_latency'
  return { DATABASE_URL: url.toString() }
}

/** The loaded tenant, with a new API token for its admin (tokens are stored hashed). */
async function reuseTenant(): Promise<{ tenantId: string; apiToken: string; ownerIds: string[]; teamIds: string[]; adminUserId: string }> {
  const row = await sql<{ tenantId: string; userId: string; roleId: string }>`select m.tenant_id as "tenantId", m.user_id as "userId", m.role_id as "roleId"
    from memberships m join roles r on r.id = m.role_id join tenants t on t.id = m.tenant_id
    where r.key = 'admin' and t.slug like 'bench-%' order by t.created_at desc limit 1`.execute(db)
  const found = row.rows[0]
  if (!found) throw new Error('No loaded bench tenant: run once without --reuse')
  const token = newApiToken()
  await db.insertInto('apiTokens').values({ id: newId(), tenantId: found.tenantId, userId: found.userId, roleId: found.roleId, name: 'search-latency', prefix: token.prefix, tokenHash: token.hash }).execute()
  return { tenantId: found.tenantId, adminUserId: found.userId, apiToken: token.token, ownerIds: [], teamIds: [] }
}

async function freshDatabase(): Promise<Record<string, string>> {
  if (args.backend === 'pglite') {
    const dataDir = path.join(root, 'bench', 'data', 'search-latency')
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(path.dirname(dataDir), { recursive: true })
    return { DAIFUKU_DATA_DIR: dataDir, DATABASE_URL: '' }
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query('drop database if exists daifuku_search_latency with (force)')
  await admin.query(`create database daifuku_search_latency template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = '/daifuku_search_latency'
  return { DATABASE_URL: url.toString() }
}

const env = args.reuse ? reusedDatabase() : await freshDatabase()
const database = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DAIFUKU_DATA_DIR ?? '' })
const db = database.db
await migrate(db)
const tenant = args.reuse ? await reuseTenant() : await createBenchTenant(db)
if (args.reuse) {
  args.accounts = '0'
  args.contacts = '0'
}
const random = new Random(20261125)
let started = performance.now()
const accounts = Number(args.accounts)
const contacts = Number(args.contacts)
for (let offset = 0; offset < accounts; offset += 1000) {
  const rows = Array.from({ length: Math.min(1000, accounts - offset) }, (_, i) => {
    const row = generateAccount(random, tenant, offset + i)
    return { ...row, searchText: buildSearchText([row.name, row.nameKana, row.phone, row.email]) }
  })
  await db.insertInto('accounts').values(rows).execute()
}
console.log(`accounts: ${accounts} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
started = performance.now()
for (let offset = 0; offset < contacts; offset += 1000) {
  const rows = Array.from({ length: Math.min(1000, contacts - offset) }, (_, i) => {
    const n = offset + i
    const [family, familyKana] = random.pick(SURNAMES)
    const [given, givenKana] = random.pick(GIVEN_NAMES)
    const place = random.pick(PREFECTURES)
    const phone = `${place[2]}-${random.digits(4 - (place[2].length - 2))}-${random.digits(4)}`
    const email = `user${n}@example.co.jp`
    const owner = random.int(0, tenant.ownerIds.length - 1)
    return {
      id: newId(),
      tenantId: tenant.tenantId,
      familyName: family,
      givenName: given,
      familyNameKana: familyKana,
      givenNameKana: givenKana,
      displayName: `${family} ${given}`,
      sortKana: foldForSearch(`${familyKana} ${givenKana}`),
      emails: JSON.stringify([{ type: 'work', address: email, primary: true }]),
      phones: JSON.stringify([{ type: 'work', number: phone, primary: true }]),
      addresses: '[]',
      primaryEmail: email,
      primaryPhoneDigits: normalizePhone(phone),
      ownerId: tenant.ownerIds[owner]!,
      teamId: tenant.teamIds[owner % tenant.teamIds.length]!,
      searchText: buildSearchText([`${family} ${given}`, `${family}${given}`, family, given, `${familyKana}${givenKana}`, familyKana, givenKana, email, phone]),
    }
  })
  await db.insertInto('contacts').values(rows).execute()
}
console.log(`contacts: ${contacts} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
if (!args.reuse) await sql`analyze`.execute(db)
await refreshSearchGramShares(db)
await database.close()

// The per-query pass sends more requests in a minute than a user may (429 otherwise).
const server = await ServerProcess.start({ ...env, DAIFUKU_RATE_LIMIT_PER_MINUTE: '100000000' }, Number(args.port))
const typed = ['田中太郎', 'たなかたろう', 'ﾀﾅｶ', '髙橋', 'さとう', '株式会社大福', '03-1234', '090', 'user12345', '大阪', 'Acme']
const queries = typed.flatMap((word) => Array.from({ length: [...word].length }, (_, i) => [...word].slice(0, i + 1).join('')))
const total = Number(args.requests)
for (const connections of [1, 4]) {
  const load = new HttpLoad(server.origin, tenant.apiToken, connections)
  const latencies: number[] = []
  let next = 0
  let errors = 0
  const begin = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const q = queries[next++ % queries.length]!
        const t0 = performance.now()
        try {
          await load.send({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`, expectStatus: 200 })
          latencies.push(performance.now() - t0)
        } catch (error) {
          errors += 1
          if (errors === 1) console.error(error)
        }
      }
    }),
  )
  const stats = summarize(latencies, errors, (performance.now() - begin) / 1000)
  console.log(`${args.backend}, ${connections} client(s), ${total} requests over ${queries.length} typed prefixes:`, JSON.stringify(stats))
  await load.close()
}
if (args['per-query']) {
  const load = new HttpLoad(server.origin, tenant.apiToken, 1)
  const medians: [string, number][] = []
  for (const q of queries) {
    const times: number[] = []
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now()
      await load.send({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`, expectStatus: 200 })
      times.push(performance.now() - t0)
    }
    medians.push([q, times.sort((a, b) => a - b)[2]!])
  }
  medians.sort((a, b) => b[1] - a[1])
  console.log('slowest prefixes (median ms):', medians.slice(0, 20).map(([q, ms]) => `${q} ${ms.toFixed(1)}`).join(', '))
  await load.close()
}
await server.stop()
