/**
 * Customer groups (顧客グループ: 代理店, 大口 …), the group of each account, and the choice of the
 * price list that applies to an account in a currency on a date.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { AccountCustomerGroup, AccountCustomerGroupPut, ApplicablePriceList, ApplicableQuery, CustomerGroup, CustomerGroupInput, CustomerGroupPatch } from './pricing.schema.ts'
import { getPriceList } from './products.service.ts'

const OBJECT = 'products'
const AUDIT = 'customerGroups'

async function loadGroup(ctx: ServiceContext, id: string): Promise<CustomerGroup | undefined> {
  const row = await ctx.tx
    .selectFrom('customerGroups as g')
    .selectAll('g')
    .select((eb) => eb.selectFrom('accountCustomerGroups as a').select(eb.fn.countAll<string>().as('n')).whereRef('a.customerGroupId', '=', 'g.id').as('accountCount'))
    .where('g.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    accountCount: Number(row.accountCount ?? 0),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function listCustomerGroups(ctx: ServiceContext): Promise<{ data: CustomerGroup[] }> {
  authorize(ctx, OBJECT, 'read')
  const rows = await ctx.tx
    .selectFrom('customerGroups as g')
    .selectAll('g')
    .select((eb) => eb.selectFrom('accountCustomerGroups as a').select(eb.fn.countAll<string>().as('n')).whereRef('a.customerGroupId', '=', 'g.id').as('accountCount'))
    .orderBy('g.name')
    .limit(500)
    .execute()
  return {
    data: rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      accountCount: Number(row.accountCount ?? 0),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
  }
}

const duplicateName = () => conflict('Another customer group already has this name.', [{ path: 'name', message: 'Names are unique.' }])

export async function createCustomerGroup(ctx: ServiceContext, input: CustomerGroupInput): Promise<CustomerGroup> {
  authorize(ctx, OBJECT, 'create')
  const id = newId()
  if (await ctx.tx.selectFrom('customerGroups').select('id').where('name', '=', input.name).executeTakeFirst()) throw duplicateName()
  try {
    await ctx.tx.insertInto('customerGroups').values({ id, tenantId: ctx.actor.tenantId, name: input.name, description: input.description ?? null }).execute()
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName()
    throw error
  }
  const created = (await loadGroup(ctx, id))!
  await recordAudit(ctx, { objectType: AUDIT, objectId: id, action: 'create', after: created })
  await emitEvent(ctx, 'customer_group.created', { objectType: AUDIT, objectId: id, payload: { name: created.name } })
  return created
}

export async function updateCustomerGroup(ctx: ServiceContext, id: string, patch: CustomerGroupPatch): Promise<CustomerGroup> {
  authorize(ctx, OBJECT, 'update')
  const before = await loadGroup(ctx, id)
  if (!before) throw notFound('Customer group')
  if (patch.name !== undefined && (await ctx.tx.selectFrom('customerGroups').select('id').where('name', '=', patch.name).where('id', '!=', id).executeTakeFirst())) throw duplicateName()
  await ctx.tx
    .updateTable('customerGroups')
    .set({ ...patch, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
  const after = (await loadGroup(ctx, id))!
  await recordAudit(ctx, { objectType: AUDIT, objectId: id, action: 'update', before, after })
  await emitEvent(ctx, 'customer_group.updated', { objectType: AUDIT, objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

/** Its accounts leave the group; a group that a price list is for cannot go (its prices would become everyone's). */
export async function deleteCustomerGroup(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await loadGroup(ctx, id)
  if (!before) throw notFound('Customer group')
  const list = await ctx.tx.selectFrom('priceLists').select('name').where('customerGroupId', '=', id).executeTakeFirst()
  // Deleting would silently turn the group's special prices into prices for everyone.
  if (list) throw conflict(`The price list "${list.name}" is for this group; change or delete it first.`, [{ path: 'id', message: 'In use by a price list.' }])
  await ctx.tx.deleteFrom('customerGroups').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: AUDIT, objectId: id, action: 'delete', before })
  await emitEvent(ctx, 'customer_group.deleted', { objectType: AUDIT, objectId: id, payload: { name: before.name } })
}

export async function listGroupMembers(ctx: ServiceContext, id: string, limit: number): Promise<{ data: { accountId: string; accountName: string }[] }> {
  authorize(ctx, OBJECT, 'read')
  if (!(await loadGroup(ctx, id))) throw notFound('Customer group')
  const rows = await ctx.tx
    .selectFrom('accountCustomerGroups as m')
    .innerJoin('accounts as a', 'a.id', 'm.accountId')
    .select(['m.accountId', 'a.name as accountName'])
    .where('m.customerGroupId', '=', id)
    .orderBy('a.name')
    .limit(limit)
    .execute()
  return { data: rows }
}

