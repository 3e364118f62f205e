import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newApiToken } from '../auth/credentials.ts'
import { inSystemTransaction, inTenantTransaction } from '../db/transaction.ts'
import { newId } from '../ids.ts'
import { client, createTestTenant, createTestUser, startTestApp, type TestApp } from '../testing/test-app.ts'
import { createWorker, enqueueJob, registerJobHandler, retryDelayMs } from './index.ts'
import { defineRecurringJob, enqueueDueRecurringJobs, syncRecurringJobs } from './recurring.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const onPostgres = () => t.app.database.kind === 'postgres'
const workerFor = (overrides: Partial<Parameters<typeof createWorker>[0]> = {}) =>
  createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false, pollIntervalMs: 20, ...overrides })
const getJob = (id: string) => t.app.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const enqueue = (input: Parameters<typeof enqueueJob>[1]) => inSystemTransaction(t.app.db, (tx) => enqueueJob(tx, input))
const makeDue = (id: string) => sql`update jobs set run_at = now() where id = ${id}`.execute(t.app.db)

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** An API token for the user, inserted directly (the token routes belong to another module). */
async function bearerFor(user: { userId: string; tenantId: string }, roleKey: string): Promise<string> {
  const token = newApiToken()
  await inSystemTransaction(t.app.db, async (tx) => {
    const role = await tx.selectFrom('roles').select('id').where('tenantId', '=', user.tenantId).where('key', '=', roleKey).executeTakeFirstOrThrow()
    await tx
      .insertInto('apiTokens')
      .values({ id: newId(), tenantId: user.tenantId, userId: user.userId, roleId: role.id, name: 'test', prefix: token.prefix, tokenHash: token.hash })
      .execute()
  })
  return token.token
}

