/**
 * RFM and CLV at the analytics issue's size: 1,000,000 customers (accounts) with 10,000,000 order
 * lines, RFM for all customers ≤ 10 s, the CLV fit and scoring ≤ 60 s (PostgreSQL).
 * `node --import tsx bench/customer-scores.ts --backend postgres --accounts 1000000 --lines 10000000 [--reuse]`
 * Loads a database of its own (accounts and orders from the same generators as `npm run bench`;
 * secondary indexes built after the load), then times computeRfm and computeClv each in its own
 * tenant transaction, then both in one transaction as the background job runs them, and writes
 * bench/results/<date>-<backend>-customer-scores.{md,json}.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { computeClv } from '../src/modules/analytics/clv.service.ts'
import { computeRfm } from '../src/modules/analytics/rfm.service.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { inTenantTransaction } from '../src/platform/db/transaction.ts'
import { loadOrders } from './lib/customers.ts'
import { type BenchTenant, createBenchTenant, loadAccounts } from './lib/dataset.ts'
import { withIndexesSetAside } from './lib/indexes.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    accounts: { type: 'string', default: '1000000' },
    lines: { type: 'string', default: '10000000' },
    reuse: { type: 'boolean', default: false },
    runs: { type: 'string', default: '2' },
  },
})
const accounts = Number(args.accounts)
const lines = Number(args.lines)
const databaseName = 'daifuku_customer_scores'
const manifestPath = path.join(root, 'bench', 'data', `customer-scores-${args.backend}.json`)

interface Manifest {
  tenant: BenchTenant
  accounts: number
  lines: number
  orders: number
  loadSeconds: number
}

async function openBenchDatabase(fresh: boolean) {
  if (args.backend === 'pglite') {
    const dataDir = path.join(root, 'bench', 'data', 'customer-scores')
    if (fresh) rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(path.dirname(dataDir), { recursive: true })
    return openDatabase({ dataDir })
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  if (fresh) {
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`drop database if exists ${databaseName} with (force)`)
    await admin.query(`create database ${databaseName} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${databaseName}`
  return openDatabase({ databaseUrl: url.toString(), dataDir: '' })
}

const seconds = (since: number) => (performance.now() - since) / 1000
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

const known: Manifest | null = args.reuse && existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null
const reusable = known !== null && known.accounts === accounts && known.lines === lines
const database = await openBenchDatabase(!reusable)
const db = database.db
let manifest: Manifest
if (reusable) {
  manifest = known
  await migrate(db)
  console.log(`reusing ${manifest.accounts.toLocaleString()} accounts, ${manifest.orders.toLocaleString()} orders`)
} else {
  await migrate(db)
  const tenant = await createBenchTenant(db)
  const started = performance.now()
  const { result } = await withIndexesSetAside(db, ['accounts', 'sales_documents', 'sales_document_lines'], async () => {
    const loadedAccounts = await loadAccounts(db, tenant, accounts, 7)
    console.log(`accounts: ${accounts.toLocaleString()} at ${loadedAccounts.rowsPerSecond.toLocaleString()} rows/s`)
    const orders = await loadOrders(db, tenant, loadedAccounts.ids, lines, 11)
    console.log(`orders: ${orders.orders.toLocaleString()} with ${orders.rows.toLocaleString()} lines at ${orders.rowsPerSecond.toLocaleString()} lines/s`)
    return orders
  })
  await sql`analyze`.execute(db)
  manifest = { tenant, accounts, lines: result.rows, orders: result.orders, loadSeconds: round(seconds(started), 1) }
  mkdirSync(path.dirname(manifestPath), { recursive: true })
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  console.log(`loaded in ${manifest.loadSeconds} s`)
}
const tenantId = manifest.tenant.tenantId

interface Run {
  rfmSeconds: number
  clvSeconds: number
  clvPhases: Record<string, number>
  jobSeconds: number
  buyers: number
  fittedOn: number
}
const runs: Run[] = []
for (let i = 0; i < Number(args.runs); i++) {
  let started = performance.now()
  const { customers } = await inTenantTransaction(db, tenantId, (tx) => computeRfm(tx))
  const rfmSeconds = seconds(started)
  started = performance.now()
  const model = await inTenantTransaction(db, tenantId, (tx) => computeClv(tx))
  const clvSeconds = seconds(started)
  started = performance.now()
  await inTenantTransaction(db, tenantId, async (tx) => {
    await computeRfm(tx)
    await computeClv(tx)
  })
  const jobSeconds = seconds(started)
  const run = {
    rfmSeconds: round(rfmSeconds),
    clvSeconds: round(clvSeconds),
    clvPhases: Object.fromEntries(Object.entries(model?.phaseMs ?? {}).map(([k, v]) => [k, round(v / 1000)])),
    jobSeconds: round(jobSeconds),
    buyers: model?.customers ?? 0,
    fittedOn: model?.fittedOn ?? 0,
  }
  runs.push(run)
  console.log(`run ${i + 1}: ${customers.toLocaleString()} customers — RFM ${run.rfmSeconds} s, CLV ${run.clvSeconds} s ${JSON.stringify(run.clvPhases)}, both (job) ${run.jobSeconds} s`)
}
await database.close()

const best = (pick: (r: Run) => number) => Math.min(...runs.map(pick))
const date = new Date().toISOString().slice(0, 10)
const base = path.join(root, 'bench', 'results', `${date}-${args.backend}-customer-scores`)
const result = {
  date,
  backend: args.backend,
  machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
  accounts: manifest.accounts,
  orders: manifest.orders,
  orderLines: manifest.lines,
  loadSeconds: manifest.loadSeconds,
  targets: { rfmSeconds: 10, clvSeconds: 60 },
  runs,
}
mkdirSync(path.dirname(base), { recursive: true })
writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`)
const mark = (value: number, target: number) => (value <= target ? `✅ ≤ ${target} s` : `❌ ≤ ${target} s`)
writeFileSync(
  `${base}.md`,
  `# RFM and CLV — ${args.backend}, ${date}

${manifest.accounts.toLocaleString()} customers (accounts), ${manifest.orders.toLocaleString()} orders with ${manifest.lines.toLocaleString()} lines;
${runs[0]?.buyers.toLocaleString()} of the customers have bought. ${result.machine.cpus} cores, ${result.machine.memoryGiB} GiB.
\`node --import tsx bench/customer-scores.ts --backend ${args.backend} --accounts ${accounts} --lines ${lines}\`

| run | RFM (s) | CLV fit + scoring (s) | CLV phases (s) | both, one transaction as the job (s) |
| --- | ---: | ---: | --- | ---: |
${runs.map((r, i) => `| ${i + 1} | ${r.rfmSeconds} | ${r.clvSeconds} | ${Object.entries(r.clvPhases).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.jobSeconds} |`).join('\n')}

Best: RFM ${best((r) => r.rfmSeconds)} s (${mark(best((r) => r.rfmSeconds), 10)}), CLV ${best((r) => r.clvSeconds)} s (${mark(best((r) => r.clvSeconds), 60)}).
`,
)
console.log(`wrote ${path.relative(root, base)}.{md,json}`)
