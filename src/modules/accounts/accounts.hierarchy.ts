/**
 * Account hierarchy (親会社 / 子会社): an account's parent, ancestors and subsidiaries, and changing the parent
 * with cycle prevention. Audited and announced like any account update.
 */
import { sql } from 'kysely'
import { z } from 'zod'
import { authorize, visibleRecordsCondition } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'

const OBJECT = 'accounts'
/** Deeper than any real group structure; also bounds the ancestor walk. */
export const MAX_HIERARCHY_DEPTH = 20

export const AccountRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'AccountRef' })
export type AccountRef = z.infer<typeof AccountRef>

export const AccountHierarchy = z
  .object({
    id: z.uuid(),
    parent: AccountRef.nullable(),
    ancestors: z.array(AccountRef).describe('From the top of the group down to the parent (visible ones only)'),
    children: z.array(AccountRef),
  })
  .meta({ id: 'AccountHierarchy' })
export type AccountHierarchy = z.infer<typeof AccountHierarchy>

export const SetParent = z.strictObject({ parentAccountId: z.uuid().nullable() }).meta({ id: 'AccountParentSet' })
export type SetParent = z.infer<typeof SetParent>

async function visibleAccount(ctx: ServiceContext, id: string, forUpdate = false) {
  let query = ctx.tx
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name', 'a.parentAccountId'])
    .where('a.id', '=', id)
    // The account being changed must be writable by the role (territory read grants do not count).
    .where(visibleRecordsCondition(ctx, OBJECT, 'a', { for: forUpdate ? 'write' : 'read' }))
  if (forUpdate) query = query.forUpdate('a')
  return query.executeTakeFirst()
}

/** Ids from `id` upwards (id first), over every account of the tenant, whatever the actor may see. */
async function ancestorIds(ctx: ServiceContext, id: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive up(id, parent_account_id, depth) as (
      select id, parent_account_id, 0 from accounts where id = ${id}
      union all
      select a.id, a.parent_account_id, up.depth + 1 from accounts a join up on a.id = up.parent_account_id
      where up.depth < ${MAX_HIERARCHY_DEPTH + 1}
    ) select id from up order by depth`.execute(ctx.tx)
  return result.rows.map((r) => r.id)
}

async function visibleRefs(ctx: ServiceContext, ids: string[]): Promise<AccountRef[]> {
  if (ids.length === 0) return []
  const rows = await ctx.tx
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name'])
    .where('a.id', 'in', ids)
    .where(visibleRecordsCondition(ctx, OBJECT, 'a'))
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((i) => (byId.has(i) ? [byId.get(i)!] : []))
}

export async function listAccountChildren(ctx: ServiceContext, id: string): Promise<AccountRef[]> {
  authorize(ctx, OBJECT, 'read')
  if (!(await visibleAccount(ctx, id))) throw notFound('Account')
  return visibleChildren(ctx, id)
}

/** The subsidiaries the actor may see of an account already found visible. */
function visibleChildren(ctx: ServiceContext, id: string): Promise<AccountRef[]> {
  return ctx.tx
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name'])
    .where('a.parentAccountId', '=', id)
    .where(visibleRecordsCondition(ctx, OBJECT, 'a'))
    .orderBy('a.name')
    .orderBy('a.id')
    .limit(500)
    .execute()
}

export async function getAccountHierarchy(ctx: ServiceContext, id: string): Promise<AccountHierarchy> {
  authorize(ctx, OBJECT, 'read')
  const account = await visibleAccount(ctx, id)
  if (!account) throw notFound('Account')
  return hierarchyOf(ctx, id, account.parentAccountId)
}

/**
 * getAccountHierarchy for an account the caller has just read and found visible (the 360° page), whose parent is
 * known; read again when the caller's copy lacks it.
 */
export async function getHierarchyOfVisibleAccount(ctx: ServiceContext, account: { id: string; parentAccountId?: string | null }): Promise<AccountHierarchy> {
  if (account.parentAccountId === undefined) return getAccountHierarchy(ctx, account.id)
  authorize(ctx, OBJECT, 'read')
  return hierarchyOf(ctx, account.id, account.parentAccountId)
}

async function hierarchyOf(ctx: ServiceContext, id: string, parentAccountId: string | null): Promise<AccountHierarchy> {
  // The 360° page asks this for every account it shows, and most have no parent: then there is nothing above to walk.
  const ancestors = parentAccountId ? await visibleRefs(ctx, (await ancestorIds(ctx, id)).slice(1).reverse()) : []
  // The parent is the nearest ancestor, shown when the actor may see it.
  const parent = ancestors.find((a) => a.id === parentAccountId) ?? null
  return { id, parent, ancestors, children: await visibleChildren(ctx, id) }
}

/** Sets or clears the parent. Refuses the account itself, any of its descendants, and groups deeper than the limit. */
export async function setAccountParent(ctx: ServiceContext, id: string, input: SetParent): Promise<AccountHierarchy> {
  authorize(ctx, OBJECT, 'update')
  const account = await visibleAccount(ctx, id, true)
  if (!account) throw notFound('Account')
  const parentId = input.parentAccountId
  if (parentId) {
    if (!(await visibleAccount(ctx, parentId))) throw invalid('No such account.', [{ path: 'parentAccountId', message: 'No such account.' }])
    const chain = await ancestorIds(ctx, parentId)
    if (chain.includes(id)) {
      throw invalid('An account cannot be its own parent or the parent of its parent.', [
        { path: 'parentAccountId', message: 'This would make a loop in the group structure.' },
      ])
    }
    if (chain.length >= MAX_HIERARCHY_DEPTH) {
      throw invalid('The group structure would be too deep.', [{ path: 'parentAccountId', message: `At most ${MAX_HIERARCHY_DEPTH} levels.` }])
    }
  }
  if (account.parentAccountId !== parentId) {
    await ctx.tx.updateTable('accounts').set({ parentAccountId: parentId, updatedAt: sql<Date>`now()` }).where('id', '=', id).execute()
    await recordAudit(ctx, {
      objectType: OBJECT,
      objectId: id,
      action: 'update',
      before: { parentAccountId: account.parentAccountId },
      after: { parentAccountId: parentId },
    })
    await emitEvent(ctx, 'account.updated', { objectType: OBJECT, objectId: id, payload: { fields: ['parentAccountId'] } })
  }
  return getAccountHierarchy(ctx, id)
}
