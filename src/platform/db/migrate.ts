/**
 * Ordered SQL migrations: every `migrations/*.sql` under platform/db and each module,
 * applied in file-name order (names start with a date), each in its own transaction,
 * under an advisory lock so two starting servers never race. Safe to run again.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Db } from './database.ts'

const SRC_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const MIGRATION_LOCK_KEY = 4_242_001

export interface MigrationFile {
  name: string
  file: string
  sql: string
  checksum: string
}

export function listMigrationFiles(srcRoot = SRC_ROOT): MigrationFile[] {
  const dirs = [path.join(srcRoot, 'platform/db/migrations')]
  const modulesDir = path.join(srcRoot, 'modules')
  if (fs.existsSync(modulesDir)) {
    for (const entry of fs.readdirSync(modulesDir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(path.join(modulesDir, entry.name, 'migrations'))
    }
  }
  const files: MigrationFile[] = []
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.sql')) continue
      const file = path.join(dir, name)
      const text = fs.readFileSync(file, 'utf8')
      files.push({ name, file, sql: text, checksum: crypto.createHash('sha256').update(text).digest('hex') })
    }
  }
  files.sort((a, b) => a.name.localeCompare(b.name))
  const seen = new Set<string>()
  for (const f of files) {
    if (seen.has(f.name)) throw new Error(`Two migrations share the name ${f.name}`)
    seen.add(f.name)
  }
  return files
}

export interface MigrateResult {
  applied: string[]
  alreadyApplied: number
}

export async function migrate(db: Db, files = listMigrationFiles()): Promise<MigrateResult> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db)
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn)
    try {
      const rows = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations`.execute(conn)
      const done = new Map(rows.rows.map((r) => [r.name, r.checksum]))
      const applied: string[] = []
      for (const file of files) {
        const previous = done.get(file.name)
        if (previous !== undefined) {
          if (previous !== file.checksum) {
            throw new Error(`Migration ${file.name} was changed after it was applied. Write a new migration instead.`)
          }
          continue
        }
        await conn.transaction().execute(async (tx) => {
          await sql.raw(file.sql).execute(tx)
          await sql`insert into schema_migrations (name, checksum) values (${file.name}, ${file.checksum})`.execute(tx)
        })
        applied.push(file.name)
      }
      return { applied, alreadyApplied: done.size }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn)
    }
  })
}
