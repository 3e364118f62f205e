/**
 * The worker loop: claims due jobs with FOR UPDATE SKIP LOCKED in one short statement, runs
 * the handler outside any transaction, then marks the job done, or pending again after an
 * exponential backoff, or dead after its last attempt. Between jobs it reaps stalled jobs,
 * fires recurring schedules and delivers outbox events.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { sql } from 'kysely'
import type { BackendKind, Db } from '../db/database.ts'
import { publishPendingEvents } from '../events/outbox.ts'
import type { Logger } from '../logger.ts'
import { type BackoffOptions, findJobHandler, type JobRow, retryDelayMs } from './queue.ts'
import { enqueueDueRecurringJobs, recurringJobsFor, syncRecurringJobs } from './recurring.ts'

export interface WorkerOptions {
  db: Db
  kind: BackendKind
  logger: Logger
  /** Parallel job loops (default 1; PGlite has one connection, so keep 1 there). */
  concurrency?: number
  /** Sleep when no job is due (default 1 s). */
  pollIntervalMs?: number
  /** How often to reap, fire schedules and deliver events (default 2 s). */
  housekeepingIntervalMs?: number
  /** A running job whose lock is older than this is considered abandoned (default 10 min). */
  leaseMs?: number
  /** On stop, how long to wait for running jobs before releasing them (default 10 s). */
  shutdownGraceMs?: number
  backoff?: BackoffOptions
  /** Deliver outbox events in the loop (default true). */
  deliverEvents?: boolean
  workerId?: string
}

export interface Worker {
  readonly id: string
  start(): void
  /** Stops claiming, waits for running jobs (up to the grace period), releases the rest. */
  stop(): Promise<void>
  /** Claims and runs at most one due job; true if it ran one. For tests and the CLI. */
  runOnce(): Promise<boolean>
  /** One round of reaping, schedules and event delivery. */
  housekeep(): Promise<void>
}

