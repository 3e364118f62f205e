/**
 * `npm run bench -- --scale small|medium|large --backend pglite|postgres [--only a,b] [--check]`
 *
 * Generates the data set of the scale, measures every scenario directly in SQL (the limit)
 * and through the HTTP API of a separately running server, and writes
 * bench/results/<date>-<backend>-<scale>.json and .md. With --check, fails on a gross
 * regression (5× worse than bench/baseline/<backend>-<scale>.json), never on noise.
 *
 * With --reuse, the data set loaded by an earlier run of the same backend, scale and seed is
 * kept (new migrations are applied) — the large set takes a quarter of an hour to load. With
 * --only, the results of the named scenarios replace theirs in today's results file, if any.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { CompiledQuery, sql } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { refreshSearchGramShares } from '../src/modules/search/search.jobs.ts'
import { type BenchTenant, createBenchTenant, loadAccounts, loadDeals, SCALES, type Scale } from './lib/dataset.ts'
import { inSystemTransaction } from '../src/platform/db/transaction.ts'
import type { Db } from '../src/platform/db/database.ts'
import { closedLoop, HttpLoad, openLoop, type LatencyStats } from './lib/load.ts'
import { Random } from './lib/random.ts'
import { ServerProcess } from './lib/server.ts'
import { loadActivities, loadContacts, loadOrders } from './lib/customers.ts'
import { withIndexesSetAside } from './lib/indexes.ts'
import { withTotalsRecountedAfter } from './lib/totals.ts'
import { OPERATIONS } from './operations.ts'
import { SCENARIOS, type ScenarioContext } from './scenarios.ts'
import { ensureBenchQuote } from './lib/quote.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    backend: { type: 'string', default: 'pglite' },
    only: { type: 'string' },
    seed: { type: 'string', default: '20261125' },
    check: { type: 'boolean', default: false },
    port: { type: 'string', default: '3900' },
    reuse: { type: 'boolean', default: false },
  },
})

const scale: Scale | undefined = SCALES[args.scale as Scale['name']]
if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`)
if (args.backend !== 'postgres' && args.backend !== 'pglite') throw new Error('--backend must be pglite or postgres')
const backend: 'pglite' | 'postgres' = args.backend
const seed = Number(args.seed)
const scenarios = SCENARIOS.filter((s) => !args.only || args.only.split(',').includes(s.name))
const operations = OPERATIONS.filter((o) => !args.only || args.only.split(',').includes(o.name))

/** A fresh database for the run: a new PGlite directory, or a re-created PostgreSQL database. */
async function freshDatabase(): Promise<{ env: Record<string, string>; databaseUrl?: string; dataDir: string }> {
  const dataDir = path.join(root, 'bench', 'data', scale!.name)
  if (backend === 'pglite') {
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(path.dirname(dataDir), { recursive: true })
    return { env: { DAIFUKU_DATA_DIR: dataDir }, dataDir }
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `daifuku_bench_${scale!.name}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { env: { DATABASE_URL: url.toString() }, databaseUrl: url.toString(), dataDir }
}

/** The database of an earlier run, kept as it is. */
function existingDatabase(): { env: Record<string, string>; databaseUrl?: string; dataDir: string } {
  const dataDir = path.join(root, 'bench', 'data', scale!.name)
  if (backend === 'pglite') return { env: { DAIFUKU_DATA_DIR: dataDir }, dataDir }
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  url.pathname = `/daifuku_bench_${scale!.name}`
  return { env: { DATABASE_URL: url.toString() }, databaseUrl: url.toString(), dataDir }
}

interface ScenarioResult {
  name: string
  description: string
  concurrency: number
  ratePerSecond?: number
  targetP95Ms?: number
  api: LatencyStats
  sql: LatencyStats
  /** API p95 ÷ SQL p95, and SQL throughput ÷ API throughput. */
  ratioP95: number
  ratioThroughput: number
  serverCpuSeconds: number
  serverRssMb: number
}

interface OperationResult {
  name: string
  description: string
  rows: number
  targetSeconds?: number
  apiSeconds: number
  sqlSeconds: number
  /** API seconds ÷ SQL seconds. */
  ratio: number
  rowsPerSecond: number
  serverCpuSeconds: number
  serverRssMb: number
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

/** What a later --reuse run needs to find the loaded data set again (kept beside the data, never committed). */
interface LoadedSet {
  seed: number
  tenant: BenchTenant
  pipelineId: string
  data: { accounts: number; loadRowsPerSecond: number; contacts: number; contactLoadRowsPerSecond: number; activities: number; deals: number; dealLoadRowsPerSecond: number; orders: number; orderLines: number }
}

const manifestPath = path.join(root, 'bench', 'data', `${backend}-${scale.name}.manifest.json`)

function readManifest(): LoadedSet | null {
  if (!args.reuse || !existsSync(manifestPath)) return null
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as LoadedSet
  return manifest.seed === seed ? manifest : null
}

/** Loads the data set directly, as a migration or an import would. */
async function loadDataSet(db: Db): Promise<LoadedSet & { accountIds: string[]; contactIds: string[] }> {
  rmSync(manifestPath, { force: true })
  const tenant = await createBenchTenant(db)
  const { result: set, rebuildSeconds } = await withIndexesSetAside(db, LOADED_TABLES, () => withTotalsRecountedAfter(db, () => loadRows(db, tenant)))
  console.log(`  rebuilt the secondary indexes in ${round(rebuildSeconds, 1)} s`)
  const { accountIds: _accounts, contactIds: _contacts, ...manifest } = set
  mkdirSync(path.dirname(manifestPath), { recursive: true })
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  return set
}

/** The tables the loaders fill; their secondary indexes are built once, after the rows are in. */
const LOADED_TABLES = ['accounts', 'contacts', 'account_contacts', 'activities', 'deals', 'sales_documents', 'sales_document_lines']

async function loadRows(db: Db, tenant: BenchTenant): Promise<LoadedSet & { accountIds: string[]; contactIds: string[] }> {
  const load = await loadAccounts(db, tenant, scale!.accounts, seed)
  console.log(`  loaded ${load.rows.toLocaleString()} accounts at ${load.rowsPerSecond.toLocaleString()} rows/s`)
  const contacts = await loadContacts(db, tenant, load.ids, scale!.contacts, seed + 4)
  console.log(`  loaded ${contacts.rows.toLocaleString()} contacts at ${contacts.rowsPerSecond.toLocaleString()} rows/s`)
  const activities = await loadActivities(db, tenant, contacts.ids, contacts.employer, scale!.activities, seed + 5)
  console.log(`  loaded ${activities.rows.toLocaleString()} activities at ${activities.rowsPerSecond.toLocaleString()} rows/s`)
  const deals = await loadDeals(db, tenant, load.ids, scale!.deals, seed + 3)
  console.log(`  loaded ${deals.rows.toLocaleString()} deals at ${deals.rowsPerSecond.toLocaleString()} rows/s`)
  const orders = await loadOrders(db, tenant, load.ids, scale!.orderLines, seed + 6)
  console.log(`  loaded ${orders.orders.toLocaleString()} orders with ${orders.rows.toLocaleString()} lines at ${orders.rowsPerSecond.toLocaleString()} lines/s`)
  const set: LoadedSet = {
    seed,
    tenant,
    pipelineId: deals.pipelineId,
    data: {
      accounts: load.rows,
      loadRowsPerSecond: load.rowsPerSecond,
      contacts: contacts.rows,
      contactLoadRowsPerSecond: contacts.rowsPerSecond,
      activities: activities.rows,
      deals: deals.rows,
      dealLoadRowsPerSecond: deals.rowsPerSecond,
      orders: orders.orders,
      orderLines: orders.rows,
    },
  }
  return { ...set, accountIds: load.ids, contactIds: contacts.ids }
}

/** The ids of a data set loaded earlier; scenarios draw from them at random, so their order does not matter. */
async function reloadDataSet(db: Db, set: LoadedSet): Promise<LoadedSet & { accountIds: string[]; contactIds: string[] }> {
  const ids = async (table: 'accounts' | 'contacts') =>
    (await inSystemTransaction(db, (tx) => tx.selectFrom(table).select('id').where('tenantId', '=', set.tenant.tenantId).orderBy('id').execute())).map((r) => r.id)
  const accountIds = await ids('accounts')
  const contactIds = await ids('contacts')
  console.log(`  reusing ${accountIds.length.toLocaleString()} accounts, ${contactIds.length.toLocaleString()} contacts loaded earlier`)
  return { ...set, accountIds, contactIds }
}

async function main() {
  const started = Date.now()
  const reused = readManifest()
  const target = reused ? existingDatabase() : await freshDatabase()
  console.log(`bench: ${backend}, scale ${scale!.name} (${scale!.accounts.toLocaleString()} accounts), seed ${seed}`)

  const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, poolSize: 60 })
  await migrate(database.db)
  const loaded = reused ? await reloadDataSet(database.db, reused) : await loadDataSet(database.db)
  const { tenant } = loaded
  const quoteId = await ensureBenchQuote(database.db, tenant, loaded.accountIds[0]!)
  // PGlite has no autovacuum; PostgreSQL's would come later. Plan and count on fresh statistics.
  await sql`vacuum analyze`.execute(database.db)
  // Which search grams are common, as the server's recurring job copies them from these statistics (decision 0008, 11).
  await refreshSearchGramShares(database.db)
  const serverVersion = (await sql<{ v: string }>`select version() as v`.execute(database.db)).rows[0]!.v
  const context = (randomSeed: number): ScenarioContext => ({
    tenant,
    accountIds: loaded.accountIds,
    contactIds: loaded.contactIds,
    pipelineId: loaded.pipelineId,
    quoteId,
    random: new Random(randomSeed),
    backend,
    scale: scale!,
    sparePort: Number(args.port) + 1,
  })

  // 2. The physical limit: the same statements straight to the database. PGlite has one
  // connection, so there the baseline runs one statement at a time.
  const sqlStats = new Map<string, LatencyStats>()
  for (const scenario of scenarios) {
    const ctx = context(seed + 1)
    const concurrency = backend === 'pglite' ? 1 : scenario.concurrency
    const runStatement = async (_client: number, i: number) => {
      const statements = [scenario.sql(ctx, i)].flat()
      for (const statement of statements) await database.db.executeQuery(CompiledQuery.raw(statement.text, statement.values))
    }
    const stats = scenario.ratePerSecond
      ? await openLoop(concurrency, scenario.ratePerSecond, scale!.seconds, scale!.warmupSeconds, runStatement)
      : await closedLoop(concurrency, scale!.seconds, scale!.warmupSeconds, runStatement)
    sqlStats.set(scenario.name, stats)
    console.log(`  sql  ${scenario.name.padEnd(16)} p95 ${stats.p95Ms} ms, ${stats.throughputPerSecond}/s`)
  }
  const operationSql = new Map<string, number>()
  for (const operation of operations) {
    const started = performance.now()
    const timed = await operation.sql(database.db, context(seed + 1))
    operationSql.set(operation.name, timed ?? (performance.now() - started) / 1000)
    console.log(`  sql  ${operation.name.padEnd(16)} ${round(operationSql.get(operation.name)!)} s`)
  }
  await database.close()

  // 3. The same operations through the API of a server in its own process.
  const server = await ServerProcess.start({ ...target.env, DAIFUKU_RATE_LIMIT_PER_MINUTE: '100000000', BENCH_WORKER: '1' }, Number(args.port))
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const idle = server.usage()
  const results: ScenarioResult[] = []
  const operationResults: OperationResult[] = []
  try {
    for (const scenario of scenarios) {
      const ctx = context(seed + 2)
      // A page's parallel requests each need their own connection.
      const http = new HttpLoad(server.origin, tenant.apiToken, scenario.concurrency * [scenario.http(ctx, 0)].flat().length)
      await scenario.prepare?.((spec) => http.send(spec), ctx)
      const before = server.usage()
      const sendRequest = async (_client: number, i: number) => {
        await Promise.all([scenario.http(ctx, i)].flat().map((spec) => http.send(spec)))
      }
      const api = scenario.ratePerSecond
        ? await openLoop(scenario.concurrency, scenario.ratePerSecond, scale!.seconds, scale!.warmupSeconds, sendRequest)
        : await closedLoop(scenario.concurrency, scale!.seconds, scale!.warmupSeconds, sendRequest)
      const after = server.usage()
      await http.close()
      const sqlResult = sqlStats.get(scenario.name)!
      results.push({
        name: scenario.name,
        description: scenario.description,
        concurrency: scenario.concurrency,
        ratePerSecond: scenario.ratePerSecond,
        targetP95Ms: scenario.targetP95Ms,
        api,
        sql: sqlResult,
        ratioP95: round(api.p95Ms / Math.max(sqlResult.p95Ms, 0.001)),
        ratioThroughput: round(sqlResult.throughputPerSecond / Math.max(api.throughputPerSecond, 1)),
        serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
        serverRssMb: after.rssMb,
      })
      console.log(`  api  ${scenario.name.padEnd(16)} p95 ${api.p95Ms} ms, ${api.throughputPerSecond}/s, rss ${after.rssMb} MB`)
    }
    for (const operation of operations) {
      const ctx = context(seed + 2)
      const http = new HttpLoad(server.origin, tenant.apiToken, 2)
      const before = server.usage()
      const started = performance.now()
      const timed = await operation.api(http, ctx)
      const seconds = timed ?? (performance.now() - started) / 1000
      const after = server.usage()
      await http.close()
      const sqlSeconds = operationSql.get(operation.name)!
      operationResults.push({
        name: operation.name,
        description: operation.description,
        rows: operation.rows(ctx),
        targetSeconds: operation.targetSeconds ?? (operation.targetRowsPerSecond ? round(operation.rows(ctx) / operation.targetRowsPerSecond) : undefined),
        apiSeconds: round(seconds),
        sqlSeconds: round(sqlSeconds),
        ratio: round(seconds / Math.max(sqlSeconds, 0.001)),
        rowsPerSecond: Math.round(operation.rows(ctx) / seconds),
        serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
        serverRssMb: after.rssMb,
      })
      console.log(`  api  ${operation.name.padEnd(16)} ${round(seconds)} s, rss ${after.rssMb} MB`)
    }
  } finally {
    await server.stop()
  }

  const report = {
    date: new Date().toISOString(),
    backend,
    scale: scale!.name,
    seed,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      database: serverVersion,
    },
    data: loaded.data,
    server: { idleRssMb: idle.rssMb },
    scenarios: results,
    operations: operationResults,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  }
  const resultsDir = path.join(root, 'bench', 'results')
  mkdirSync(resultsDir, { recursive: true })
  const base = `${report.date.slice(0, 10)}-${backend}-${scale!.name}`
  if (args.only) keepOtherResults(path.join(resultsDir, `${base}.json`), report)
  writeFileSync(path.join(resultsDir, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`)
  const summary = renderSummary(report)
  writeFileSync(path.join(resultsDir, `${base}.md`), summary)
  console.log(`\n${summary}`)

  if (args.check) {
    const failures = checkAgainstBaseline(report.scenarios, report.operations)
    if (failures.length > 0) {
      console.error(`bench: gross regression against the baseline:\n${failures.map((f) => `  - ${f}`).join('\n')}`)
      process.exitCode = 1
    } else {
      console.log('bench: no gross regression against the baseline')
    }
  }
}

