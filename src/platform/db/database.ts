/**
 * Opens the one database Daifuku uses: embedded PGlite in a data directory by default,
 * or a PostgreSQL server when DATABASE_URL is set. Both speak through the same Kysely.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import { CamelCaseResultsPlugin } from './camel-case.ts'
import { pgliteClientClass } from './pglite-connection.ts'
import { withPreparedStatements } from './prepared.ts'
import { READ_SESSION_OPTIONS } from './read-sessions.ts'
import type { DB } from './schema.ts'

export type Db = Kysely<DB>
export type BackendKind = 'pglite' | 'postgres'

export interface Database {
  db: Db
  kind: BackendKind
  /** Human-readable location, for logs ("data dir /x" or "postgres://host/db"). */
  location: string
  close(): Promise<void>
}

// bigint columns (counts, money in minor units) come back as JS numbers on both back ends.
// Yen amounts stay far below 2^53; numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`)
  return n
})

// date columns (birthdays, close dates) are calendar days, not instants: keep PostgreSQL's
// 'YYYY-MM-DD' text instead of a Date at local midnight that shifts with the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value)

// A server database's read-session Kysely (read-sessions.ts); the embedded database has none.
const readersOf = new WeakMap<Db, Db>()

export function readSessionsOf(db: Db): Db | undefined {
  return readersOf.get(db)
}

export interface OpenOptions {
  databaseUrl?: string
  dataDir: string
  poolSize?: number
  /** In-memory PGlite for throwaway use (never for user data). */
  memory?: boolean
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20)
  return openPglite(options.dataDir, options.memory ?? false)
}

function createKysely(pool: pg.Pool, options: { everyStatementNamed?: number; readSessions?: boolean } = {}): Db {
  const prepared = withPreparedStatements(pool, { everyStatement: options.everyStatementNamed, readSessions: options.readSessions })
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared }), plugins: [new CamelCaseResultsPlugin()] })
}

// The embedded database keeps the plans of this many statement texts (prepared.ts).
const PGLITE_NAMED_STATEMENTS = 500

async function openPostgres(databaseUrl: string, poolSize: number): Promise<Database> {
  const db = createKysely(serverPool({ connectionString: databaseUrl, max: poolSize }))
  // Read sessions (read-sessions.ts): their own connections, read-only and in the app role from the start.
  const readPool = serverPool({ connectionString: databaseUrl, max: Math.max(2, Math.ceil(poolSize / 2)), options: READ_SESSION_OPTIONS })
  const readDb = createKysely(readPool, { readSessions: true })
  readersOf.set(db, readDb)
  const url = new URL(databaseUrl)
  return {
    db,
    kind: 'postgres',
    location: `postgres://${url.host}${url.pathname}`,
    close: async () => {
      await readDb.destroy()
      await db.destroy()
    },
  }
}

function serverPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ idleTimeoutMillis: 30_000, ...config })
  pool.on('error', () => {
    /* an idle client died (server restart); the pool replaces it on next use */
  })
  // A client that dies while checked out (server restart, network cut mid-transaction) emits
  // 'error' on itself; without a listener Node would crash the whole process. The query in
  // flight still fails with the error, and the broken client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  return pool
}

/** Creates a PGlite cluster in `dataDir` from a child process, so its memory dies with it. */
async function initPgliteDataDir(dataDir: string): Promise<void> {
  // `-e` code resolves packages from its working directory: the project root.
  const projectRoot = fileURLToPath(new URL('../../../', import.meta.url))
  const script = `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create(process.argv[1]); await db.close()`
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, dataDir], { cwd: projectRoot }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`Could not create the embedded database in ${dataDir}: ${stderr || error.message}`))
      else resolve()
    })
  })
}

async function loadPgliteModules() {
  const [{ PGlite }, { pg_trgm }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ])
  return { PGlite, extensions: { pg_trgm, btree_gin } }
}

async function openPglite(dataDir: string, memory: boolean): Promise<Database> {
  const { PGlite, extensions } = await loadPgliteModules()
  // PGlite's default 128 MB of shared buffers is most of its resident memory; the OS page
  // cache still holds the files, so 64 MB keeps an idle embedded server well under 400 MB.
  const sharedBuffers = process.env.DAIFUKU_PGLITE_SHARED_BUFFERS ?? '64MB'
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`]
  let release = () => {}
  let target = 'memory://'
  if (!memory) {
    fs.mkdirSync(dataDir, { recursive: true })
    release = lockDataDir(dataDir)
    target = dataDir
    const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'))
    // initdb inside WASM grows the heap to ~800 MB and a process never gives that back, so
    // the cluster is created by a short-lived child process and the server only reopens it.
    if (fresh) await initPgliteDataDir(dataDir)
  }
  let lite: PGlite
  try {
    lite = await PGlite.create(target, { extensions, startParams })
  } catch (error) {
    release()
    throw error
  }
  // PGlite is single-connection: a pool of exactly one serialises transactions correctly.
  const pool = new pg.Pool({ max: 1, Client: pgliteClientClass(lite) })
  const db = createKysely(pool, { everyStatementNamed: PGLITE_NAMED_STATEMENTS })
  return {
    db,
    kind: 'pglite',
    location: memory ? 'memory' : `data dir ${dataDir}`,
    close: async () => {
      await db.destroy()
      await lite.close()
      release()
    },
  }
}

/**
 * Two processes on one PGlite data directory corrupt it, so the directory is locked
 * by the process that opens it. A lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'daifuku.lock')
  const write = () => {
    const fd = fs.openSync(lockPath, 'wx')
    fs.writeSync(fd, String(process.pid))
    fs.closeSync(fd)
  }
  try {
    write()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10)
    if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirLockedError(dataDir, holder)
    }
    fs.rmSync(lockPath, { force: true })
    write()
  }
  let released = false
  return () => {
    if (released) return
    released = true
    try {
      if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.rmSync(lockPath)
    } catch {
      /* already gone */
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Daifuku process (pid ${pid}). ` +
        `Stop that process first, or point DAIFUKU_DATA_DIR at another directory. ` +
        `(Two processes on one embedded database would corrupt it.)`,
    )
    this.name = 'DataDirLockedError'
  }
}
