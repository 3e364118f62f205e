/** Background refresh of RFM scores and CLV: on demand per tenant, and nightly for every tenant. */
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { computeClv } from './clv.service.ts'
import { computeRfm, RFM_JOB } from './rfm.service.ts'

export const RFM_NIGHTLY_JOB = 'analytics.rfm.all'

registerJobHandler(RFM_JOB, async ({ db, payload, logger }) => {
  const tenantId = String(payload.tenantId)
  const started = Date.now()
  const { customers, clv } = await inTenantTransaction(db, tenantId, async (tx) => ({ ...(await computeRfm(tx)), clv: await computeClv(tx) }))
  logger.info({ tenantId, customers, clvFittedOn: clv?.fittedOn ?? 0, ms: Date.now() - started }, 'RFM and CLV scores computed')
})

// One tenant per transaction, so a big tenant never holds the others' scores back.
registerJobHandler(RFM_NIGHTLY_JOB, async ({ db, logger, signal }) => {
  const tenants = await db.selectFrom('tenants').select('id').execute()
  for (const { id } of tenants) {
    if (signal.aborted) throw new Error('worker stopping')
    const { customers } = await inTenantTransaction(db, id, async (tx) => {
      const rfm = await computeRfm(tx)
      await computeClv(tx)
      return rfm
    })
    logger.info({ tenantId: id, customers }, 'RFM and CLV scores computed')
  }
})
defineRecurringJob({ name: 'rfm-nightly', type: RFM_NIGHTLY_JOB, intervalSeconds: 24 * 3600 })