async function accountGroup(ctx: ServiceContext, accountId: string): Promise<AccountCustomerGroup> {
  const row = await ctx.tx
    .selectFrom('accountCustomerGroups as m')
    .innerJoin('customerGroups as g', 'g.id', 'm.customerGroupId')
    .select(['m.customerGroupId', 'g.name'])
    .where('m.accountId', '=', accountId)
    .executeTakeFirst()
  return { accountId, customerGroupId: row?.customerGroupId ?? null, customerGroupName: row?.name ?? null }
}

async function assertAccount(ctx: ServiceContext, accountId: string): Promise<void> {
  if (!(await ctx.tx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst())) throw notFound('Account')
}

export async function getAccountCustomerGroup(ctx: ServiceContext, accountId: string): Promise<AccountCustomerGroup> {
  authorize(ctx, OBJECT, 'read')
  await assertAccount(ctx, accountId)
  return accountGroup(ctx, accountId)
}

/** Puts an account in a group (or none). Pricing rights are needed: the group decides its prices. */
export async function setAccountCustomerGroup(ctx: ServiceContext, accountId: string, input: AccountCustomerGroupPut): Promise<AccountCustomerGroup> {
  authorize(ctx, OBJECT, 'update')
  await assertAccount(ctx, accountId)
  if (input.customerGroupId && !(await loadGroup(ctx, input.customerGroupId))) {
    throw invalid('No such customer group.', [{ path: 'customerGroupId', message: 'No such customer group in this tenant.' }])
  }
  const before = await accountGroup(ctx, accountId)
  await ctx.tx.deleteFrom('accountCustomerGroups').where('accountId', '=', accountId).execute()
  if (input.customerGroupId) {
    await ctx.tx.insertInto('accountCustomerGroups').values({ tenantId: ctx.actor.tenantId, accountId, customerGroupId: input.customerGroupId }).execute()
  }
  const after = await accountGroup(ctx, accountId)
  const changed = await recordAudit(ctx, { objectType: 'accounts', objectId: accountId, action: 'update', before: { customerGroupId: before.customerGroupId }, after: { customerGroupId: after.customerGroupId } })
  if (changed) await emitEvent(ctx, 'account.customer_group_changed', { objectType: 'accounts', objectId: accountId, payload: { from: before.customerGroupId, to: after.customerGroupId } })
  return after
}

/**
 * The price list for an account, a currency and a date (default today). Among the lists in that
 * currency valid on the date, the most specific wins: one for the account's customer group before
 * one for everyone; then one with both dates set before one open at an end, before one open at
 * both; then the latest start; then the newest. Null when none applies.
 */
export async function findApplicablePriceListId(ctx: ServiceContext, query: { accountId?: string | null; currency: string; date: string }): Promise<{ id: string | null; customerGroupId: string | null; match: ApplicablePriceList['match'] }> {
  const groupId = query.accountId ? (await accountGroup(ctx, query.accountId)).customerGroupId : null
  const row = await ctx.tx
    .selectFrom('priceLists')
    .select(['id', 'customerGroupId'])
    .where('currency', '=', query.currency)
    .where((eb) => eb.or([eb('validFrom', 'is', null), eb('validFrom', '<=', query.date)]))
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', query.date)]))
    .where((eb) => (groupId ? eb.or([eb('customerGroupId', 'is', null), eb('customerGroupId', '=', groupId)]) : eb('customerGroupId', 'is', null)))
    .orderBy(sql`(customer_group_id is not null)`, 'desc')
    .orderBy(sql`((valid_from is not null)::int + (valid_to is not null)::int)`, 'desc')
    .orderBy(sql`valid_from desc nulls last`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return { id: row?.id ?? null, customerGroupId: groupId, match: !row ? 'none' : row.customerGroupId ? 'group' : 'general' }
}

export async function getApplicablePriceList(ctx: ServiceContext, query: ApplicableQuery): Promise<ApplicablePriceList> {
  authorize(ctx, OBJECT, 'read')
  if (query.accountId) await assertAccount(ctx, query.accountId)
  const found = await findApplicablePriceListId(ctx, { accountId: query.accountId, currency: query.currency, date: query.date ?? new Date().toISOString().slice(0, 10) })
  return { priceList: found.id ? await getPriceList(ctx, found.id) : null, customerGroupId: found.customerGroupId, match: found.match }
}