describe('enqueueing', () => {
  it('a job enqueued in a transaction that rolls back never exists', async () => {
    const type = `test.rollback.${newId()}`
    await expect(
      inSystemTransaction(t.app.db, async (tx) => {
        await enqueueJob(tx, { type })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const rows = await t.app.db.selectFrom('jobs').select('id').where('type', '=', type).execute()
    expect(rows).toHaveLength(0)
  })

  it('a unique key dedupes while the first job is pending, and not after it is done', async () => {
    const type = `test.unique.${newId()}`
    registerJobHandler(type, async () => {})
    const first = await enqueue({ type, uniqueKey: `k-${type}` })
    expect(first).not.toBeNull()
    expect(await enqueue({ type, uniqueKey: `k-${type}` })).toBeNull()
    await makeDue(first!)
    const worker = workerFor()
    while (await worker.runOnce()) {
      /* drain */
    }
    expect((await getJob(first!)).status).toBe('done')
    expect(await enqueue({ type, uniqueKey: `k-${type}` })).not.toBeNull()
  })

  it('a job enqueued inside a tenant transaction belongs to that tenant', async () => {
    const { tenantId } = await createTestTenant(t.app)
    const id = await inTenantTransaction(t.app.db, tenantId, (tx) => enqueueJob(tx, { type: 'test.tenant', runAt: new Date(Date.now() + 3_600_000) }))
    expect((await getJob(id!)).tenantId).toBe(tenantId)
  })
})

describe('running jobs', () => {
  it('runs the handler with the payload and marks the job done', async () => {
    const type = `test.ok.${newId()}`
    const seen: unknown[] = []
    registerJobHandler(type, async ({ payload }) => void seen.push(payload))
    const id = await enqueue({ type, payload: { accountId: 'a1', n: 2 } })
    const worker = workerFor()
    while (await worker.runOnce()) {
      /* drain */
    }
    expect(seen).toEqual([{ accountId: 'a1', n: 2 }])
    expect(await getJob(id!)).toMatchObject({ status: 'done', attempts: 1, lastError: null, lockedBy: null })
  })

  it('a failing job is retried after an exponential backoff with jitter, then declared dead with its last error', async () => {
    const type = `test.fail.${newId()}`
    let calls = 0
    registerJobHandler(type, async () => {
      calls += 1
      throw new Error(`SMTP unavailable (${calls})`)
    })
    const id = (await enqueue({ type, maxAttempts: 3 }))!
    const worker = workerFor({ backoff: { baseMs: 60_000, maxMs: 3_600_000 } })

    expect(await worker.runOnce()).toBe(true)
    let job = await getJob(id)
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: SMTP unavailable (1)' })
    let delay = job.runAt.getTime() - Date.now()
    expect(delay).toBeGreaterThan(25_000) // 60 s × [0.5, 1]
    expect(delay).toBeLessThanOrEqual(60_000)
    expect(await worker.runOnce()).toBe(false) // not due yet

    await makeDue(id)
    await worker.runOnce()
    job = await getJob(id)
    expect(job).toMatchObject({ status: 'pending', attempts: 2 })
    delay = job.runAt.getTime() - Date.now()
    expect(delay).toBeGreaterThan(55_000) // 120 s × [0.5, 1]
    expect(delay).toBeLessThanOrEqual(120_000)

    await makeDue(id)
    await worker.runOnce()
    job = await getJob(id)
    expect(job).toMatchObject({ status: 'dead', attempts: 3, lastError: 'Error: SMTP unavailable (3)' })
    expect(job.finishedAt).not.toBeNull()
    expect(calls).toBe(3)
  })

  it('the backoff doubles per attempt, stays within its cap and is jittered', () => {
    expect(retryDelayMs(1, { baseMs: 1000 }, () => 1)).toBe(1000)
    expect(retryDelayMs(3, { baseMs: 1000 }, () => 1)).toBe(4000)
    expect(retryDelayMs(3, { baseMs: 1000 }, () => 0)).toBe(2000)
    expect(retryDelayMs(30, { baseMs: 1000, maxMs: 60_000 }, () => 1)).toBe(60_000)
  })

  it('a job with no registered handler fails instead of vanishing', async () => {
    const id = (await enqueue({ type: `test.unknown.${newId()}`, maxAttempts: 1 }))!
    await workerFor().runOnce()
    expect(await getJob(id)).toMatchObject({ status: 'dead', lastError: expect.stringContaining('No handler') })
  })

  it('two workers claiming at the same time never run one job twice', async () => {
    const type = `test.concurrent.${newId()}`
    const runs = new Map<string, number>()
    registerJobHandler(type, async ({ job }) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1)
      await new Promise((r) => setTimeout(r, 5))
    })
    const ids = await inSystemTransaction(t.app.db, async (tx) => {
      const out: string[] = []
      for (let i = 0; i < 40; i++) out.push((await enqueueJob(tx, { type, payload: { i } }))!)
      return out
    })
    // On PostgreSQL each worker runs several loops on its own connections; PGlite has one connection.
    const concurrency = onPostgres() ? 3 : 1
    const a = workerFor({ concurrency, workerId: 'worker-a' })
    const b = workerFor({ concurrency, workerId: 'worker-b' })
    a.start()
    b.start()
    try {
      await waitFor(async () => {
        const left = await t.app.db.selectFrom('jobs').select('id').where('type', '=', type).where('status', '!=', 'done').execute()
        return left.length === 0
      })
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
    expect([...runs.keys()].sort()).toEqual([...ids].sort())
    expect([...runs.values()].every((n) => n === 1)).toBe(true)
    const byWorker = await t.app.db.selectFrom('jobs').select('attempts').where('type', '=', type).execute()
    expect(byWorker.every((r) => r.attempts === 1)).toBe(true)
  })

  it('a job whose worker died is handed back after its lease expires', async () => {
    const id = (await enqueue({ type: `test.stalled.${newId()}` }))!
    await sql`update jobs set status = 'running', attempts = 1, locked_by = 'dead-worker', locked_at = now() - interval '1 hour' where id = ${id}`.execute(t.app.db)
    await workerFor({ leaseMs: 60_000 }).housekeep()
    expect(await getJob(id)).toMatchObject({ status: 'pending', lockedBy: null, lastError: expect.stringContaining('lease expired') })
  })
})

describe('recurring jobs', () => {
  it('a due schedule is enqueued exactly once even when two workers fire it at the same moment', async () => {
    const name = `test-recurring-${newId()}`
    const type = `test.recurring.${name}`
    defineRecurringJob({ name, type, intervalSeconds: 3600 })
    await syncRecurringJobs(t.app.db, [{ name, type, intervalSeconds: 3600 }])
    await sql`update recurring_jobs set next_run_at = now() - interval '90 minutes' where name = ${name}`.execute(t.app.db)

    const fired = await Promise.all([enqueueDueRecurringJobs(t.app.db, [name]), enqueueDueRecurringJobs(t.app.db, [name])])
    expect(fired.flat()).toEqual([name])
    const jobs = await t.app.db.selectFrom('jobs').select('id').where('type', '=', type).execute()
    expect(jobs).toHaveLength(1)
    const schedule = await t.app.db.selectFrom('recurringJobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
    // Missed periods are skipped: the next run is the next boundary after now.
    const untilNext = schedule.nextRunAt.getTime() - Date.now()
    expect(untilNext).toBeGreaterThan(20 * 60_000)
    expect(untilNext).toBeLessThanOrEqual(30 * 60_000 + 1000)
    expect(await enqueueDueRecurringJobs(t.app.db, [name])).toEqual([])
  })

  it('starting workers again does not postpone or duplicate a schedule', async () => {
    const name = `test-resync-${newId()}`
    const def = { name, type: 'test.resync', intervalSeconds: 600 }
    await syncRecurringJobs(t.app.db, [def])
    const first = await t.app.db.selectFrom('recurringJobs').select('nextRunAt').where('name', '=', name).executeTakeFirstOrThrow()
    await syncRecurringJobs(t.app.db, [def])
    const again = await t.app.db.selectFrom('recurringJobs').select('nextRunAt').where('name', '=', name).execute()
    expect(again).toHaveLength(1)
    expect(again[0]!.nextRunAt.getTime()).toBe(first.nextRunAt.getTime())
  })
})

describe('shutdown', () => {
  it('stopping the worker lets a running job finish', async () => {
    const type = `test.finish.${newId()}`
    let started = false
    registerJobHandler(type, async () => {
      started = true
      await new Promise((r) => setTimeout(r, 200))
    })
    const id = (await enqueue({ type }))!
    const worker = workerFor({ shutdownGraceMs: 5000 })
    worker.start()
    await waitFor(async () => started)
    await worker.stop()
    expect((await getJob(id)).status).toBe('done')
  })

  it('a job that outlasts the grace period is released for another worker, its attempt not counted', async () => {
    const type = `test.release.${newId()}`
    let started = false
    registerJobHandler(type, async () => {
      started = true
      await new Promise((r) => setTimeout(r, 3000))
    })
    const id = (await enqueue({ type }))!
    const worker = workerFor({ shutdownGraceMs: 100 })
    worker.start()
    await waitFor(async () => started)
    await worker.stop()
    expect(await getJob(id)).toMatchObject({ status: 'pending', attempts: 0, lockedBy: null })
    // The handler finishing late must not overwrite the released job.
    await new Promise((r) => setTimeout(r, 3100))
    expect((await getJob(id)).status).toBe('pending')
  })

  it('a handler that honours the abort signal is released at once', async () => {
    const type = `test.abort.${newId()}`
    let started = false
    registerJobHandler(type, ({ signal }) => {
      started = true
      return new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(Object.assign(new Error('stopped'), { name: 'AbortError' })))
      })
    })
    const id = (await enqueue({ type }))!
    const worker = workerFor({ shutdownGraceMs: 5000 })
    worker.start()
    await waitFor(async () => started)
    const before = Date.now()
    await worker.stop()
    expect(Date.now() - before).toBeLessThan(2000)
    expect(await getJob(id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null })
  })
})

