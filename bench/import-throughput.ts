/**
 * CSV import throughput through the real HTTP API (issue: 1,000,000 contacts through the full validation path at
 * ≥ 30,000 rows/s on PostgreSQL, with the ratio to a raw COPY of the same file measured in the same run).
 * `node --import tsx bench/import-throughput.ts --backend postgres|pglite --rows 100000`
 *
 * Generates a deterministic CSV of Japanese contacts (bench/lib/contacts-csv.ts: 1% in-file duplicates, 0.1% bad
 * emails, rows/20 companies), loads a fresh database with a bench tenant, starts the server as a separate process,
 * uploads the file (POST /api/v1/imports/file), checks the guessed mapping, runs it (POST …/run) and polls
 * GET …/:id until done — timing each poll, since a long import must not freeze other requests. Then times a raw
 * `COPY … FROM '<file>' WITH (FORMAT csv, HEADER)` of the same file into a scratch table (13 text columns, no
 * index) and prints rows/s of both and their ratio. PGlite: COPY into a scratch in-memory PGlite (the server holds
 * the data dir). Nothing is written to bench/results: copy the printed lines there.
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { createBenchTenant } from './lib/dataset.ts'
import { CONTACT_CSV_HEADER, contactCsvLines, type ContactCsvStats } from './lib/contacts-csv.ts'
import { ServerProcess } from './lib/server.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3930' },
    seed: { type: 'string', default: '20261204' },
  },
})
const rows = Number(args.rows)
const DB_NAME = 'daifuku_import_throughput'

async function writeCsv(file: string, stats: ContactCsvStats): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true })
  const out = createWriteStream(file)
  for (const line of contactCsvLines(rows, Number(args.seed), stats)) {
    if (!out.write(`${line}\r\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function freshDatabase(): Promise<Record<string, string>> {
  if (args.backend === 'pglite') {
    const dataDir = path.join(root, 'bench', 'data', 'import-throughput')
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(path.dirname(dataDir), { recursive: true })
    return { DAIFUKU_DATA_DIR: dataDir, DATABASE_URL: '' }
  }
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  await admin.query(`drop database if exists ${DB_NAME} with (force)`)
  await admin.query(`create database ${DB_NAME} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
  await admin.end()
  return { DATABASE_URL: databaseUrl() }
}
const serverUrl = () => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
function databaseUrl(): string {
  const url = new URL(serverUrl())
  url.pathname = `/${DB_NAME}`
  return url.toString()
}

/** Raw COPY of the same file into a scratch table of text columns: the floor any import is compared with. */
async function timeRawCopy(file: string): Promise<number> {
  const columns = CONTACT_CSV_HEADER.map((_, i) => `c${i} text`).join(', ')
  if (args.backend === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite')
    const lite = await PGlite.create()
    await lite.exec(`create table import_copy_scratch (${columns})`)
    const blob = new Blob([readFileSync(file)])
    const started = performance.now()
    await lite.query(`copy import_copy_scratch from '/dev/blob' with (format csv, header)`, [], { blob })
    const seconds = (performance.now() - started) / 1000
    await lite.close()
    return seconds
  }
  const client = new pg.Client({ connectionString: databaseUrl() })
  await client.connect()
  await client.query(`drop table if exists import_copy_scratch; create table import_copy_scratch (${columns})`)
  const started = performance.now()
  // The server is local and we connect as a superuser, so it reads the file itself.
  const result = await client.query(`copy import_copy_scratch from '${file.replace(/'/g, "''")}' with (format csv, header)`)
  const seconds = (performance.now() - started) / 1000
  if (result.rowCount !== rows) throw new Error(`COPY read ${result.rowCount} rows, expected ${rows}`)
  await client.query('drop table import_copy_scratch')
  await client.end()
  return seconds
}

