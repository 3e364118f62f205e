import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/credentials.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { createWorker } from '../../platform/jobs/index.ts'
import { recurringJobsFor } from '../../platform/jobs/recurring.ts'
import { client, createTestTenant, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'

// Literal names on purpose: this file must not import purge.job.ts itself, so the schedule
// can only be there because starting the app (app.ts → routes → auth) registered it.
const SCHEDULE = 'auth-purge'
const JOB_TYPE = 'auth.purge'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const workerFor = () => createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false, pollIntervalMs: 20 })
const schedule = () => t.app.db.selectFrom('recurringJobs').selectAll().where('name', '=', SCHEDULE).executeTakeFirst()

describe('the hourly auth purge job', () => {
  it('is declared for both back ends and written to recurring_jobs when a worker starts', async () => {
    for (const kind of ['pglite', 'postgres'] as const) {
      expect(recurringJobsFor(kind)).toContainEqual(expect.objectContaining({ name: SCHEDULE, type: JOB_TYPE, intervalSeconds: 3600 }))
    }
    expect(await schedule()).toBeUndefined()

    const worker = workerFor()
    worker.start()
    const deadline = Date.now() + 15_000
    while (!(await schedule())) {
      if (Date.now() > deadline) throw new Error('the worker never wrote the schedule')
      await new Promise((r) => setTimeout(r, 25))
    }
    await worker.stop()

    const row = (await schedule())!
    expect(row).toMatchObject({ type: JOB_TYPE, intervalSeconds: 3600, enabled: true })
    // A new schedule first fires one interval after it is added.
    const untilFirstRun = row.nextRunAt.getTime() - Date.now()
    expect(untilFirstRun).toBeGreaterThan(55 * 60_000)
    expect(untilFirstRun).toBeLessThanOrEqual(3600_000 + 5000)
  })

  it('once due, the worker runs it and expired sessions, reset links and old attempts are gone while live ones stay', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const live = await signIn(t.http, admin)
    const expiredSession = `expired-session-${newId()}`
    const expiredReset = newId()
    const liveReset = newId()
    const oldAttempt = newId()
    const recentAttempt = newId()
    await inSystemTransaction(t.app.db, async (tx) => {
      await tx
        .insertInto('sessions')
        .values({ id: expiredSession, userId: admin.userId, tenantId, csrfToken: 'x', lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) })
        .execute()
      await tx
        .insertInto('passwordResets')
        .values([
          { id: expiredReset, userId: admin.userId, tokenHash: hashSecret(newId()), expiresAt: new Date(Date.now() - 1000) },
          { id: liveReset, userId: admin.userId, tokenHash: hashSecret(newId()), expiresAt: new Date(Date.now() + 3600_000) },
        ])
        .execute()
      await tx
        .insertInto('loginAttempts')
        .values([
          { id: oldAttempt, email: admin.email, ip: null, succeeded: false, createdAt: new Date(Date.now() - 25 * 3_600_000) },
          { id: recentAttempt, email: admin.email, ip: null, succeeded: false, createdAt: new Date(Date.now() - 3_600_000) },
        ])
        .execute()
    })

    // The first test (or the app's own worker) wrote the schedule; make it due now.
    const worker = workerFor()
    if (!(await schedule())) {
      worker.start()
      await worker.stop()
    }
    await sql`update recurring_jobs set next_run_at = now() - interval '1 minute' where name = ${SCHEDULE}`.execute(t.app.db)
    await worker.housekeep()
    const queued = await t.app.db.selectFrom('jobs').select(['id', 'status']).where('type', '=', JOB_TYPE).execute()
    expect(queued).toEqual([{ id: expect.any(String), status: 'pending' }])

    for (let i = 0; i < 10 && (await worker.runOnce()); i++) {
      /* run whatever is due, the purge among it */
    }
    const job = await t.app.db.selectFrom('jobs').select(['status', 'lastError']).where('id', '=', queued[0]!.id).executeTakeFirstOrThrow()
    expect(job).toEqual({ status: 'done', lastError: null })

    const left = await inSystemTransaction(t.app.db, async (tx) => ({
      sessions: (await tx.selectFrom('sessions').select('id').where('userId', '=', admin.userId).execute()).map((r) => r.id),
      resets: (await tx.selectFrom('passwordResets').select('id').where('userId', '=', admin.userId).execute()).map((r) => r.id),
      attempts: (await tx.selectFrom('loginAttempts').select('id').where('id', 'in', [oldAttempt, recentAttempt]).execute()).map((r) => r.id),
    }))
    expect(left.sessions).toHaveLength(1)
    expect(left.sessions).not.toContain(expiredSession)
    expect(left.resets).toEqual([liveReset])
    expect(left.attempts).toEqual([recentAttempt])
    // The live session still works.
    expect((await client(t.http, live).get('/api/v1/auth/session')).statusCode).toBe(200)

    // And the schedule moved on by an hour.
    const next = (await schedule())!.nextRunAt.getTime() - Date.now()
    expect(next).toBeGreaterThan(55 * 60_000)
  })
})
