/** The bulk recomputation of accounts' territories, run by the job runner after territory rules change. */
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { registerJobHandler } from '../../platform/jobs/index.ts'
import { placeAccounts, TERRITORY_REASSIGN_JOB } from './territories.service.ts'

registerJobHandler(TERRITORY_REASSIGN_JOB, async ({ db, payload, logger }) => {
  const tenantId = String(payload.tenantId)
  const started = Date.now()
  const moved = await inTenantTransaction(db, tenantId, (tx) => placeAccounts(tx))
  logger.info({ tenantId, moved, ms: Date.now() - started }, 'Accounts placed in territories')
})
