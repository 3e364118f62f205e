/**
 * Deals (商談) and the pipelines of stages they move through, with the kanban board.
 * Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { registerTenantInitializer } from '../tenancy/index.ts'
import './board-totals.ts'
import { createDefaultPipeline } from './default-pipeline.ts'
import { DEAL_FIELDS } from './deals.schema.ts'

registerAccessObject({
  name: 'deals',
  label: { ja: '商談', en: 'Deals' },
  fields: DEAL_FIELDS,
  fieldLabels: {
    name: { ja: '商談名', en: 'Name' },
    amount: { ja: '金額', en: 'Amount' },
    currency: { ja: '通貨', en: 'Currency' },
    expectedCloseDate: { ja: '受注予定日', en: 'Expected close date' },
    accountId: { ja: '取引先', en: 'Account' },
    competitors: { ja: '競合', en: 'Competitors' },
    closeReason: { ja: '受注・失注理由', en: 'Win/loss reason' },
    notes: { ja: '備考', en: 'Notes' },
    ownerId: { ja: '担当者', en: 'Owner' },
    teamId: { ja: 'チーム', en: 'Team' },
    stageId: { ja: 'フェーズ', en: 'Stage' },
  },
  ownedRecords: true,
})
registerAccessObject({
  name: 'pipelines',
  label: { ja: '営業パイプライン', en: 'Pipelines' },
  fields: [],
  administrative: true,
  readableByEveryone: true,
})
registerAccessObject({
  name: 'quotas',
  label: { ja: '予算（ノルマ）', en: 'Quotas' },
  fields: [],
  administrative: true,
  readableByEveryone: true,
  managerEditable: true,
})
registerTenantInitializer(createDefaultPipeline)

export { registerDealRoutes } from './deals.routes.ts'
export * from './deals.service.ts'
export * from './pipelines.service.ts'
export * from './forecast.service.ts'
export { summarizeAccountDeals, type AccountDealSummary } from './account-deals.ts'
export type { Deal, DealInput, DealPatch, DealMove } from './deals.schema.ts'
export type { Pipeline, PipelineInput, PipelinePatch } from './pipelines.schema.ts'
