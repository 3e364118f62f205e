import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../platform/auth/credentials.ts'
import { openDatabase, type Database } from '../platform/db/database.ts'
import { withDatabase } from '../platform/testing/golden.ts'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/daifuku.mjs')
const testUrl = process.env.TEST_DATABASE_URL
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-cli-'))
const dbName = `daifuku_cli_${Date.now().toString(36)}`
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DAIFUKU_DATA_DIR: dataDir, DATABASE_URL: '' }

async function adminSql(text: string) {
  const admin = await openDatabase({ databaseUrl: testUrl!, dataDir: '' })
  try {
    await sql.raw(text).execute(admin.db)
  } finally {
    await admin.close()
  }
}

beforeAll(async () => {
  // An empty database, never migrated: the CLI must set it up itself.
  if (testUrl) {
    await adminSql(`create database "${dbName}" template template0 encoding 'UTF8'`)
    env.DATABASE_URL = withDatabase(testUrl, dbName)
  }
})
afterAll(async () => {
  if (testUrl) await adminSql(`drop database if exists "${dbName}" with (force)`)
  fs.rmSync(dataDir, { recursive: true, force: true })
})

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

function daifuku(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Opens the CLI's database from the test (only while no child holds the PGlite directory). */
async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir })
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

describe('daifuku CLI', () => {
  it('migrate applies every migration to an empty database, and a second run changes nothing', async () => {
    const first = await daifuku(['migrate'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/)
    expect(first.stdout).toContain('20261125_0001_platform.sql')
    const second = await daifuku(['migrate'])
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/Database is up to date \(\d+ migrations applied\)/)
  }, 120_000)

  it('user create reports a missing tenant, a bad role and a short password with distinct exit codes', async () => {
    const noTenant = await daifuku(['user', 'create', '--email', 'a@example.test', '--tenant', 'nope', '--role', 'admin'])
    expect(noTenant.code).toBe(4)
    expect(noTenant.stderr).toContain('Tenant "nope" not found.')

    const tenant = await daifuku(['tenant', 'create', '--name', '大福商事株式会社', '--slug', 'daifuku'])
    expect(tenant.code).toBe(0)
    expect(tenant.stdout).toContain('slug daifuku')

    const badRole = await daifuku(['user', 'create', '--email', 'a@example.test', '--tenant', 'daifuku', '--role', 'boss'])
    expect(badRole.code).toBe(2)
    expect(badRole.stderr).toContain('One of: admin, manager, marketing, readonly, sales, support.')

    const shortPassword = await daifuku(['user', 'create', '--email', 'a@example.test', '--tenant', 'daifuku', '--role', 'admin', '--password', 'short'])
    expect(shortPassword.code).toBe(2)
    expect(shortPassword.stderr).toContain('at least 10 characters')

    const missingOption = await daifuku(['user', 'create', '--email', 'a@example.test'])
    expect(missingOption.code).toBe(2)
  }, 120_000)

  it('user create adds an administrator with a generated password, and run again resets the password', async () => {
    const created = await daifuku(['user', 'create', '--email', 'Hanako@Example.test', '--name', '佐藤 花子', '--tenant', 'daifuku', '--role', 'admin'])
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect(created.stdout).toContain('Created hanako@example.test in 大福商事株式会社 with the role 管理者 (admin).')
    const generated = /Password: (\S+)/.exec(created.stdout)?.[1]
    expect(generated).toBeDefined()

    const user = await withDb((d) =>
      d.db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.userId', 'u.id')
        .innerJoin('roles as r', 'r.id', 'm.roleId')
        .select(['u.name', 'u.passwordHash', 'r.key'])
        .where('u.email', '=', 'hanako@example.test')
        .executeTakeFirstOrThrow(),
    )
    expect(user).toMatchObject({ name: '佐藤 花子', key: 'admin' })
    expect(await verifyPassword(user.passwordHash!, generated!)).toBe(true)

    const reset = await daifuku(['user', 'create', '--email', 'hanako@example.test', '--tenant', 'daifuku', '--role', 'sales', '--password', 'a new long password'])
    expect(reset.code).toBe(0)
    expect(reset.stdout).toContain('password reset')
    expect(reset.stdout).not.toContain('Password:')
    const after = await withDb((d) =>
      d.db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.userId', 'u.id')
        .innerJoin('roles as r', 'r.id', 'm.roleId')
        .select(['u.passwordHash', 'r.key'])
        .where('u.email', '=', 'hanako@example.test')
        .execute(),
    )
    expect(after).toHaveLength(1)
    expect(after[0]!.key).toBe('sales')
    expect(await verifyPassword(after[0]!.passwordHash!, 'a new long password')).toBe(true)
  }, 120_000)

  it('seed --demo refuses a database that already has data', async () => {
    const result = await daifuku(['seed', '--demo'])
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('already has data')
  }, 60_000)

  it('backup then restore --force through the CLI brings back a deleted user', async () => {
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}.backup.gz`)
    try {
      const backup = await daifuku(['backup', file])
      expect(backup.code).toBe(0)
      expect(backup.stdout).toMatch(/Backed up \d+ rows/)
      await withDb((d) => sql`delete from users where email = 'hanako@example.test'`.execute(d.db))
      const refused = await daifuku(['restore', file])
      expect(refused.code).toBe(5)
      const restored = await daifuku(['restore', file, '--force'])
      expect(restored.code).toBe(0)
      const back = await withDb((d) => d.db.selectFrom('users').select('email').where('email', '=', 'hanako@example.test').execute())
      expect(back).toHaveLength(1)
    } finally {
      fs.rmSync(file, { force: true })
    }
  }, 120_000)

  it('start serves /ready, and SIGTERM drains and exits 0', async () => {
    const port = await freePort()
    const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      const deadline = Date.now() + 60_000
      let ready: Response | null = null
      while (Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null)
        if (ready?.status === 200) break
        await new Promise((r) => setTimeout(r, 200))
      }
      expect(ready?.status).toBe(200)
      expect(await ready!.json()).toEqual({ status: 'ready', database: testUrl ? 'postgres' : 'pglite' })
      expect(stdout).toContain(`URL:        http://localhost:${port}`)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(stdout).toContain('shutting down')
      expect(stdout).toContain('"msg":"stopped"')
      if (!testUrl) expect(fs.existsSync(path.join(dataDir, 'daifuku.lock'))).toBe(false)
    } finally {
      child.kill('SIGKILL')
    }
  }, 120_000)
})