/** An --only run replaces its scenarios in today's results of the same backend, scale and seed and keeps the rest. */
function keepOtherResults(file: string, report: { seed: number; scenarios: ScenarioResult[]; operations: OperationResult[] }): void {
  if (!existsSync(file)) return
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as { seed: number; scenarios: ScenarioResult[]; operations: OperationResult[] }
  if (earlier.seed !== report.seed) return
  const fresh = new Set([...report.scenarios, ...report.operations].map((r) => r.name))
  report.scenarios = [...earlier.scenarios.filter((r) => !fresh.has(r.name)), ...report.scenarios]
  report.operations = [...earlier.operations.filter((r) => !fresh.has(r.name)), ...report.operations]
}

function renderSummary(report: {
  date: string
  backend: string
  scale: string
  machine: { cpus: number; cpuModel: string; database: string }
  data: { accounts: number; loadRowsPerSecond: number; contacts: number; activities: number; deals: number; orders: number; orderLines: number }
  server: { idleRssMb: number }
  scenarios: ScenarioResult[]
  operations: OperationResult[]
}): string {
  const d = report.data
  const lines = [
    `# Bench ${report.backend} / ${report.scale} — ${report.date}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}; ${report.machine.database.split(' on ')[0]}.`,
    `Data: ${d.accounts.toLocaleString()} accounts, ${d.contacts.toLocaleString()} contacts, ${d.activities.toLocaleString()} activities, ${d.deals.toLocaleString()} deals, ${d.orders.toLocaleString()} orders with ${d.orderLines.toLocaleString()} lines. Idle server RSS: ${report.server.idleRssMb} MB.`,
    '',
    '| scenario | conns (rate/s) | API p50 | API p95 | API p99 | API req/s | SQL p95 | SQL req/s | p95 API/SQL | req/s SQL/API | server CPU s | RSS MB | target p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const s of report.scenarios) {
    const target = s.targetP95Ms === undefined ? '' : `${s.api.p95Ms <= s.targetP95Ms ? '✅' : '❌'} ≤ ${s.targetP95Ms} ms`
    lines.push(
      `| ${s.name} | ${s.concurrency}${s.ratePerSecond ? ` (${s.ratePerSecond})` : ''} | ${s.api.p50Ms} | ${s.api.p95Ms} | ${s.api.p99Ms} | ${s.api.throughputPerSecond} | ${s.sql.p95Ms} | ${s.sql.throughputPerSecond} | ${s.ratioP95} | ${s.ratioThroughput} | ${s.serverCpuSeconds} | ${s.serverRssMb} | ${target} |`,
    )
  }
  if (report.operations.length > 0) {
    lines.push('', '| operation | rows | API s | SQL s | API/SQL | rows/s | server CPU s | RSS MB | target |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for (const o of report.operations) {
      const target = o.targetSeconds === undefined ? '' : `${o.apiSeconds <= o.targetSeconds ? '✅' : '❌'} ≤ ${o.targetSeconds} s`
      lines.push(`| ${o.name} | ${o.rows.toLocaleString()} | ${o.apiSeconds} | ${o.sqlSeconds} | ${o.ratio} | ${o.rowsPerSecond.toLocaleString()} | ${o.serverCpuSeconds} | ${o.serverRssMb} | ${target} |`)
    }
    lines.push('', 'Operations run once: API = request → background job (the worker runs in the server, as with daifuku start, polling every 0.2 s) → done seen by polling; SQL = the same work in one transaction straight on the database. contacts.import: API = the import job from start to done, on a database and server of its own (server CPU and RSS columns are the main server\'s); SQL = a raw COPY of the same file into an unindexed table (the ratio the issue asks for).')
  }
  lines.push('', 'Latencies in milliseconds on loopback, after a warm-up. Without a rate, each connection sends its next request as soon as the last is answered (saturation); with a rate, requests go out on a fixed schedule and latency counts from the scheduled time.', '')
  return lines.join('\n')
}

