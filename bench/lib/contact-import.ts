/**
 * A CSV import of generated contacts measured end to end, shared by `bench/import-throughput.ts` and the
 * `contacts.import` operation of `npm run bench`: a fresh database of its own (so the imported rows never join the
 * benchmark's data set), the server as a separate process, the file uploaded as the raw body, the guessed mapping
 * checked, the run started and polled until done; and, as the limit, a raw `COPY` of the same file into a table of
 * text columns without any index.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openDatabase } from '../../src/platform/db/database.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { type BenchTenant, createBenchTenant } from './dataset.ts'
import { CONTACT_CSV_HEADER, contactCsvLines, type ContactCsvStats } from './contacts-csv.ts'
import { ServerProcess, type ServerUsage } from './server.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const DB_NAME = 'daifuku_import_throughput'

export type ImportBackend = 'postgres' | 'pglite'

export interface ImportSetUp {
  backend: ImportBackend
  rows: number
  file: string
  stats: ContactCsvStats
  env: Record<string, string>
  tenant: BenchTenant
}

export interface ImportMeasurement {
  counts: { created: number; updated: number; skipped: number; errors: number }
  uploadSeconds: number
  /** From the job's start to its end, as the import row records them. */
  importSeconds: number
  wallSecondsFromRunToDone: number
  pollMs: number[]
  server: ServerUsage
}

const serverUrl = () => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
function importDatabaseUrl(): string {
  const url = new URL(serverUrl())
  url.pathname = `/${DB_NAME}`
  return url.toString()
}

/** Writes the file (deterministic for rows and seed) and a fresh database with a bench tenant to import into. */
export async function setUpContactImport(backend: ImportBackend, rows: number, seed: number): Promise<ImportSetUp> {
  const file = path.join(root, 'bench', 'data', `import-contacts-${rows}-${seed}.csv`)
  const stats = {} as ContactCsvStats
  mkdirSync(path.dirname(file), { recursive: true })
  const out = createWriteStream(file)
  for (const line of contactCsvLines(rows, seed, stats)) {
    if (!out.write(`${line}\r\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')

  let env: Record<string, string>
  if (backend === 'pglite') {
    const dataDir = path.join(root, 'bench', 'data', 'import-throughput')
    rmSync(dataDir, { recursive: true, force: true })
    env = { DAIFUKU_DATA_DIR: dataDir, DATABASE_URL: '' }
  } else {
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    await admin.query(`drop database if exists ${DB_NAME} with (force)`)
    await admin.query(`create database ${DB_NAME} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
    await admin.end()
    env = { DATABASE_URL: importDatabaseUrl() }
  }
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DAIFUKU_DATA_DIR ?? '' })
  await migrate(database.db)
  const tenant = await createBenchTenant(database.db)
  // PGlite: one process per data dir — the server opens it next.
  await database.close()
  return { backend, rows, file, stats, env, tenant }
}

/** Raw COPY of the same file into a scratch table of text columns: the floor any import is compared with. */
export async function timeRawCopy(setUp: ImportSetUp): Promise<number> {
  const columns = CONTACT_CSV_HEADER.map((_, i) => `c${i} text`).join(', ')
  if (setUp.backend === 'pglite') {
    // A scratch in-memory PGlite: the server holds the import's data dir.
    const { PGlite } = await import('@electric-sql/pglite')
    const lite = await PGlite.create()
    await lite.exec(`create table import_copy_scratch (${columns})`)
    const blob = new Blob([readFileSync(setUp.file)])
    const started = performance.now()
    await lite.query(`copy import_copy_scratch from '/dev/blob' with (format csv, header)`, [], { blob })
    const seconds = (performance.now() - started) / 1000
    await lite.close()
    return seconds
  }
  const client = new pg.Client({ connectionString: importDatabaseUrl() })
  await client.connect()
  await client.query(`drop table if exists import_copy_scratch; create table import_copy_scratch (${columns})`)
  const started = performance.now()
  // The server is local and we connect as a superuser, so it reads the file itself.
  const result = await client.query(`copy import_copy_scratch from '${setUp.file.replace(/'/g, "''")}' with (format csv, header)`)
  const seconds = (performance.now() - started) / 1000
  if (result.rowCount !== setUp.rows) throw new Error(`COPY read ${result.rowCount} rows, expected ${setUp.rows}`)
  await client.query('drop table import_copy_scratch')
  await client.end()
  return seconds
}

/** What the import stored, table by table, and what copying those rows cost the database alone. */
export interface DatabaseFloor {
  /** The tables the import writes, together (the variant without the search index is listed apart). */
  seconds: number
  tables: { table: string; rows: number; seconds: number }[]
}

// The import's own rows in each table it writes: every contact and company (the database is the import's alone), and
// the audit rows and events its request id marks.
const FLOOR_TABLES = [
  { table: 'accounts', where: 'true' },
  { table: 'contacts', where: 'true' },
  { table: 'account_contacts', where: 'true' },
  { table: 'audit_log', where: "request_id like 'import:%'" },
  { table: 'outbox_events', where: "request_id like 'import:%'" },
]

/**
 * The database's own floor for what the import wrote (PostgreSQL): the same rows copied, table by table, into empty
 * copies of the tables with every index (`like … including all`: no triggers, no foreign keys), inside one
 * transaction that is rolled back. No parsing, no checking, no network — only storing and indexing. An import can be
 * no faster than this on the same machine, whatever Node does.
 */