describe('jobs admin API', () => {
  it('an admin lists dead jobs of the tenant and retries one; it is pending again', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const id = (await inTenantTransaction(t.app.db, tenantId, (tx) => enqueueJob(tx, { type: 'mail.send', maxAttempts: 1 })))!
    const foreign = (await inTenantTransaction(t.app.db, other.tenantId, (tx) => enqueueJob(tx, { type: 'mail.send' })))!
    await sql`update jobs set status = 'dead', attempts = 1, last_error = 'Error: 550 mailbox unavailable', finished_at = now() where id in (${id}, ${foreign})`.execute(t.app.db)

    const api = client(t.http, { bearer: await bearerFor(admin, 'admin') })
    const list = await api.get('/api/v1/jobs?status=dead')
    expect(list.statusCode).toBe(200)
    const body = list.json() as { data: { id: string; status: string; lastError: string }[]; nextCursor: string | null }
    expect(body.data.map((j) => j.id)).toEqual([id])
    expect(body.data[0]).toMatchObject({ status: 'dead', lastError: 'Error: 550 mailbox unavailable', maxAttempts: 1 })

    const retried = await api.post(`/api/v1/jobs/${id}/retry`)
    expect(retried.statusCode).toBe(200)
    expect(retried.json()).toMatchObject({ id, status: 'failed', attempts: 0 }) // pending, last error kept for context
    expect(await getJob(id)).toMatchObject({ status: 'pending', attempts: 0, finishedAt: null })
    expect((await api.get('/api/v1/jobs?status=dead')).json().data).toEqual([])

    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', id).execute())
    expect(audit).toMatchObject([{ action: 'retry', objectType: 'jobs', actorUserId: admin.userId }])

    // Another tenant's job is invisible, so retrying it is a 404.
    expect((await api.post(`/api/v1/jobs/${foreign}/retry`)).statusCode).toBe(404)
  })

  it('a job that is running cannot be retried', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const id = (await inTenantTransaction(t.app.db, tenantId, (tx) => enqueueJob(tx, { type: 'x.running' })))!
    await sql`update jobs set status = 'running', locked_by = 'w', locked_at = now() where id = ${id}`.execute(t.app.db)
    const api = client(t.http, { bearer: await bearerFor(admin, 'admin') })
    const response = await api.post(`/api/v1/jobs/${id}/retry`)
    expect(response.statusCode).toBe(409)
  })

  it('only admins may see or retry jobs', async () => {
    const { tenantId } = await createTestTenant(t.app)
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const api = client(t.http, { bearer: await bearerFor(manager, 'manager') })
    expect((await api.get('/api/v1/jobs')).statusCode).toBe(403)
    expect((await api.post(`/api/v1/jobs/${newId()}/retry`)).statusCode).toBe(403)
  })
})
