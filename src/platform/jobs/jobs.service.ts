/**
 * Job administration for a tenant's admins: list the tenant's jobs by status and put a
 * dead or failing job back in the queue. Platform jobs (no tenant) are not shown.
 */
import { sql } from 'kysely'
import { authorize } from '../access/policy.ts'
import { recordAudit } from '../audit/audit.ts'
import type { ServiceContext } from '../context.ts'
import { decodeCursor, type Page, toPage } from '../db/pagination.ts'
import { conflict, notFound } from '../errors.ts'
import { emitEvent } from '../events/outbox.ts'
import type { Job, JobApiStatus, JobListQuery } from './jobs.schema.ts'
import type { JobRow } from './queue.ts'

const OBJECT = 'jobs'

export function apiStatusOf(row: Pick<JobRow, 'status' | 'lastError'>): JobApiStatus {
  return row.status === 'pending' && row.lastError !== null ? 'failed' : row.status
}

export function presentJob(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: apiStatusOf(row),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: row.runAt.toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  }
}

export async function listJobs(ctx: ServiceContext, query: JobListQuery): Promise<Page<Job>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  // Row-level security already limits this to the actor's tenant.
  let q = ctx.tx.selectFrom('jobs').selectAll()
  if (query.status === 'failed') q = q.where('status', '=', 'pending').where('lastError', 'is not', null)
  else if (query.status === 'pending') q = q.where('status', '=', 'pending').where('lastError', 'is', null)
  else if (query.status) q = q.where('status', '=', query.status)
  if (query.type) q = q.where('type', '=', query.type)
  if (after) q = q.where('id', '<', String(after[0]))
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentJob), nextCursor: page.nextCursor }
}

/** Puts a dead, failing or finished job back in the queue, due now, with a fresh set of attempts. */
export async function retryJob(ctx: ServiceContext, id: string): Promise<Job> {
  authorize(ctx, OBJECT, 'update')
  const before = await ctx.tx.selectFrom('jobs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!before) throw notFound('Job')
  if (before.status === 'running') throw conflict('The job is running now; wait for it to finish or fail.')
  if (before.uniqueKey !== null && before.status !== 'pending') {
    const twin = await ctx.tx
      .selectFrom('jobs')
      .select('id')
      .where('uniqueKey', '=', before.uniqueKey)
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst()
    if (twin) throw conflict('Another job with the same key is already queued.', [{ path: 'id', message: `Queued as ${twin.id}.` }])
  }
  const after = await ctx.tx
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, runAt: sql<Date>`now()`, finishedAt: null, lockedAt: null, lockedBy: null, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(ctx, {
    objectType: OBJECT,
    objectId: id,
    action: 'retry',
    changes: { status: { before: apiStatusOf(before), after: 'pending' }, attempts: { before: before.attempts, after: 0 } },
  })
  await emitEvent(ctx, 'job.retried', { objectType: OBJECT, objectId: id, payload: { type: before.type } })
  return presentJob(after)
}