export async function timeDatabaseFloor(setUp: ImportSetUp): Promise<DatabaseFloor | null> {
  if (setUp.backend !== 'postgres') return null
  const client = new pg.Client({ connectionString: importDatabaseUrl() })
  await client.connect()
  try {
    await client.query('begin')
    const tables: DatabaseFloor['tables'] = []
    for (const { table, where } of FLOOR_TABLES) {
      await client.query(`create temp table floor_source_${table} as select * from ${table} where ${where}`)
      await client.query(`create table floor_${table} (like ${table} including all)`)
      const columns = await storedColumns(client, table)
      const started = performance.now()
      const result = await client.query(`insert into floor_${table} (${columns}) select ${columns} from floor_source_${table}`)
      tables.push({ table, rows: result.rowCount ?? 0, seconds: (performance.now() - started) / 1000 })
    }
    // The search index's share: the contacts once more, into a copy without the gram index.
    await client.query('create table floor_contacts_without_grams (like contacts including all)')
    const gramIndex = await client.query<{ name: string }>(
      `select indexname as name from pg_indexes where tablename = 'floor_contacts_without_grams' and indexdef like '%daifuku_search_grams%'`,
    )
    for (const { name } of gramIndex.rows) await client.query(`drop index ${name}`)
    const started = performance.now()
    const contactColumns = await storedColumns(client, 'contacts')
    const result = await client.query(`insert into floor_contacts_without_grams (${contactColumns}) select ${contactColumns} from floor_source_contacts`)
    tables.push({ table: 'contacts (without the search index)', rows: result.rowCount ?? 0, seconds: (performance.now() - started) / 1000 })
    return { seconds: tables.filter((t) => !t.table.includes(' ')).reduce((sum, t) => sum + t.seconds, 0), tables }
  } finally {
    await client.query('rollback')
    await client.end()
  }
}

/** A table's columns other than generated ones (those are computed again on insert, as the import's are). */
async function storedColumns(client: pg.Client, table: string): Promise<string> {
  const result = await client.query<{ name: string }>(
    `select quote_ident(column_name) as name from information_schema.columns
      where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  )
  return result.rows.map((r) => r.name).join(', ')
}

interface ImportView {
  id: string
  status: string
  mapping: (string | null)[]
  rowCount: number
  counts: { created: number; updated: number; skipped: number; errors: number }
  progress: { done: number; total: number }
  startedAt: string | null
  finishedAt: string | null
  failure: string | null
}

/** Starts a server on the import's database, uploads the file, runs the import and polls it until done. */
export async function importThroughApi(setUp: ImportSetUp, port: number, log: (line: string) => void = () => {}): Promise<ImportMeasurement> {
  const server = await ServerProcess.start({ ...setUp.env, BENCH_WORKER: '1' }, port)
  try {
    const headers = { authorization: `Bearer ${setUp.tenant.apiToken}` }
    const api = async <T>(method: string, url: string): Promise<T> => {
      const response = await fetch(`${server.origin}${url}`, { method, headers })
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`)
      return (await response.json()) as T
    }
    let started = performance.now()
    const upload = await fetch(`${server.origin}/api/v1/imports/file?objectType=contacts&fileName=${encodeURIComponent(path.basename(setUp.file))}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: readFileSync(setUp.file),
    })
    if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`)
    let current = (await upload.json()) as ImportView
    const uploadSeconds = (performance.now() - started) / 1000
    log(`upload + preview: ${uploadSeconds.toFixed(1)} s (${(statSync(setUp.file).size / 1024 / 1024).toFixed(1)} MB); mapping ${JSON.stringify(current.mapping)}`)
    if (current.mapping.some((m) => m === null)) throw new Error('A column was not mapped: the bench expects every column to be imported')
    if (current.rowCount !== setUp.rows) throw new Error(`The server counted ${current.rowCount} rows, expected ${setUp.rows}`)

    current = await api<ImportView>('POST', `/api/v1/imports/${current.id}/run`)
    started = performance.now()
    const pollMs: number[] = []
    let lastPrinted = 0
    while (current.status === 'queued' || current.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const polled = performance.now()
      current = await api<ImportView>('GET', `/api/v1/imports/${current.id}`)
      pollMs.push(performance.now() - polled)
      // A long import must not freeze other requests: say when one waited, and where the import was.
      if (pollMs.at(-1)! > 1000) log(`  a poll took ${Math.round(pollMs.at(-1)!)} ms (${current.status} ${current.progress.done}/${current.progress.total})`)
      if (performance.now() - lastPrinted > 10_000) {
        lastPrinted = performance.now()
        log(`  ${current.status} ${current.progress.done}/${current.progress.total} after ${((performance.now() - started) / 1000).toFixed(0)} s`)
      }
    }
    const wallSecondsFromRunToDone = (performance.now() - started) / 1000
    if (current.status !== 'done') throw new Error(`The import ended ${current.status}: ${current.failure}`)
    return {
      counts: current.counts,
      uploadSeconds,
      importSeconds: (Date.parse(current.finishedAt!) - Date.parse(current.startedAt!)) / 1000,
      wallSecondsFromRunToDone,
      pollMs,
      server: server.usage(),
    }
  } finally {
    await server.stop()
  }
}

/** Drops the import's database (or data dir) and file: they are big and of no use once measured. */
export async function tearDownContactImport(setUp: ImportSetUp): Promise<void> {
  rmSync(setUp.file, { force: true })
  if (setUp.backend === 'pglite') {
    if (existsSync(setUp.env.DAIFUKU_DATA_DIR!)) rmSync(setUp.env.DAIFUKU_DATA_DIR!, { recursive: true, force: true })
    return
  }
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  await admin.query(`drop database if exists ${DB_NAME} with (force)`)
  await admin.end()
}
