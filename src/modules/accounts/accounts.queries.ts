/** The only file that touches the accounts table. */
import { sql } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { AccountsTable } from '../../platform/db/schema.ts'
import type { Expression, Insertable, Selectable, SqlBool, Updateable } from 'kysely'
import { type CompiledSort, keysetCondition, orderTerms, sortKeySelection } from '../saved-views/index.ts'
import { searchTextMatches } from '../search/search.match.ts'
import { customAfterCondition, customFilterCondition, customJsonColumn, type CustomListOptions, customSortExpression, withParsedCustom } from '../custom-fields/custom-fields.values.ts'

/** search_text is derived data: it is never presented, audited or compared. */
export type AccountRow = Omit<Selectable<AccountsTable>, 'searchText'> & { ownerName: string | null; territoryName: string | null }

/** `write` keeps to the role's visibility: read grants (territories) never let a member change a record. */
function selectAccounts(ctx: ServiceContext, purpose: 'read' | 'write' = 'read') {
  return ctx.tx
    .selectFrom('accounts as a')
    .leftJoin('users as owner', 'owner.id', 'a.ownerId')
    .leftJoin('territories as territory', 'territory.id', 'a.territoryId')
    .select([
      'a.id',
      'a.tenantId',
      'a.name',
      'a.nameKana',
      'a.industry',
      'a.phone',
      'a.email',
      'a.website',
      'a.annualRevenue',
      'a.employeeCount',
      'a.notes',
      'a.ownerId',
      'a.teamId',
      'a.parentAccountId',
      'a.postalCode',
      'a.prefecture',
      'a.address',
      'a.territoryId',
      'territory.name as territoryName',
      customJsonColumn('a'),
      'a.createdBy',
      'a.createdAt',
      'a.updatedAt',
      'owner.name as ownerName',
    ])
    .where(visibleRecordsCondition(ctx, 'accounts', 'a', { for: purpose }))
}

export async function findVisibleAccount(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<AccountRow | undefined> {
  let query = selectAccounts(ctx, options.forUpdate ? 'write' : 'read').where('a.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('a')
  const row = await query.executeTakeFirst()
  return row && withParsedCustom(row)
}

export interface AccountListFilter {
  limit: number
  q?: string
  ownerId?: string
  sort: string
  after: (string | number | null)[] | null
  custom?: CustomListOptions
}

export async function listVisibleAccounts(ctx: ServiceContext, filter: AccountListFilter): Promise<AccountRow[]> {
  let query = selectAccounts(ctx)
  // Same Japanese-aware matching as the global search box (たなか, ﾀﾅｶ, 03-1234-5678, (株)大福 …).
  if (filter.q) query = query.where(searchTextMatches('a', filter.q, 'accounts'))
  if (filter.ownerId) query = query.where('a.ownerId', '=', filter.ownerId)
  if (filter.custom && filter.custom.filters.length > 0) query = query.where(customFilterCondition('a', filter.custom.filters))
  const customSort = filter.custom?.sort
  if (customSort) {
    if (filter.after) query = query.where(customAfterCondition('a', customSort, filter.after))
    const direction = customSort.descending ? 'desc' : 'asc'
    query = query.orderBy(customSortExpression('a', customSort.key), direction).orderBy('a.id', direction)
  } else if (filter.sort === 'name') {
    if (filter.after) query = query.where(sql`(a.name, a.id)`, '>', sql`(${filter.after[0]}, ${filter.after[1]}::uuid)`)
    query = query.orderBy('a.name').orderBy('a.id')
  } else {
    // UUIDv7 ids sort by creation time, exactly (timestamps lose microseconds in JS).
    if (filter.after) query = query.where('a.id', '<', String(filter.after[0]))
    query = query.orderBy('a.id', 'desc')
  }
  return (await query.limit(filter.limit + 1).execute()).map(withParsedCustom)
}

/** A page of the list filter language: compiled filter, search, keyset sort (see saved-views). */
export async function queryVisibleAccounts(
  ctx: ServiceContext,
  options: { where: Expression<SqlBool> | null; q?: string; sort: CompiledSort; limit: number },
): Promise<(AccountRow & { listSortKey: string | null })[]> {
  let query = selectAccounts(ctx).select(sortKeySelection(options.sort, 'a'))
  if (options.q) query = query.where(searchTextMatches('a', options.q, 'accounts'))
  if (options.where) query = query.where(options.where)
  const keyset = keysetCondition(options.sort, 'a')
  if (keyset) query = query.where(keyset)
  for (const term of orderTerms(options.sort, 'a')) query = query.orderBy(term)
  return (await query.limit(options.limit + 1).execute()).map(withParsedCustom)
}

/** Ids of visible accounts matching a filter, for bulk actions (newest first, at most `limit`). */
export async function matchingAccountIds(ctx: ServiceContext, options: { where: Expression<SqlBool> | null; q?: string }, limit: number): Promise<string[]> {
  let query = ctx.tx.selectFrom('accounts as a').select('a.id').where(visibleRecordsCondition(ctx, 'accounts', 'a'))
  if (options.q) query = query.where(searchTextMatches('a', options.q, 'accounts'))
  if (options.where) query = query.where(options.where)
  return (await query.orderBy('a.id', 'desc').limit(limit).execute()).map((r) => r.id)
}

export async function insertAccount(ctx: ServiceContext, values: Insertable<AccountsTable>): Promise<void> {
  await ctx.tx.insertInto('accounts').values(values).execute()
}

export async function updateAccountRow(ctx: ServiceContext, id: string, values: Updateable<AccountsTable>): Promise<void> {
  await ctx.tx
    .updateTable('accounts')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteAccountRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('accounts').where('id', '=', id).execute()
}

/** Owners and teams must belong to the same tenant (RLS makes others invisible). */
export async function memberExists(ctx: ServiceContext, userId: string): Promise<boolean> {
  const row = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', userId).executeTakeFirst()
  return row !== undefined
}

export async function teamExists(ctx: ServiceContext, teamId: string): Promise<boolean> {
  const row = await ctx.tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
  return row !== undefined
}
