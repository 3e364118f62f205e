/** Test data for the report tests: deals owned by given users, straight into the tenant's tables. */
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import type { TestApp, TestUser } from '../../platform/testing/test-app.ts'

export interface DealSeed {
  name: string
  owner: TestUser
  status: 'open' | 'won' | 'lost'
  amount: number
}

export async function seedDeals(t: TestApp, tenantId: string, deals: DealSeed[]): Promise<void> {
  await inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const pipeline = await tx.selectFrom('pipelines').select('id').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
    const stages = await tx.selectFrom('pipelineStages').select(['id', 'kind']).where('pipelineId', '=', pipeline.id).orderBy('position').execute()
    const stageOf = (kind: string) => stages.find((s) => s.kind === kind)!.id
    await tx
      .insertInto('deals')
      .values(
        deals.map((d, i) => ({
          id: newId(),
          tenantId,
          name: d.name,
          pipelineId: pipeline.id,
          stageId: stageOf(d.status),
          status: d.status,
          amount: d.amount,
          ownerId: d.owner.userId,
          boardPosition: i + 1,
          closedAt: d.status === 'open' ? null : new Date(),
        })) as never,
      )
      .execute()
  })
}
