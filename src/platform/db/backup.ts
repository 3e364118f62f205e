/**
 * Backup and restore that work on both back ends and across them: a gzip'd JSON-lines file
 * (header with the applied migrations, then each table's rows as PostgreSQL's own JSON, in
 * foreign-key order). Restore runs in one transaction. See docs/decisions/0006-backup-format.md.
 */
import fs from 'node:fs'
import readline from 'node:readline'
import { once } from 'node:events'
import zlib from 'node:zlib'
import { sql } from 'kysely'
import { conflict, invalid } from '../errors.ts'
import type { BackendKind, Db } from './database.ts'
import type { Tx } from './transaction.ts'

export const BACKUP_FORMAT = 'daifuku-backup'
export const BACKUP_VERSION = 1
const FETCH_SIZE = 1000
const INSERT_BATCH = 500

interface Header {
  format: typeof BACKUP_FORMAT
  version: number
  createdAt: string
  source: BackendKind
  migrations: string[]
}
type Line = Header | { table: string; columns: string[] } | { row: Record<string, unknown> } | { end: true; tables: Record<string, number> }

export interface TableInfo {
  name: string
  /** Columns we write (generated columns are recomputed on restore). */
  columns: string[]
  /** Columns that reference the same table (teams.parent_id): rows must come parent first. */
  selfReferences: string[]
}

/** The public tables (except schema_migrations) in an order where every referenced table comes first. */
export async function listTablesInDependencyOrder(db: Db | Tx): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations' and not c.relispartition
    order by c.relname`.execute(db)
  const columns = await sql<{ table: string; column: string }>`
    select c.relname as table, a.attname as column from pg_attribute a
    join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db)
  const foreignKeys = await sql<{ table: string; references: string; columns: string[] }>`
    select c.relname as table, r.relname as references,
      array(select a.attname from unnest(k.conkey) as key(num) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = key.num)::text[] as columns
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`.execute(db)

  const names = tables.rows.map((t) => t.name)
  const deps = new Map(names.map((n) => [n, new Set<string>()]))
  const selfRefs = new Map(names.map((n) => [n, [] as string[]]))
  for (const fk of foreignKeys.rows) {
    if (fk.table === fk.references) selfRefs.get(fk.table)?.push(...fk.columns)
    else deps.get(fk.table)?.add(fk.references)
  }
  const ordered: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting') throw new Error(`Foreign keys form a cycle: ${[...path, name].join(' → ')}`)
    state.set(name, 'visiting')
    for (const dep of [...(deps.get(name) ?? [])].sort()) visit(dep, [...path, name])
    state.set(name, 'done')
    ordered.push(name)
  }
  for (const name of names) visit(name, [])
  return ordered.map((name) => ({
    name,
    columns: columns.rows.filter((c) => c.table === name).map((c) => c.column),
    selfReferences: selfRefs.get(name) ?? [],
  }))
}

async function appliedMigrations(db: Db | Tx): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)
  return rows.rows.map((r) => r.name)
}

const ident = (name: string) => sql.id(name)

/** Rows a table holds, parents before children when it references itself. */
function orderSelfReferencing(rows: Record<string, unknown>[], refs: string[], key = 'id'): Record<string, unknown>[] {
  if (refs.length === 0) return rows
  const placed = new Set<unknown>()
  const present = new Set(rows.map((r) => r[key]))
  const out: Record<string, unknown>[] = []
  let pending = rows
  while (pending.length > 0) {
    const next: Record<string, unknown>[] = []
    for (const row of pending) {
      const ready = refs.every((col) => row[col] === null || row[col] === row[key] || placed.has(row[col]) || !present.has(row[col]))
      if (ready) {
        out.push(row)
        placed.add(row[key])
      } else next.push(row)
    }
    if (next.length === pending.length) throw new Error('Rows reference each other in a cycle; cannot order them.')
    pending = next
  }
  return out
}

export interface BackupResult {
  file: string
  tables: Record<string, number>
  migrations: number
}

/**
 * Writes a consistent snapshot (one REPEATABLE READ transaction; cursors keep memory flat).
 * Tables that reference themselves are read whole, to order parents first.
 */
export async function backupDatabase(db: Db, kind: BackendKind, file: string): Promise<BackupResult> {
  const tmp = `${file}.partial`
  const gzip = zlib.createGzip()
  const out = fs.createWriteStream(tmp)
  gzip.pipe(out)
  const write = async (line: Line) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain')
  }
  const counts: Record<string, number> = {}
  let migrationCount = 0
  try {
    await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      const migrations = await appliedMigrations(tx)
      migrationCount = migrations.length
      await write({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), source: kind, migrations })
      for (const table of await listTablesInDependencyOrder(tx)) {
        await write({ table: table.name, columns: table.columns })
        counts[table.name] = 0
        // PostgreSQL's own JSON of the row: exact timestamps, jsonb, numerics; read back by json_populate_recordset.
        const select = sql`select row_to_json(t)::text as j from ${ident(table.name)} t`
        if (table.selfReferences.length > 0) {
          const rows = await sql<{ j: string }>`${select}`.execute(tx)
          const parsed = rows.rows.map((r) => JSON.parse(r.j) as Record<string, unknown>)
          for (const row of orderSelfReferencing(parsed, table.selfReferences)) await write({ row })
          counts[table.name] = parsed.length
          continue
        }
        await sql`declare daifuku_backup no scroll cursor for ${select}`.execute(tx)
        for (;;) {
          const batch = await sql<{ j: string }>`fetch forward ${sql.raw(String(FETCH_SIZE))} from daifuku_backup`.execute(tx)
          for (const r of batch.rows) await write({ row: JSON.parse(r.j) as Record<string, unknown> })
          counts[table.name] = (counts[table.name] ?? 0) + batch.rows.length
          if (batch.rows.length < FETCH_SIZE) break
        }
        await sql`close daifuku_backup`.execute(tx)
      }
      await write({ end: true, tables: counts })
    })
    gzip.end()
    await once(out, 'finish')
    fs.renameSync(tmp, file)
  } catch (error) {
    gzip.destroy()
    out.destroy()
    fs.rmSync(tmp, { force: true })
    throw error
  }
  return { file, tables: counts, migrations: migrationCount }
}

