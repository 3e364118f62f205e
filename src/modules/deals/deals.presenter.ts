/** Deal row → API JSON: an allow-list of fields, minus those the role hides. */
import { withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { presentCustom } from '../custom-fields/custom-fields.values.ts'
import type { DealCardRow, DealRow } from './deals.queries.ts'
import type { Deal, DealCard } from './deals.schema.ts'

export function presentDeal(ctx: Pick<ServiceContext, 'actor'>, row: DealRow): Deal {
  const visible = withoutHiddenFields(ctx, 'deals', {
    name: row.name,
    stageId: row.stageId,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    expectedCloseDate: row.expectedCloseDate,
    accountId: row.accountId,
    competitors: row.competitors,
    closeReason: row.closeReason,
    notes: row.notes,
    ownerId: row.ownerId,
    teamId: row.teamId,
  })
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    ...visible,
    ...(visible.stageId !== undefined ? { stageName: row.stageName, probability: row.probability } : {}),
    ...(visible.accountId !== undefined ? { accountName: row.accountName } : {}),
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    custom: presentCustom(ctx, 'deals', row.custom),
    status: row.status,
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function presentDealCard(ctx: Pick<ServiceContext, 'actor'>, row: DealCardRow): DealCard {
  const visible = withoutHiddenFields(ctx, 'deals', {
    name: row.name,
    stageId: row.stageId,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    expectedCloseDate: row.expectedCloseDate,
    accountId: row.accountId,
    ownerId: row.ownerId,
  })
  return {
    id: row.id,
    ...visible,
    ...(visible.accountId !== undefined ? { accountName: row.accountName } : {}),
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    status: row.status,
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
  }
}
