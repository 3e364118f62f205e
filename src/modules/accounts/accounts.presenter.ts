/** Account row → API JSON: an allow-list of fields, minus those the role hides. */
import { withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Account } from './accounts.schema.ts'
import type { AccountRow } from './accounts.queries.ts'
import { presentCustom } from '../custom-fields/custom-fields.values.ts'

export function presentAccount(ctx: Pick<ServiceContext, 'actor'>, row: AccountRow): Account {
  const visible = withoutHiddenFields(ctx, 'accounts', {
    name: row.name,
    nameKana: row.nameKana,
    industry: row.industry,
    phone: row.phone,
    email: row.email,
    website: row.website,
    annualRevenue: row.annualRevenue,
    employeeCount: row.employeeCount,
    notes: row.notes,
    ownerId: row.ownerId,
    teamId: row.teamId,
  })
  return {
    id: row.id,
    ...visible,
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    parentAccountId: row.parentAccountId,
    postalCode: row.postalCode,
    prefecture: row.prefecture,
    address: row.address,
    territoryId: row.territoryId,
    territoryName: row.territoryName,
    custom: presentCustom(ctx, 'accounts', row.custom),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