interface ImportView {
  id: string
  status: string
  mapping: (string | null)[]
  headers: string[]
  rowCount: number
  counts: { created: number; updated: number; skipped: number; errors: number }
  progress: { done: number; total: number }
  startedAt: string | null
  finishedAt: string | null
  failure: string | null
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

const file = path.join(root, 'bench', 'data', `import-contacts-${rows}.csv`)
const stats = {} as ContactCsvStats
let started = performance.now()
await writeCsv(file, stats)
console.log(`CSV: ${rows} rows, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB, ${stats.companies} companies, ${stats.plantedDuplicates} planted duplicates, ${stats.plantedBadEmails} bad emails (${((performance.now() - started) / 1000).toFixed(1)} s)`)

const env = await freshDatabase()
const database = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DAIFUKU_DATA_DIR ?? '' })
await migrate(database.db)
const tenant = await createBenchTenant(database.db)
// PGlite: one process per data dir — the server opens it next.
await database.close()

const server = await ServerProcess.start({ ...env, BENCH_WORKER: '1' }, Number(args.port))
try {
  const headers = { authorization: `Bearer ${tenant.apiToken}` }
  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.origin}${url}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  started = performance.now()
  const upload = await fetch(`${server.origin}/api/v1/imports/file?objectType=contacts&fileName=${encodeURIComponent(path.basename(file))}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: readFileSync(file),
  })
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`)
  let current = (await upload.json()) as ImportView
  const uploadSeconds = (performance.now() - started) / 1000
  console.log(`upload + preview: ${uploadSeconds.toFixed(1)} s; mapping ${JSON.stringify(current.mapping)}`)
  if (current.mapping.some((m) => m === null)) throw new Error('A column was not mapped: the bench expects every column to be imported')
  if (current.rowCount !== rows) throw new Error(`The server counted ${current.rowCount} rows, expected ${rows}`)

  current = await api<ImportView>('POST', `/api/v1/imports/${current.id}/run`)
  const runStarted = performance.now()
  const pollMs: number[] = []
  let lastPrinted = 0
  while (current.status === 'queued' || current.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const polled = performance.now()
    current = await api<ImportView>('GET', `/api/v1/imports/${current.id}`)
    pollMs.push(performance.now() - polled)
    if (performance.now() - lastPrinted > 10_000) {
      lastPrinted = performance.now()
      console.log(`  ${current.status} ${current.progress.done}/${current.progress.total} after ${((performance.now() - runStarted) / 1000).toFixed(0)} s`)
    }
  }
  const wallSeconds = (performance.now() - runStarted) / 1000
  if (current.status !== 'done') throw new Error(`The import ended ${current.status}: ${current.failure}`)
  const serverSeconds = (Date.parse(current.finishedAt!) - Date.parse(current.startedAt!)) / 1000
  const usage = server.usage()
  const copySeconds = await timeRawCopy(file)
  const importRate = rows / serverSeconds
  const copyRate = rows / copySeconds
  const sortedPolls = [...pollMs].sort((a, b) => a - b)
  const result = {
    backend: args.backend,
    rows,
    counts: current.counts,
    importSeconds: Number(serverSeconds.toFixed(2)),
    importRowsPerSecond: Math.round(importRate),
    wallSecondsFromRunToDone: Number(wallSeconds.toFixed(2)),
    rawCopySeconds: Number(copySeconds.toFixed(2)),
    rawCopyRowsPerSecond: Math.round(copyRate),
    copyToImportRatio: Number((copyRate / importRate).toFixed(1)),
    pollLatencyMs: { p50: Math.round(percentile(sortedPolls, 50)), p95: Math.round(percentile(sortedPolls, 95)), max: Math.round(sortedPolls.at(-1) ?? 0), polls: pollMs.length },
    server: usage,
  }
  console.log(JSON.stringify(result, null, 2))
  console.log(
    `| ${args.backend} | ${rows.toLocaleString('en')} | ${result.importSeconds} s | ${result.importRowsPerSecond.toLocaleString('en')} | ${result.rawCopySeconds} s | ${result.rawCopyRowsPerSecond.toLocaleString('en')} | ${result.copyToImportRatio}× | ${result.pollLatencyMs.p95} / ${result.pollLatencyMs.max} ms |`,
  )
} finally {
  await server.stop()
}
