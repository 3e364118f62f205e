/**
 * The background refresh of the predictive models (one job, analytics.models): recomputes the RFM segments,
 * retrains churn, recomputes cohorts and basket rules, and records its progress in analytics_runs. Each step is its own short
 * transaction and the fit runs between them with no transaction held (PGlite has one connection).
 * Runs on demand (POST /api/v1/analytics/models/refresh) and nightly for every tenant.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { defineRecurringJob, enqueueJob, registerJobHandler } from '../../platform/jobs/index.ts'
import type { AnalyticsRun } from './predictive.schema.ts'
import { computeBaskets, computeCohorts, fitChurn, readChurnData, writeChurn } from './predictive.service.ts'
import { computeCustomerScores } from './customer-scores.service.ts'

export const MODELS_JOB = 'analytics.models'
export const MODELS_NIGHTLY_JOB = 'analytics.models.all'

type Step = AnalyticsRun['step']

const runColumns = sql`id, status, step, percent, error, created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`

function presentRun(r: { id: string; status: AnalyticsRun['status']; step: Step; percent: number; error: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null }): AnalyticsRun {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return { ...r, createdAt: new Date(r.createdAt).toISOString(), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt) }
}

export async function latestRun(tx: Tx): Promise<AnalyticsRun | null> {
  const rows = await sql<Parameters<typeof presentRun>[0]>`select ${runColumns} from analytics_runs order by id desc limit 1`.execute(tx)
  return rows.rows[0] ? presentRun(rows.rows[0]) : null
}

async function createRun(tx: Tx, requestedBy: string | null): Promise<string> {
  const id = newId()
  await sql`insert into analytics_runs (id, tenant_id, status, step, percent, requested_by)
            values (${id}, daifuku_current_tenant(), 'queued', 'queued', 0, ${requestedBy})`.execute(tx)
  return id
}

/**
 * Queues a refresh for the actor's tenant and returns its run. While one is queued or running, that
 * run is returned instead of starting a second.
 */
export async function requestModelsRefresh(ctx: ServiceContext): Promise<AnalyticsRun> {
  authorize(ctx, 'analytics', 'read')
  const active = await sql<{ id: string }>`select id from analytics_runs where status in ('queued', 'running') order by id desc limit 1`.execute(ctx.tx)
  if (!active.rows[0]) {
    const runId = await createRun(ctx.tx, ctx.actor.userId)
    const jobId = await enqueueJob(ctx.tx, { type: MODELS_JOB, payload: { tenantId: ctx.actor.tenantId, runId }, uniqueKey: `models:${ctx.actor.tenantId}`, maxAttempts: 2 })
    // A leftover job (say, one waiting to retry) holds the key: this run would be done by nobody, so say so.
    if (!jobId) await sql`update analytics_runs set status = 'failed', step = 'failed', error = 'already running', finished_at = now() where id = ${runId}`.execute(ctx.tx)
  }
  return (await latestRun(ctx.tx))!
}

async function progress(db: Db, tenantId: string, runId: string, step: Step, percent: number): Promise<void> {
  await inTenantTransaction(db, tenantId, (tx) =>
    sql`update analytics_runs set status = 'running', step = ${step}, percent = ${percent}, started_at = coalesce(started_at, now()), error = null
        where id = ${runId}`.execute(tx),
  )
}

/** Runs every step for one tenant, updating the run as it goes; a failure is recorded on the run and rethrown. */
export async function runPredictiveModels(db: Db, tenantId: string, runId: string, options: { today?: string; signal?: AbortSignal } = {}) {
  const check = () => {
    if (options.signal?.aborted) throw new Error('worker stopping')
  }
  try {
    await progress(db, tenantId, runId, 'reading', 5)
    // RFM segments feed the next best actions (a dormant high spender): refresh them (and CLV, written in the same pass).
    await inTenantTransaction(db, tenantId, (tx) => computeCustomerScores(tx, { today: options.today }))
    const data = await inTenantTransaction(db, tenantId, (tx) => readChurnData(tx, options.today))
    check()
    await progress(db, tenantId, runId, 'training', 25)
    const fit = fitChurn(data)
    check()
    await progress(db, tenantId, runId, 'scoring', 60)
    await inTenantTransaction(db, tenantId, (tx) => writeChurn(tx, data, fit))
    await progress(db, tenantId, runId, 'cohorts', 75)
    const cohorts = await inTenantTransaction(db, tenantId, (tx) => computeCohorts(tx, options.today))
    await progress(db, tenantId, runId, 'baskets', 90)
    const baskets = await inTenantTransaction(db, tenantId, (tx) => computeBaskets(tx))
    await inTenantTransaction(db, tenantId, (tx) =>
      sql`update analytics_runs set status = 'succeeded', step = 'done', percent = 100, finished_at = now() where id = ${runId}`.execute(tx),
    )
    return { auc: fit.model?.auc ?? null, trainSize: fit.model?.trainSize ?? 0, scored: fit.scores.length, ...cohorts, ...baskets }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await inTenantTransaction(db, tenantId, (tx) =>
      sql`update analytics_runs set status = 'failed', step = 'failed', error = ${message.slice(0, 500)}, finished_at = now() where id = ${runId}`.execute(tx),
    )
    throw error
  }
}

registerJobHandler(MODELS_JOB, async ({ db, payload, logger, signal }) => {
  const tenantId = String(payload.tenantId)
  const started = Date.now()
  const result = await runPredictiveModels(db, tenantId, String(payload.runId), { signal })
  logger.info({ tenantId, ...result, ms: Date.now() - started }, 'Predictive models refreshed')
})

// One tenant after another, each with its own run so its page shows the nightly progress too.
registerJobHandler(MODELS_NIGHTLY_JOB, async ({ db, logger, signal }) => {
  const tenants = await db.selectFrom('tenants').select('id').execute()
  for (const { id } of tenants) {
    if (signal.aborted) throw new Error('worker stopping')
    const runId = await inTenantTransaction(db, id, (tx) => createRun(tx, null))
    try {
      const result = await runPredictiveModels(db, id, runId, { signal })
      logger.info({ tenantId: id, ...result }, 'Predictive models refreshed')
    } catch (error) {
      // One tenant's bad data must not stop the others; the run records the error.
      logger.error({ tenantId: id, err: error }, 'Predictive models failed')
    }
  }
})
defineRecurringJob({ name: 'analytics-models-nightly', type: MODELS_NIGHTLY_JOB, intervalSeconds: 24 * 3600 })
