/** Background refresh of RFM scores and CLV: on demand per tenant, and nightly for every tenant. */
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { computeCustomerScores } from './customer-scores.service.ts'
import { RFM_JOB } from './rfm.service.ts'

export const RFM_NIGHTLY_JOB = 'analytics.rfm.all'

registerJobHandler(RFM_JOB, async ({ db, payload, logger }) => {
  const tenantId = String(payload.tenantId)
  // clv: false after a change of the segment thresholds (RFM alone); otherwise everything.
  const withClv = payload.clv !== false
  const { customers, clv, phaseMs } = await inTenantTransaction(db, tenantId, (tx) => computeCustomerScores(tx, { clv: withClv }))
  logger.info({ tenantId, customers, clvFittedOn: clv?.fittedOn ?? 0, phaseMs }, withClv ? 'RFM and CLV scores computed' : 'RFM scores computed')
})

// One tenant per transaction, so a big tenant never holds the others' scores back.
registerJobHandler(RFM_NIGHTLY_JOB, async ({ db, logger, signal }) => {
  const tenants = await db.selectFrom('tenants').select('id').execute()
  for (const { id } of tenants) {
    if (signal.aborted) throw new Error('worker stopping')
    const { customers, phaseMs } = await inTenantTransaction(db, id, (tx) => computeCustomerScores(tx))
    logger.info({ tenantId: id, customers, phaseMs }, 'RFM and CLV scores computed')
  }
})
defineRecurringJob({ name: 'rfm-nightly', type: RFM_NIGHTLY_JOB, intervalSeconds: 24 * 3600 })