export interface RestoreOptions {
  /** Replace whatever the database holds (otherwise a database with data is refused). */
  force?: boolean
}

/** Tables whose rows do not make a database "in use" (workers fill them at start; statistics copied by a job). */
const BOOKKEEPING_TABLES = new Set(['recurring_jobs', 'search_gram_shares'])

export async function databaseHasData(db: Db | Tx): Promise<boolean> {
  for (const table of await listTablesInDependencyOrder(db)) {
    if (BOOKKEEPING_TABLES.has(table.name)) continue
    const row = await sql<{ any: boolean }>`select exists (select 1 from ${ident(table.name)}) as any`.execute(db)
    if (row.rows[0]?.any) return true
  }
  return false
}

/**
 * Restores a backup into a migrated database in one transaction: the migrations must match
 * exactly, and the database must be empty unless `force` (then its tables are emptied first).
 */
export async function restoreDatabase(db: Db, file: string, options: RestoreOptions = {}): Promise<{ tables: Record<string, number> }> {
  if (!fs.existsSync(file)) throw invalid(`No backup file at ${file}.`, [{ path: 'file', message: 'Not found.' }])
  const input = fs.createReadStream(file).pipe(zlib.createGunzip())
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]()
  const readLine = async (): Promise<Line | null> => {
    const next = await lines.next()
    if (next.done) return null
    return JSON.parse(next.value) as Line
  }
  let header: Line | null
  try {
    header = await readLine()
  } catch {
    throw invalid(`${file} is not a Daifuku backup (expected gzip'd JSON lines).`)
  }
  if (!header || !('format' in header) || header.format !== BACKUP_FORMAT) throw invalid(`${file} is not a Daifuku backup.`)
  if (header.version !== BACKUP_VERSION) throw invalid(`Backup format version ${header.version} is not supported (this Daifuku reads ${BACKUP_VERSION}).`)

  const counts: Record<string, number> = {}
  await db.transaction().execute(async (tx) => {
    const here = await appliedMigrations(tx)
    const missing = header.migrations.filter((m) => !here.includes(m))
    const extra = here.filter((m) => !header.migrations.includes(m))
    if (missing.length > 0 || extra.length > 0) {
      throw conflict('The backup was made with a different database version; restore it with the Daifuku version that made it.', [
        ...missing.map((m) => ({ path: 'migrations', message: `Backup has ${m}, this database does not.` })),
        ...extra.map((m) => ({ path: 'migrations', message: `This database has ${m}, the backup does not.` })),
      ])
    }
    if (!options.force && (await databaseHasData(tx))) {
      throw conflict('The database already holds data. Restore into an empty data directory or database, or pass --force to replace everything.')
    }
    const tables = await listTablesInDependencyOrder(tx)
    const known = new Map(tables.map((t) => [t.name, t]))
    await sql`truncate ${sql.join(tables.map((t) => ident(t.name)))} cascade`.execute(tx)

    let current: { name: string; columns: string[] } | null = null
    let batch: Record<string, unknown>[] = []
    const flush = async () => {
      if (!current || batch.length === 0) return
      const cols = sql.join(current.columns.map(ident))
      await sql`insert into ${ident(current.name)} (${cols})
        select ${cols} from json_populate_recordset(null::${ident(current.name)}, ${JSON.stringify(batch)}::json)`.execute(tx)
      counts[current.name] = (counts[current.name] ?? 0) + batch.length
      batch = []
    }
    let ended = false
    for (let line = await readLine(); line !== null; line = await readLine()) {
      if ('table' in line) {
        await flush()
        const target = known.get(line.table)
        if (!target) throw conflict(`The backup has a table ${line.table} this database lacks.`)
        const unknownColumns = line.columns.filter((c) => !target.columns.includes(c))
        if (unknownColumns.length > 0) throw conflict(`Table ${line.table} in the backup has columns this database lacks: ${unknownColumns.join(', ')}.`)
        current = { name: line.table, columns: line.columns }
        counts[line.table] = 0
      } else if ('row' in line) {
        if (!current) throw invalid('The backup is damaged: a row before any table.')
        batch.push(line.row)
        if (batch.length >= INSERT_BATCH) await flush()
      } else if ('end' in line) {
        await flush()
        for (const [table, n] of Object.entries(line.tables)) {
          if ((counts[table] ?? 0) !== n) throw invalid(`The backup is damaged: ${table} should have ${n} rows, found ${counts[table] ?? 0}.`)
        }
        ended = true
      }
    }
    if (!ended) throw invalid('The backup is incomplete (no end marker); it was probably cut off while being written.')
    // Serial columns (if any module adds one) continue after the restored maximum.
    const serials = await sql<{ table: string; column: string }>`
      select table_name as table, column_name as column from information_schema.columns
      where table_schema = 'public' and column_default like 'nextval(%'`.execute(tx)
    for (const { table, column } of serials.rows) {
      await sql`select setval(pg_get_serial_sequence(${table}, ${column}), greatest((select max(${ident(column)}) from ${ident(table)}), 1))`.execute(tx)
    }
  })
  return { tables: counts }
}