/**
 * A steady-rate scenario whose rate is over half what the same requests reach when sent back to back in this run
 * measures queueing, not the code: two identical runs of account.get.steady (500/s against a 560/s ceiling) gave
 * p95 8 ms and 72 ms. Its p95 is reported but not held against the baseline; its throughput and errors still are.
 */
function nearSaturation(result: ScenarioResult, all: ScenarioResult[]): boolean {
  if (!result.ratePerSecond) return false
  const closedLoop = all.find((s) => !s.ratePerSecond && result.name.startsWith(`${s.name}.`))
  const near = closedLoop !== undefined && closedLoop.api.throughputPerSecond < 2 * result.ratePerSecond
  if (near) console.log(`bench: ${result.name} runs at ${result.ratePerSecond}/s against a ${closedLoop.api.throughputPerSecond}/s ceiling here; its p95 is not compared`)
  return near
}

function checkAgainstBaseline(current: ScenarioResult[], operationsNow: OperationResult[]): string[] {
  const file = path.join(root, 'bench', 'baseline', `${backend}-${scale!.name}.json`)
  if (!existsSync(file)) {
    console.log(`bench: no baseline at ${path.relative(root, file)}; nothing to compare`)
    return []
  }
  const baseline = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: ScenarioResult[]; operations?: OperationResult[] }
  const failures: string[] = []
  for (const now of operationsNow) {
    const then = baseline.operations?.find((o) => o.name === now.name)
    if (then && now.apiSeconds > 5 * Math.max(then.apiSeconds, 1)) failures.push(`${now.name}: ${now.apiSeconds} s vs baseline ${then.apiSeconds} s`)
  }
  for (const now of current) {
    const then = baseline.scenarios.find((s) => s.name === now.name)
    if (!then) continue
    if (now.api.p95Ms > 5 * Math.max(then.api.p95Ms, 1) && !nearSaturation(now, current)) {
      failures.push(`${now.name}: p95 ${now.api.p95Ms} ms vs baseline ${then.api.p95Ms} ms`)
    }
    if (now.api.throughputPerSecond * 5 < then.api.throughputPerSecond) {
      failures.push(`${now.name}: ${now.api.throughputPerSecond}/s vs baseline ${then.api.throughputPerSecond}/s`)
    }
    if (now.api.errors > 0) failures.push(`${now.name}: ${now.api.errors} failed requests`)
  }
  return failures
}

await main()
