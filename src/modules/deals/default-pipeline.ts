/** The pipeline every tenant starts with; the deals migration backfills the same for older tenants. */
import type { Tx } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'

export const DEFAULT_STAGES = [
  { ja: '初回接触', en: 'Qualification', probability: 10, kind: 'open' },
  { ja: 'ニーズ把握', en: 'Needs analysis', probability: 25, kind: 'open' },
  { ja: '提案', en: 'Proposal', probability: 50, kind: 'open' },
  { ja: '見積提示', en: 'Quote', probability: 70, kind: 'open' },
  { ja: '交渉・決裁', en: 'Negotiation', probability: 85, kind: 'open' },
  { ja: '受注', en: 'Won', probability: 100, kind: 'won' },
  { ja: '失注', en: 'Lost', probability: 0, kind: 'lost' },
] as const

export async function createDefaultPipeline(tx: Tx, tenant: { id: string; locale: 'ja' | 'en' }): Promise<void> {
  const pipelineId = newId()
  await tx
    .insertInto('pipelines')
    .values({ id: pipelineId, tenantId: tenant.id, name: tenant.locale === 'en' ? 'Sales pipeline' : '営業パイプライン', isDefault: true })
    .execute()
  await tx
    .insertInto('pipelineStages')
    .values(
      DEFAULT_STAGES.map((stage, position) => ({
        id: newId(),
        tenantId: tenant.id,
        pipelineId,
        name: stage[tenant.locale],
        probability: stage.probability,
        kind: stage.kind,
        position,
      })),
    )
    .execute()
}
