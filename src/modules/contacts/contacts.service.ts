/**
 * Contacts (担当者): the rules for reading and changing people. No HTTP here.
 * Every write checks the role, validates references, audits and emits an event in one transaction.
 */
import { assertWritableFields, authorize, fieldRules } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { type ErrorDetail, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { resolveCustomValues } from '../custom-fields/custom-fields.values.ts'
import { foldQuery } from '../../platform/japanese/index.ts'
import { mergedInto } from '../duplicates/duplicates.resolve.ts'
import { presentContact } from './contacts.presenter.ts'
import {
  contactSearchText,
  defaultDisplayName,
  normalizeAddresses,
  normalizeEmails,
  normalizeKana,
  normalizePhones,
  normalizeTags,
  primaryEmail,
  primaryPhoneDigits,
  type SearchableContact,
  sortKana,
} from './contacts.profile.ts'
import {
  type ContactRow,
  type ContactValues,
  contactIdsAtAccount,
  currentCompanyNames,
  findContactForSearch,
  deleteContactRow,
  findVisibleContact,
  insertContact,
  insertLink,
  listVisibleContacts,
  memberExists,
  teamExists,
  updateContactRow,
  visibleAccountName,
} from './contacts.queries.ts'
import type { Contact, ContactInput, ContactListQuery, ContactPatch } from './contacts.schema.ts'

const OBJECT = 'contacts'

/** What the audit trail compares: the stored profile, without derived or joined columns. */
export function auditableContact(row: ContactRow): Record<string, unknown> {
  const { ownerName: _o, tenantId: _t, sortKana: _s, primaryAccountId: _pa, primaryAccountName: _pn, ...fields } = row
  return fields
}

async function assertReferences(ctx: ServiceContext, input: ContactPatch, details: ErrorDetail[]): Promise<void> {
  if (input.ownerId && !(await memberExists(ctx, input.ownerId))) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  if (input.teamId && !(await teamExists(ctx, input.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
}

/** The full profile after applying `patch` to `base` (null for a new contact), normalised, plus derived columns. */
function resolveProfile(base: ContactRow | null, patch: ContactPatch, details: ErrorDetail[]) {
  const pick = <K extends keyof ContactPatch & keyof ContactRow>(key: K): ContactRow[K] | null =>
    (patch[key] !== undefined ? patch[key] : base ? base[key] : null) as ContactRow[K] | null
  const trimmed = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? null : v.trim())
  const familyName = trimmed(pick('familyName'))
  const givenName = trimmed(pick('givenName'))
  const familyNameKana = patch.familyNameKana !== undefined ? normalizeKana(patch.familyNameKana, 'familyNameKana', details) : (base?.familyNameKana ?? null)
  const givenNameKana = patch.givenNameKana !== undefined ? normalizeKana(patch.givenNameKana, 'givenNameKana', details) : (base?.givenNameKana ?? null)
  // An explicit display name wins; otherwise it follows the name parts (and keeps following them on edits).
  const derivedBefore = base ? defaultDisplayName(base.familyName, base.givenName) : ''
  const explicit = trimmed(patch.displayName)
  let displayName: string
  if (explicit) displayName = explicit
  else if (patch.displayName === undefined && base && base.displayName !== derivedBefore) displayName = base.displayName
  else displayName = defaultDisplayName(familyName, givenName)
  if (!displayName) details.push({ path: 'familyName', message: 'Give a family name, a given name or a display name.' })
  const emails = patch.emails !== undefined ? normalizeEmails(patch.emails, details) : (base?.emails ?? [])
  const phones = patch.phones !== undefined ? normalizePhones(patch.phones, details) : (base?.phones ?? [])
  const addresses = patch.addresses !== undefined ? normalizeAddresses(patch.addresses, details) : (base?.addresses ?? [])
  const tags = patch.tags !== undefined ? normalizeTags(patch.tags) : (base?.tags ?? [])
  return { familyName, givenName, familyNameKana, givenNameKana, displayName, emails, phones, addresses, tags }
}

type Profile = ReturnType<typeof resolveProfile>

function derived(profile: Profile, companies: string[]) {
  return {
    sortKana: sortKana(profile),
    searchText: contactSearchText(profile, companies),
    primaryEmail: primaryEmail(profile.emails),
    primaryPhoneDigits: primaryPhoneDigits(profile.phones),
  }
}

/** Recomputes search_text after the contact's companies changed (links added, ended or moved). */
export async function refreshContactSearchText(ctx: ServiceContext, row: SearchableContact & { id: string }): Promise<void> {
  const companies = await currentCompanyNames(ctx, row.id)
  await updateContactRow(ctx, row.id, { searchText: contactSearchText(row, companies) })
}

export async function listContacts(ctx: ServiceContext, query: ContactListQuery): Promise<Page<Contact>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, query.sort === '-createdAt' ? 1 : 2)
  const rows = await listVisibleContacts(ctx, {
    limit: query.limit,
    q: query.q,
    ownerId: query.ownerId,
    accountId: query.accountId,
    tag: query.tag?.normalize('NFKC'),
    sort: query.sort,
    after,
  })
  const page = toPage(rows, query.limit, (row) =>
    query.sort === 'name' ? [row.displayName, row.id] : query.sort === 'kana' ? [row.sortKana, row.id] : [row.id],
  )
  // A field the role hides must not be searchable: re-check matches against what the caller may see. The cursor
  // still follows the rows read, so a page may come back shorter than `limit` but none is skipped.
  const hiddenSearched = SEARCHED_FIELDS.some((f) => fieldRules(ctx, OBJECT)[f] === 'hidden')
  const folded = query.q ? foldQuery(query.q) : ''
  const data = hiddenSearched && folded ? page.data.filter((row) => visibleSearchText(ctx, row).includes(folded)) : page.data
  return { data: data.map((row) => presentContact(ctx, row)), nextCursor: page.nextCursor }
}

/** The fields contactSearchText reads, which a role may hide. */
export const SEARCHED_FIELDS = ['displayName', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'emails', 'phones', 'tags'] as const

export function visibleSearchText(ctx: ServiceContext, row: ContactRow): string {
  const rules = fieldRules(ctx, OBJECT)
  const shown = <T>(field: (typeof SEARCHED_FIELDS)[number], value: T, empty: T): T => (rules[field] === 'hidden' ? empty : value)
  return contactSearchText(
    {
      displayName: shown('displayName', row.displayName, ''),
      familyName: shown('familyName', row.familyName, null),
      givenName: shown('givenName', row.givenName, null),
      familyNameKana: shown('familyNameKana', row.familyNameKana, null),
      givenNameKana: shown('givenNameKana', row.givenNameKana, null),
      emails: shown('emails', row.emails, []),
      phones: shown('phones', row.phones, []),
      tags: shown('tags', row.tags, []),
    },
    row.primaryAccountName ? [row.primaryAccountName] : [],
  )
}

export async function getContact(ctx: ServiceContext, id: string): Promise<Contact> {
  authorize(ctx, OBJECT, 'read')
  let row = await findVisibleContact(ctx, id)
  // A merged-away id (名寄せ) answers with the record it was merged into.
  if (!row) {
    const survivor = await mergedInto(ctx.tx, 'contacts', id)
    if (survivor) row = await findVisibleContact(ctx, survivor)
  }
  if (!row) throw notFound('Contact')
  return presentContact(ctx, row)
}

/**
 * A new contact's stored values: the profile normalised and checked (problems go to `details`), derived columns,
 * defaults. The one place these rules live — createContact and the bulk import (contacts.bulk.ts) both use it.
 */
export function newContactValues(ctx: ServiceContext, id: string, fields: Omit<ContactInput, 'accountId' | 'custom'>, accountName: string | null, details: ErrorDetail[]): ContactValues {
  const profile = resolveProfile(null, fields, details)
  return {
    id,
    tenantId: ctx.actor.tenantId,
    ...profile,
    ...derived(profile, accountName ? [accountName] : []),
    preferredChannel: fields.preferredChannel ?? null,
    doNotEmail: fields.doNotEmail ?? false,
    doNotCall: fields.doNotCall ?? false,
    doNotMail: fields.doNotMail ?? false,
    birthday: fields.birthday ?? null,
    anniversary: fields.anniversary ?? null,
    occupation: fields.occupation ?? null,
    department: fields.department ?? null,
    title: fields.title ?? null,
    // A new contact belongs to its creator unless another owner is named.
    ownerId: fields.ownerId === undefined ? ctx.actor.userId : fields.ownerId,
    teamId: fields.teamId === undefined ? ctx.actor.teamId : fields.teamId,
    notes: fields.notes ?? null,
    createdBy: ctx.actor.userId,
  }
}

export async function createContact(ctx: ServiceContext, input: ContactInput): Promise<Contact> {
  authorize(ctx, OBJECT, 'create')
  const { accountId, custom: customInput, ...fields } = input
  // Names identify the record: a role may lock other fields but not these on create.
  assertWritableFields(ctx, OBJECT, { ...fields, familyName: undefined, givenName: undefined, displayName: undefined })
  const referenceDetails: ErrorDetail[] = []
  await assertReferences(ctx, fields, referenceDetails)
  let accountName: string | undefined
  if (accountId) {
    authorize(ctx, 'accounts', 'read')
    accountName = await visibleAccountName(ctx, accountId)
    if (!accountName) referenceDetails.push({ path: 'accountId', message: 'No such account.' })
  }
  const id = newId()
  const details: ErrorDetail[] = []
  const values = newContactValues(ctx, id, fields, accountName ?? null, details)
  details.push(...referenceDetails)
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  const customValues = await resolveCustomValues(ctx, OBJECT, id, customInput, null)
  await insertContact(ctx, { ...values, custom: JSON.stringify(customValues) })
  if (accountId) {
    await insertLink(ctx, { id: newId(), tenantId: ctx.actor.tenantId, accountId, contactId: id, title: values.title ?? null, isPrimary: true })
  }
  const created = await findVisibleContact(ctx, id)
  if (!created) throw notFound('Contact')
  await recordAudit(ctx, {
    objectType: OBJECT,
    objectId: id,
    action: 'create',
    after: { ...auditableContact(created), ...(accountId ? { accountId } : {}) },
  })
  await emitEvent(ctx, 'contact.created', { objectType: OBJECT, objectId: id, payload: { displayName: created.displayName, accountId: accountId ?? null } })
  return presentContact(ctx, created)
}

/**
 * The columns an update writes: the patch, the profile after it (normalised and checked, problems go to
 * `details`) and the derived columns. Shared by updateContact and the bulk import (updateContactsInBulk).
 */
export function updatedContactValues(before: ContactRow, patch: Omit<ContactPatch, 'custom'>, companies: string[], details: ErrorDetail[]): Partial<ContactValues> {
  const profile = resolveProfile(before, patch, details)
  return { ...patch, ...profile, ...derived(profile, companies) }
}

export async function updateContact(ctx: ServiceContext, id: string, patch: ContactPatch): Promise<Contact> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, patch)
  const before = await findVisibleContact(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contact')
  const details: ErrorDetail[] = []
  const { custom: customPatch, ...fields } = patch
  const companies = await currentCompanyNames(ctx, id)
  const values = updatedContactValues(before, fields, companies, details)
  await assertReferences(ctx, patch, details)
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  const customValues = await resolveCustomValues(ctx, OBJECT, id, customPatch, before.custom)
  await updateContactRow(ctx, id, { ...values, ...(customPatch !== undefined ? { custom: JSON.stringify(customValues) } : {}) })
  const after = await findVisibleContact(ctx, id)
  if (!after) throw notFound('Contact')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditableContact(before), after: auditableContact(after) })
  if (changed) await emitEvent(ctx, 'contact.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentContact(ctx, after)
}

export async function deleteContact(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findVisibleContact(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contact')
  await deleteContactRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditableContact(before) })
  await emitEvent(ctx, 'contact.deleted', { objectType: OBJECT, objectId: id, payload: { displayName: before.displayName } })
}

/**
 * After an account is renamed: the search_text of everyone working there now holds the old name; rebuild it.
 * Called by the accounts service in the same transaction as the rename.
 */
export async function refreshContactsOfAccount(ctx: ServiceContext, accountId: string): Promise<number> {
  const ids = await contactIdsAtAccount(ctx, accountId)
  for (const id of ids) {
    const row = await findContactForSearch(ctx, id)
    if (row) await refreshContactSearchText(ctx, row)
  }
  return ids.length
}
