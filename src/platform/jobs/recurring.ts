/**
 * Recurring jobs: a row per schedule in `recurring_jobs`. Whichever worker locks a due row
 * first enqueues the job and moves `next_run_at` on, in one transaction, so a schedule fires
 * once per period however many workers run.
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { inSystemTransaction } from '../db/transaction.ts'
import { enqueueJob } from './queue.ts'

export interface RecurringJobDefinition {
  /** Stable name: the schedule's primary key. */
  name: string
  type: string
  payload?: Record<string, unknown>
  intervalSeconds: number
  /** Only on this back end (e.g. VACUUM for the embedded database). */
  onlyOn?: 'pglite' | 'postgres'
}

const definitions = new Map<string, RecurringJobDefinition>()

/** Declares a schedule; workers write it to `recurring_jobs` when they start. */
export function defineRecurringJob(definition: RecurringJobDefinition): void {
  if (!Number.isInteger(definition.intervalSeconds) || definition.intervalSeconds < 1) {
    throw new Error(`Recurring job ${definition.name}: intervalSeconds must be a positive integer.`)
  }
  definitions.set(definition.name, definition)
}

export function recurringJobsFor(kind: 'pglite' | 'postgres'): RecurringJobDefinition[] {
  return [...definitions.values()].filter((d) => d.onlyOn === undefined || d.onlyOn === kind)
}

/**
 * Inserts or updates the schedules. A changed interval takes effect from the next run; a
 * new schedule first runs one interval after it is added (not at every restart).
 */
export async function syncRecurringJobs(db: Db, list: RecurringJobDefinition[]): Promise<void> {
  if (list.length === 0) return
  await inSystemTransaction(db, async (tx) => {
    for (const d of list) {
      await sql`
        insert into recurring_jobs (name, type, payload, interval_seconds, next_run_at)
        values (${d.name}, ${d.type}, ${JSON.stringify(d.payload ?? {})}::jsonb, ${d.intervalSeconds}, now() + make_interval(secs => ${d.intervalSeconds}))
        on conflict (name) do update set
          type = excluded.type,
          payload = excluded.payload,
          interval_seconds = excluded.interval_seconds,
          next_run_at = least(recurring_jobs.next_run_at, excluded.next_run_at)`.execute(tx)
    }
  })
}

/**
 * Enqueues every due schedule among `names` and advances it past now (missed periods are
 * skipped, not replayed). Returns the names that fired.
 */
export async function enqueueDueRecurringJobs(db: Db, names: string[]): Promise<string[]> {
  if (names.length === 0) return []
  return inSystemTransaction(db, async (tx) => {
    // SKIP LOCKED: a schedule another worker is firing right now is simply not due for us;
    // once it commits, next_run_at is in the future and the row no longer matches.
    const due = await tx
      .selectFrom('recurringJobs')
      .selectAll()
      .where('enabled', '=', true)
      .where('name', 'in', names)
      .where('nextRunAt', '<=', sql<Date>`now()`)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const row of due) {
      await enqueueJob(tx, { type: row.type, payload: row.payload ?? {}, uniqueKey: `recurring:${row.name}`, tenantId: null })
      await sql`
        update recurring_jobs set
          last_run_at = now(),
          next_run_at = next_run_at + make_interval(secs => interval_seconds * (floor(extract(epoch from now() - next_run_at) / interval_seconds) + 1))
        where name = ${row.name}`.execute(tx)
    }
    return due.map((r) => r.name)
  })
}
