/**
 * A migrated "golden" database, made once per test run and copied for each test file:
 * a PGlite data directory copied on disk, or a PostgreSQL template database.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase } from '../db/database.ts'
import { listMigrationFiles, migrate } from '../db/migrate.ts'

export const GOLDEN_ROOT = path.join(os.tmpdir(), 'daifuku-test')

function migrationsFingerprint(): string {
  const hash = crypto.createHash('sha256')
  for (const file of listMigrationFiles()) hash.update(file.name).update(file.checksum)
  return hash.digest('hex').slice(0, 16)
}

export function goldenPgliteDir(): string {
  return path.join(GOLDEN_ROOT, `golden-${migrationsFingerprint()}`)
}

export function goldenPostgresName(testUrl: string): string {
  return `${new URL(testUrl).pathname.slice(1) || 'daifuku_test'}_golden_${migrationsFingerprint()}`
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(testUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabase(testUrl, 'postgres') })
  await client.connect()
  try {
    return await client.query(text)
  } finally {
    await client.end()
  }
}

/** Called once by vitest's globalSetup. */
export async function prepareGoldenDatabase(): Promise<void> {
  const testUrl = process.env.TEST_DATABASE_URL
  if (testUrl) {
    const name = goldenPostgresName(testUrl)
    const exists = await adminQuery(testUrl, `select 1 from pg_database where datname = '${name}'`)
    if (exists.rowCount) return
    await adminQuery(testUrl, `create database "${name}_tmp" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
    const database = await openDatabase({ databaseUrl: withDatabase(testUrl, `${name}_tmp`), dataDir: '' })
    await migrate(database.db)
    await database.close()
    await adminQuery(testUrl, `alter database "${name}_tmp" rename to "${name}"`)
    return
  }
  const dir = goldenPgliteDir()
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return
  const tmp = `${dir}.tmp-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  const database = await openDatabase({ dataDir: tmp })
  await migrate(database.db)
  await database.close()
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(tmp, dir)
}

/** A fresh copy of the golden database for one test file. Returns its location and a cleanup. */
export async function cloneGoldenDatabase(): Promise<{ databaseUrl?: string; dataDir: string; drop: () => Promise<void> }> {
  const testUrl = process.env.TEST_DATABASE_URL
  const suffix = crypto.randomBytes(5).toString('hex')
  if (testUrl) {
    const golden = goldenPostgresName(testUrl)
    const name = `${golden.slice(0, 40)}_${suffix}`
    await adminQuery(testUrl, `create database "${name}" template "${golden}"`)
    return {
      databaseUrl: withDatabase(testUrl, name),
      dataDir: '',
      drop: async () => {
        await adminQuery(testUrl, `drop database if exists "${name}" with (force)`)
      },
    }
  }
  const dataDir = path.join(GOLDEN_ROOT, `run-${process.pid}-${suffix}`)
  fs.cpSync(goldenPgliteDir(), dataDir, { recursive: true })
  return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) }
}
