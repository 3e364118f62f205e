/**
 * Durable background jobs in the `jobs` table: enqueued inside the caller's transaction (so
 * a job exists only if the change that asked for it committed), handlers registered by type.
 */
import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { JobsTable } from '../db/schema.ts'
import type { Tx } from '../db/transaction.ts'
import { newId } from '../ids.ts'
import type { Logger } from '../logger.ts'

export type JobRow = Selectable<JobsTable>

export interface EnqueueJobInput {
  type: string
  payload?: Record<string, unknown>
  /** When the job becomes due (default: now). */
  runAt?: Date
  /** Attempts before the job is declared dead (default 5). */
  maxAttempts?: number
  /**
   * While a job with this key is pending or running, enqueueing another is a no-op
   * (the partial unique index `jobs_unique_key` decides, so it holds across processes).
   */
  uniqueKey?: string
  /**
   * The tenant the job belongs to. Defaults to the tenant of the transaction
   * (`app.tenant_id`), or none in a system transaction.
   */
  tenantId?: string | null
}

/**
 * Adds a job in the caller's transaction. Returns its id, or null when a pending or
 * running job with the same uniqueKey already exists.
 */
export async function enqueueJob(tx: Tx, input: EnqueueJobInput): Promise<string | null> {
  const id = newId()
  const maxAttempts = input.maxAttempts ?? 5
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`)
  const tenant = input.tenantId === undefined ? sql`daifuku_current_tenant()` : sql`${input.tenantId}::uuid`
  const runAt = input.runAt ? sql`${input.runAt.toISOString()}::timestamptz` : sql`now()`
  const result = await sql<{ id: string }>`
    insert into jobs (id, tenant_id, type, payload, max_attempts, run_at, unique_key)
    values (${id}, ${tenant}, ${input.type}, ${JSON.stringify(input.payload ?? {})}::jsonb, ${maxAttempts}, ${runAt}, ${input.uniqueKey ?? null})
    on conflict (unique_key) where unique_key is not null and status in ('pending', 'running') do nothing
    returning id`.execute(tx)
  return result.rows[0]?.id ?? null
}

export interface JobContext {
  /**
   * The database, free to use: the handler runs outside any transaction. Open your own
   * (inTenantTransaction for tenant data) and keep it short.
   */
  db: Db
  payload: Record<string, unknown>
  job: JobRow
  logger: Logger
  /** Aborted when the worker shuts down; long handlers should stop early and throw. */
  signal: AbortSignal
}

export type JobHandler = (ctx: JobContext) => Promise<void>

const handlers = new Map<string, JobHandler>()

/** One handler per job type; modules register theirs at import time. */
export function registerJobHandler(type: string, handler: JobHandler): void {
  if (handlers.has(type)) throw new Error(`A handler for job type "${type}" is already registered.`)
  handlers.set(type, handler)
}

export function findJobHandler(type: string): JobHandler | undefined {
  return handlers.get(type)
}

export interface BackoffOptions {
  /** Delay after the first failure, before jitter (default 10 s). */
  baseMs?: number
  /** Upper bound on the delay (default 1 h). */
  maxMs?: number
}

/**
 * Exponential backoff with jitter: base·2^(attempt−1), capped, then scaled into [50 %, 100 %]
 * so that jobs that failed together (a mail server was down) do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseMs ?? 10_000
  const max = options.maxMs ?? 3_600_000
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential * (0.5 + random() * 0.5))
}
