/**
 * 名寄せ merge: the survivor takes the chosen fields, every related record is re-pointed to it, the merged-away ids
 * keep resolving (merged_records) and the audit trail says who merged what — all in the caller's one transaction.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { normalizeEmail, normalizePhone } from '../../platform/japanese/index.ts'
import { getAccount, updateAccount } from '../accounts/index.ts'
import { AccountPatch } from '../accounts/accounts.schema.ts'
import { getContact, updateContact } from '../contacts/index.ts'
import { ContactPatch } from '../contacts/contacts.schema.ts'
import type { DuplicateMerge, DuplicateMergeResult } from './duplicates.schema.ts'

type Ids = readonly string[]

async function run(ctx: ServiceContext, query: ReturnType<typeof sql>): Promise<number> {
  const result = await query.execute(ctx.tx)
  return Number(result.numAffectedRows ?? 0)
}

function idList(ids: Ids) {
  return sql`(${sql.join(ids.map((id) => sql`${id}::uuid`))})`
}

async function repointContacts(ctx: ServiceContext, survivor: string, merged: Ids): Promise<Record<string, number>> {
  const m = idList(merged)
  // A company both people currently work at: the merged person's link becomes history instead of a second current link.
  await run(ctx, sql`update account_contacts l set ended_on = greatest(current_date, coalesce(l.started_on, current_date)), is_primary = false
    where l.contact_id in ${m} and l.ended_on is null
      and exists (select 1 from account_contacts s where s.contact_id = ${survivor} and s.account_id = l.account_id and s.ended_on is null)`)
  // One current primary company per person: the survivor's wins, else the first merged one.
  await run(ctx, sql`update account_contacts l set is_primary = false
    where l.contact_id in ${m} and l.is_primary and l.ended_on is null
      and (exists (select 1 from account_contacts s where s.contact_id = ${survivor} and s.is_primary and s.ended_on is null)
           or l.id <> (select id from account_contacts f where f.contact_id in ${m} and f.is_primary and f.ended_on is null order by f.id limit 1))`)
  // Two links to the same company among the merged people: keep the first current one.
  await run(ctx, sql`update account_contacts l set ended_on = greatest(current_date, coalesce(l.started_on, current_date)), is_primary = false
    where l.contact_id in ${m} and l.ended_on is null
      and exists (select 1 from account_contacts o where o.contact_id in ${m} and o.account_id = l.account_id and o.ended_on is null and o.id < l.id)`)
  const counts: Record<string, number> = {}
  counts.accountContacts = await run(ctx, sql`update account_contacts set contact_id = ${survivor}, updated_at = now() where contact_id in ${m}`)
  counts.activities = await run(ctx, sql`update activities set contact_id = ${survivor} where contact_id in ${m}`)
  await run(ctx, sql`delete from activity_attendees a where a.contact_id in ${m}
    and exists (select 1 from activity_attendees s where s.activity_id = a.activity_id and s.contact_id = ${survivor})`)
  await run(ctx, sql`delete from activity_attendees a where a.contact_id in ${m}
    and exists (select 1 from activity_attendees o where o.activity_id = a.activity_id and o.contact_id in ${m} and o.id < a.id)`)
  counts.activityAttendees = await run(ctx, sql`update activity_attendees set contact_id = ${survivor} where contact_id in ${m}`)
  counts.salesDocuments = await run(ctx, sql`update sales_documents set contact_id = ${survivor} where contact_id in ${m}`)
  counts.notifications = await run(ctx, sql`update notifications set object_id = ${survivor} where object_type = 'contacts' and object_id in ${m}`)
  return counts
}

async function repointAccounts(ctx: ServiceContext, survivor: string, merged: Ids): Promise<Record<string, number>> {
  const m = idList(merged)
  await run(ctx, sql`update account_contacts l set ended_on = greatest(current_date, coalesce(l.started_on, current_date)), is_primary = false
    where l.account_id in ${m} and l.ended_on is null
      and exists (select 1 from account_contacts s where s.account_id = ${survivor} and s.contact_id = l.contact_id and s.ended_on is null)`)
  await run(ctx, sql`update account_contacts l set ended_on = greatest(current_date, coalesce(l.started_on, current_date)), is_primary = false
    where l.account_id in ${m} and l.ended_on is null
      and exists (select 1 from account_contacts o where o.account_id in ${m} and o.contact_id = l.contact_id and o.ended_on is null and o.id < l.id)`)
  const counts: Record<string, number> = {}
  counts.accountContacts = await run(ctx, sql`update account_contacts set account_id = ${survivor}, updated_at = now() where account_id in ${m}`)
  counts.activities = await run(ctx, sql`update activities set account_id = ${survivor} where account_id in ${m}`)
  counts.deals = await run(ctx, sql`update deals set account_id = ${survivor} where account_id in ${m}`)
  counts.salesDocuments = await run(ctx, sql`update sales_documents set account_id = ${survivor} where account_id in ${m}`)
  // Subsidiaries of a merged company now hang under the survivor; the survivor never becomes its own parent.
  counts.subsidiaries = await run(ctx, sql`update accounts set parent_account_id = ${survivor} where parent_account_id in ${m} and id <> ${survivor} and id not in ${m}`)
  await run(ctx, sql`update accounts set parent_account_id = null where id = ${survivor} and parent_account_id in ${m}`)
  // Scores are recomputed by the analytics job; a merged company's own score means nothing any more.
  await run(ctx, sql`delete from customer_scores where account_id in ${m}`)
  counts.notifications = await run(ctx, sql`update notifications set object_id = ${survivor} where object_type = 'accounts' and object_id in ${m}`)
  return counts
}

/** List fields whose entries can all be kept ('all'); the key says when two entries are the same. */
const LIST_KEYS: Record<string, (entry: unknown) => string> = {
  emails: (e) => normalizeEmail((e as { address: string }).address),
  phones: (p) => normalizePhone((p as { number: string }).number),
  addresses: (a) => {
    const { primary: _p, type: _t, ...rest } = a as Record<string, unknown>
    return JSON.stringify(Object.values(rest).map((v) => (v ?? '').toString().replace(/[\s-]/g, '')))
  },
  tags: (t) => String(t),
}