export function createWorker(options: WorkerOptions): Worker {
  const { db, logger } = options
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const pollIntervalMs = options.pollIntervalMs ?? 1000
  const housekeepingIntervalMs = options.housekeepingIntervalMs ?? 2000
  const leaseMs = options.leaseMs ?? 10 * 60_000
  const graceMs = options.shutdownGraceMs ?? 10_000
  const schedules = recurringJobsFor(options.kind)
  const scheduleNames = schedules.map((s) => s.name)
  const log = logger.child({ worker: id })

  const stopController = new AbortController()
  const running = new Map<string, Promise<void>>()
  let loops: Promise<void>[] = []
  let lastHousekeeping = 0
  let housekeeping: Promise<void> | null = null
  let started = false

  async function claim(): Promise<JobRow | undefined> {
    // One statement = one short transaction: the row lock lives only until the update commits.
    const result = await sql<JobRow>`
      update jobs set status = 'running', attempts = attempts + 1, locked_at = now(), locked_by = ${id}, updated_at = now()
      where id = (
        select id from jobs where status = 'pending' and run_at <= now()
        order by run_at, id limit 1
        for update skip locked
      )
      returning *`.execute(db)
    return result.rows[0]
  }

  async function markDone(job: JobRow): Promise<void> {
    await sql`update jobs set status = 'done', finished_at = now(), updated_at = now(), locked_at = null, locked_by = null, last_error = null
      where id = ${job.id} and locked_by = ${id}`.execute(db)
  }

  async function markFailed(job: JobRow, error: unknown): Promise<void> {
    const message = describeError(error)
    if (job.attempts >= job.maxAttempts) {
      log.error({ jobId: job.id, type: job.type, attempts: job.attempts, err: error }, 'job failed for the last time; now dead')
      await sql`update jobs set status = 'dead', finished_at = now(), updated_at = now(), locked_at = null, locked_by = null, last_error = ${message}
        where id = ${job.id} and locked_by = ${id}`.execute(db)
      return
    }
    const delayMs = retryDelayMs(job.attempts, options.backoff)
    log.warn({ jobId: job.id, type: job.type, attempts: job.attempts, retryInMs: delayMs, err: error }, 'job failed; will retry')
    await sql`update jobs set status = 'pending', run_at = now() + make_interval(secs => ${delayMs / 1000}), updated_at = now(),
        locked_at = null, locked_by = null, last_error = ${message}
      where id = ${job.id} and locked_by = ${id}`.execute(db)
  }

  /** Gives a job back untouched (this attempt does not count), e.g. at shutdown. */
  async function release(job: JobRow): Promise<void> {
    await sql`update jobs set status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(), updated_at = now(), locked_at = null, locked_by = null
      where id = ${job.id} and locked_by = ${id} and status = 'running'`.execute(db)
  }

  async function execute(job: JobRow): Promise<void> {
    const handler = findJobHandler(job.type)
    const heartbeat = setInterval(() => {
      // Keeps the lease fresh so the reaper does not hand a slow job to another worker.
      sql`update jobs set locked_at = now() where id = ${job.id} and locked_by = ${id}`.execute(db).catch(() => {})
    }, Math.max(1000, Math.floor(leaseMs / 3)))
    heartbeat.unref()
    try {
      if (!handler) throw new Error(`No handler is registered for job type "${job.type}".`)
      await handler({ db, payload: job.payload ?? {}, job, logger: log.child({ jobId: job.id, type: job.type }), signal: stopController.signal })
      clearInterval(heartbeat)
      await markDone(job)
    } catch (error) {
      clearInterval(heartbeat)
      if (stopController.signal.aborted && isAbortError(error)) {
        await release(job)
        return
      }
      await markFailed(job, error)
    }
  }

  async function runOnce(): Promise<boolean> {
    const job = await claim()
    if (!job) return false
    const run = execute(job).finally(() => running.delete(job.id))
    running.set(job.id, run)
    await run
    return true
  }

  async function reapStalledJobs(): Promise<number> {
    const result = await sql`
      update jobs set
        status = case when attempts >= max_attempts then 'dead' else 'pending' end,
        finished_at = case when attempts >= max_attempts then now() else null end,
        last_error = 'The worker running this job stopped responding (lease expired).',
        run_at = now(), updated_at = now(), locked_at = null, locked_by = null
      where status = 'running' and locked_at < now() - make_interval(secs => ${leaseMs / 1000})`.execute(db)
    const n = Number(result.numAffectedRows ?? 0)
    if (n > 0) log.warn({ count: n }, 'reaped stalled jobs')
    return n
  }

  async function housekeep(): Promise<void> {
    lastHousekeeping = Date.now()
    await reapStalledJobs()
    const fired = await enqueueDueRecurringJobs(db, scheduleNames)
    if (fired.length > 0) log.debug({ fired }, 'recurring jobs enqueued')
    if (options.deliverEvents !== false) {
      while ((await publishPendingEvents(db, 100)) === 100 && !stopController.signal.aborted) {
        /* keep delivering until the backlog is gone */
      }
    }
  }

  async function loop(index: number): Promise<void> {
    while (!stopController.signal.aborted) {
      let worked = false
      try {
        // Only loop 0 housekeeps, so N loops do not multiply the housekeeping queries.
        if (index === 0 && Date.now() - lastHousekeeping >= housekeepingIntervalMs) {
          housekeeping = housekeep()
          await housekeeping
          housekeeping = null
        }
        if (!stopController.signal.aborted) worked = await runOnce()
      } catch (error) {
        housekeeping = null
        log.error({ err: error }, 'worker loop error')
      }
      if (!worked) await sleep(pollIntervalMs, stopController.signal)
    }
  }

  return {
    id,
    start() {
      if (started) return
      started = true
      loops = [
        syncRecurringJobs(db, schedules).then(
          () => loop(0),
          (error) => {
            log.error({ err: error }, 'could not register recurring jobs')
            return loop(0)
          },
        ),
        ...Array.from({ length: concurrency - 1 }, (_, i) => loop(i + 1)),
      ]
      log.info({ concurrency }, 'worker started')
    },
    async stop() {
      stopController.abort()
      const inFlight = [...running.values()]
      const drained = await Promise.race([
        Promise.allSettled([...inFlight, ...(housekeeping ? [housekeeping] : [])]).then(() => true),
        sleep(graceMs).then(() => false),
      ])
      if (!drained) {
        // Give unfinished jobs back now rather than waiting for the lease to expire.
        await sql`update jobs set status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(), updated_at = now(), locked_at = null, locked_by = null
          where locked_by = ${id} and status = 'running'`.execute(db)
        log.warn({ released: running.size }, 'worker stopped; released unfinished jobs')
      } else {
        await Promise.allSettled(loops)
        log.info('worker stopped')
      }
    },
    runOnce,
    housekeep,
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 4000)
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'JobAbortedError')
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
