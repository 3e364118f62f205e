/**
 * Which customer record a 360° call is about, checked through the owning module's service so
 * role, record visibility and 名寄せ redirects apply exactly as on the record's own page.
 */
import { authorize } from '../../platform/access/policy.ts'
import { resolveMembershipActor } from '../../platform/auth/actor.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { getAccount } from '../accounts/index.ts'
import { getContact } from '../contacts/index.ts'
import { getDeal } from '../deals/index.ts'
import type { CommentRecordType } from './customer-360.schema.ts'

/** The visible record's id (a merged-away id resolves to its survivor); not_found otherwise. */
export async function visibleRecordId(ctx: ServiceContext, type: CommentRecordType, id: string): Promise<string> {
  return (await visibleRecord(ctx, type, id)).id
}

/** The visible record's id and the name the actor may see (empty when the role hides it). */
export async function visibleRecord(ctx: ServiceContext, type: CommentRecordType, id: string): Promise<{ id: string; name: string }> {
  if (type === 'accounts') {
    const account = await getAccount(ctx, id)
    return { id: account.id, name: account.name ?? '' }
  }
  if (type === 'contacts') {
    const contact = await getContact(ctx, id)
    return { id: contact.id, name: contact.displayName ?? '' }
  }
  const deal = await getDeal(ctx, id)
  return { id: deal.id, name: deal.name ?? '' }
}

/** Like visibleRecordId, and the role must also allow updating that kind of record. */
export async function updatableRecordId(ctx: ServiceContext, type: CommentRecordType, id: string): Promise<string> {
  const visible = await visibleRecordId(ctx, type, id)
  authorize(ctx, type, 'update')
  return visible
}

/** Whether another member of the tenant could open the record (used before notifying them). */
export async function userCanSeeRecord(ctx: ServiceContext, userId: string, type: CommentRecordType, id: string): Promise<boolean> {
  const actor = await resolveMembershipActor(ctx.tx, userId, ctx.actor.tenantId)
  if (!actor) return false
  try {
    await visibleRecordId({ ...ctx, actor }, type, id)
    return true
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) return false
    throw error
  }
}

export function recordColumn(type: CommentRecordType): 'accountId' | 'contactId' | 'dealId' {
  return type === 'accounts' ? 'accountId' : type === 'contacts' ? 'contactId' : 'dealId'
}