/** Every entry of a list field over the records, survivor first, each once; one primary (the first marked). */
function unionOf(field: string, lists: unknown[][]): unknown[] {
  const keyOf = LIST_KEYS[field]!
  const seen = new Set<string>()
  const out: unknown[] = []
  for (const entry of lists.flat()) {
    const key = keyOf(entry)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(entry)
  }
  if (field === 'tags') return out
  let primaryTaken = false
  return out.map((entry) => {
    const e = entry as { primary?: boolean }
    const primary = !!e.primary && !primaryTaken
    if (primary) primaryTaken = true
    return { ...e, primary }
  })
}

function patchFrom(type: 'contacts' | 'accounts', fields: Record<string, string>, sources: Map<string, Record<string, unknown>>, survivorId: string) {
  const allowed = new Set(Object.keys(type === 'contacts' ? ContactPatch.shape : AccountPatch.shape))
  const patch: Record<string, unknown> = {}
  const details = []
  for (const [field, sourceId] of Object.entries(fields)) {
    if (!allowed.has(field)) details.push({ path: `fields.${field}`, message: 'Not a field that can be merged.' })
    else if (sourceId === 'all') {
      if (type !== 'contacts' || !(field in LIST_KEYS)) details.push({ path: `fields.${field}`, message: "'all' is for list fields only (emails, phones, addresses, tags)." })
      else patch[field] = unionOf(field, [survivorId, ...[...sources.keys()].filter((id) => id !== survivorId)].map((id) => (sources.get(id)![field] as unknown[] | undefined) ?? []))
    } else if (!sources.has(sourceId)) details.push({ path: `fields.${field}`, message: 'Must name the survivor or one of the merged records.' })
    else if (sourceId !== survivorId) patch[field] = sources.get(sourceId)![field] ?? null
  }
  if (details.length > 0) throw invalid('Some field choices are not valid.', details)
  return patch
}

export async function mergeDuplicates(ctx: ServiceContext, input: DuplicateMerge): Promise<DuplicateMergeResult> {
  const { type, survivorId } = input
  authorize(ctx, type, 'update')
  authorize(ctx, type, 'delete')
  const mergedIds = [...new Set(input.mergedIds)]
  if (mergedIds.includes(survivorId)) throw invalid('The survivor cannot also be merged away.', [{ path: 'mergedIds', message: 'Contains the survivor.' }])
  const read = (id: string) => (type === 'contacts' ? getContact(ctx, id) : getAccount(ctx, id)) as Promise<Record<string, unknown> & { id: string }>
  // Every side must be visible to the actor (getX answers 404 otherwise) and not already merged away.
  const sources = new Map<string, Record<string, unknown>>()
  for (const id of [survivorId, ...mergedIds]) {
    const record = await read(id)
    if (record.id !== id) throw notFound(type === 'contacts' ? 'Contact' : 'Account')
    sources.set(id, record)
  }
  const table = type === 'contacts' ? sql`contacts` : sql`accounts`
  await sql`select id from ${table} where id in ${idList([survivorId, ...mergedIds])} order by id for update`.execute(ctx.tx)
  const patch = patchFrom(type, input.fields, sources, survivorId)
  if (Object.keys(patch).length > 0) {
    if (type === 'contacts') await updateContact(ctx, survivorId, patch as ContactPatch)
    else await updateAccount(ctx, survivorId, patch as AccountPatch)
  }
  const repointed = type === 'contacts' ? await repointContacts(ctx, survivorId, mergedIds) : await repointAccounts(ctx, survivorId, mergedIds)
  const m = idList(mergedIds)
  await sql`insert into merged_records (tenant_id, object_type, old_id, survivor_id, merged_by)
    select ${ctx.actor.tenantId}, ${type}, id, ${survivorId}, ${ctx.actor.userId} from ${table} where id in ${m}`.execute(ctx.tx)
  // Ids merged earlier into a record merged now follow it to the new survivor.
  await sql`update merged_records set survivor_id = ${survivorId} where object_type = ${type} and survivor_id in ${m}`.execute(ctx.tx)
  await sql`update duplicate_candidates set status = 'merged', decided_by = ${ctx.actor.userId}, decided_at = now(), updated_at = now()
    where object_type = ${type} and status = 'open' and (record_a in ${m} or record_b in ${m})`.execute(ctx.tx)
  await sql`delete from ${table} where id in ${m}`.execute(ctx.tx)
  // Audit rows of the merged records stay under their old ids; these rows link both sides.
  for (const id of mergedIds) {
    await recordAudit(ctx, { objectType: type, objectId: id, action: 'merge', changes: { mergedInto: { before: null, after: survivorId }, record: { before: sources.get(id), after: null } } })
  }
  await recordAudit(ctx, {
    objectType: type,
    objectId: survivorId,
    action: 'merge',
    changes: { mergedIds: { before: null, after: mergedIds }, fields: { before: null, after: input.fields }, repointed: { before: null, after: repointed } },
  })
  await emitEvent(ctx, type === 'contacts' ? 'contact.merged' : 'account.merged', { objectType: type, objectId: survivorId, payload: { mergedIds } })
  return { type, survivorId, mergedIds, repointed }
}
