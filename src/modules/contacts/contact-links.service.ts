/**
 * Contacts ↔ accounts (employment). Ending a link keeps it as employment history; moving a contact to a new
 * company (名刺 with a new company) ends the current link and starts the new one in the same transaction.
 * Link changes are audited on the contact (field `companies`) and announced as contact.companies_changed.
 */
import { assertWritableFields, authorize, fieldRules } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, type ErrorDetail, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { presentLink } from './contacts.presenter.ts'
import {
  clearPrimary,
  type ContactRow,
  currentLinkRows,
  deleteLinkRow,
  findLink,
  findVisibleContact,
  insertLink,
  type LinkRow,
  listLinks,
  updateContactRow,
  updateLinkRow,
  visibleAccountName,
} from './contacts.queries.ts'
import type { ContactAccountLink, LinkCreate, LinkPatch, MoveContact } from './contacts.schema.ts'
import { refreshContactSearchText } from './contacts.service.ts'

const OBJECT = 'contacts'

function today(): string {
  return new Date().toISOString().slice(0, 10)
}

function present(ctx: ServiceContext, row: LinkRow): ContactAccountLink {
  const link = presentLink(row)
  // The contact's name is a field a role may hide.
  if (fieldRules(ctx, OBJECT).displayName === 'hidden') delete link.contactName
  return link
}

/** The companies as the audit trail records them: every link of the contact, ordered. */
async function companiesSnapshot(ctx: ServiceContext, contactId: string) {
  const rows = await ctx.tx
    .selectFrom('accountContacts')
    .select(['id', 'accountId', 'title', 'role', 'isPrimary', 'startedOn', 'endedOn'])
    .where('contactId', '=', contactId)
    .orderBy('id')
    .execute()
  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d === null ? null : String(d).slice(0, 10))
  return rows.map((r) => ({ ...r, startedOn: day(r.startedOn), endedOn: day(r.endedOn) }))
}

/** Loads the contact for a link change: contacts update right, accounts read right, contact visible. */
async function contactForChange(ctx: ServiceContext, contactId: string): Promise<ContactRow> {
  authorize(ctx, OBJECT, 'update')
  authorize(ctx, 'accounts', 'read')
  const contact = await findVisibleContact(ctx, contactId, { forUpdate: true })
  if (!contact) throw notFound('Contact')
  return contact
}

async function finish(ctx: ServiceContext, contact: ContactRow, before: unknown, action: string): Promise<void> {
  await refreshContactSearchText(ctx, contact)
  const after = await companiesSnapshot(ctx, contact.id)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: contact.id, action: 'update', before: { companies: before }, after: { companies: after } })
  if (changed) await emitEvent(ctx, 'contact.companies_changed', { objectType: OBJECT, objectId: contact.id, payload: { action } })
}

function checkDates(startedOn: string | null | undefined, endedOn: string | null | undefined, details: ErrorDetail[]): void {
  if (startedOn && endedOn && endedOn < startedOn) details.push({ path: 'endedOn', message: 'The end date is before the start date.' })
}

export async function listContactAccounts(ctx: ServiceContext, contactId: string): Promise<ContactAccountLink[]> {
  authorize(ctx, OBJECT, 'read')
  authorize(ctx, 'accounts', 'read')
  if (!(await findVisibleContact(ctx, contactId))) throw notFound('Contact')
  return listCompaniesOfVisibleContact(ctx, contactId)
}

/** listContactAccounts for a contact the caller has already found visible (the 360° page), without reading it again. */
export async function listCompaniesOfVisibleContact(ctx: ServiceContext, contactId: string): Promise<ContactAccountLink[]> {
  authorize(ctx, OBJECT, 'read')
  authorize(ctx, 'accounts', 'read')
  return (await listLinks(ctx, { contactId, includeFormer: true })).map((row) => present(ctx, row))
}

export async function listAccountContacts(ctx: ServiceContext, accountId: string, options: { includeFormer: boolean }): Promise<ContactAccountLink[]> {
  authorize(ctx, 'accounts', 'read')
  authorize(ctx, OBJECT, 'read')
  if ((await visibleAccountName(ctx, accountId)) === undefined) throw notFound('Account')
  return listPeopleOfVisibleAccount(ctx, accountId, options)
}

/** listAccountContacts for an account the caller has already found visible (the 360° page), without looking at it again. */
export async function listPeopleOfVisibleAccount(ctx: ServiceContext, accountId: string, options: { includeFormer: boolean }): Promise<ContactAccountLink[]> {
  authorize(ctx, 'accounts', 'read')
  authorize(ctx, OBJECT, 'read')
  return (await listLinks(ctx, { accountId, includeFormer: options.includeFormer })).map((row) => present(ctx, row))
}

export async function linkContactToAccount(ctx: ServiceContext, contactId: string, input: LinkCreate): Promise<ContactAccountLink> {
  const contact = await contactForChange(ctx, contactId)
  const details: ErrorDetail[] = []
  if ((await visibleAccountName(ctx, input.accountId)) === undefined) details.push({ path: 'accountId', message: 'No such account.' })
  checkDates(input.startedOn, input.endedOn, details)
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  const before = await companiesSnapshot(ctx, contactId)
  const current = input.endedOn ? [] : await currentLinkRows(ctx, contactId)
  if (current.some((l) => l.accountId === input.accountId)) throw conflict('The contact already works at this account.', [{ path: 'accountId', message: 'Already linked.' }])
  // The first current company is the primary one unless said otherwise; past employment is never primary.
  const isPrimary = input.endedOn ? false : (input.isPrimary ?? current.length === 0)
  if (isPrimary) await clearPrimary(ctx, contactId, null)
  const id = newId()
  try {
    await insertLink(ctx, {
      id,
      tenantId: ctx.actor.tenantId,
      accountId: input.accountId,
      contactId,
      title: input.title ?? null,
      role: input.role ?? null,
      isPrimary,
      startedOn: input.startedOn ?? null,
      endedOn: input.endedOn ?? null,
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('The contact already works at this account.')
    throw error
  }
  await finish(ctx, contact, before, 'linked')
  const link = await findLink(ctx, contactId, id)
  if (!link) throw notFound('Link')
  return present(ctx, link)
}

export async function updateContactAccount(ctx: ServiceContext, contactId: string, linkId: string, patch: LinkPatch): Promise<ContactAccountLink> {
  const contact = await contactForChange(ctx, contactId)
  const link = await findLink(ctx, contactId, linkId)
  if (!link) throw notFound('Link')
  const details: ErrorDetail[] = []
  const startedOn = patch.startedOn !== undefined ? patch.startedOn : link.startedOn
  const endedOn = patch.endedOn !== undefined ? patch.endedOn : link.endedOn
  checkDates(startedOn, endedOn, details)
  if (patch.isPrimary && endedOn) details.push({ path: 'isPrimary', message: 'A past company cannot be the primary one.' })
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  const before = await companiesSnapshot(ctx, contactId)
  if (patch.isPrimary) await clearPrimary(ctx, contactId, linkId)
  // Ending a link makes it history; it cannot stay primary.
  const isPrimary = endedOn ? false : (patch.isPrimary ?? link.isPrimary)
  try {
    await updateLinkRow(ctx, linkId, { ...patch, isPrimary })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('The contact already works at this account.')
    throw error
  }
  await finish(ctx, contact, before, endedOn && !link.endedOn ? 'ended' : 'updated')
  const after = await findLink(ctx, contactId, linkId)
  if (!after) throw notFound('Link')
  return present(ctx, after)
}

/** Removes a link entered by mistake (history is kept by ending a link, not by deleting it). */
export async function deleteContactAccount(ctx: ServiceContext, contactId: string, linkId: string): Promise<void> {
  const contact = await contactForChange(ctx, contactId)
  const link = await findLink(ctx, contactId, linkId)
  if (!link) throw notFound('Link')
  const before = await companiesSnapshot(ctx, contactId)
  await deleteLinkRow(ctx, linkId)
  await finish(ctx, contact, before, 'unlinked')
}

/**
 * Job change (転職 / 名刺 update): ends the current link(s) — or only the one at `fromAccountId` — on the start
 * date, starts a primary link at the new company, and updates the contact's title and department, atomically.
 */
export async function moveContact(ctx: ServiceContext, contactId: string, input: MoveContact): Promise<ContactAccountLink[]> {
  const contact = await contactForChange(ctx, contactId)
  assertWritableFields(ctx, OBJECT, { title: input.title, department: input.department })
  const details: ErrorDetail[] = []
  if ((await visibleAccountName(ctx, input.accountId)) === undefined) details.push({ path: 'accountId', message: 'No such account.' })
  const current = await currentLinkRows(ctx, contactId)
  if (input.fromAccountId && !current.some((l) => l.accountId === input.fromAccountId)) {
    details.push({ path: 'fromAccountId', message: 'The contact does not work at this account now.' })
  }
  if (input.fromAccountId === input.accountId || (!input.fromAccountId && current.length === 1 && current[0]!.accountId === input.accountId)) {
    details.push({ path: 'accountId', message: 'The contact already works here.' })
  }
  const day = input.startedOn ?? today()
  const ending = current.filter((l) => (input.fromAccountId ? l.accountId === input.fromAccountId : l.accountId !== input.accountId))
  // The old link ends on the day the new one starts, which cannot be before the old one began.
  if (ending.some((l) => l.startedOn !== null && l.startedOn > day)) {
    details.push({ path: 'startedOn', message: 'The new company cannot start before the current one began.' })
  }
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  const before = await companiesSnapshot(ctx, contactId)
  const beforeContact = { title: contact.title, department: contact.department }
  for (const link of ending) await updateLinkRow(ctx, link.id, { endedOn: day, isPrimary: false })
  await clearPrimary(ctx, contactId, null)
  const stillThere = current.find((l) => l.accountId === input.accountId && !ending.includes(l))
  if (stillThere) {
    await updateLinkRow(ctx, stillThere.id, { isPrimary: true, ...(input.title !== undefined ? { title: input.title } : {}), ...(input.role !== undefined ? { role: input.role } : {}) })
  } else {
    await insertLink(ctx, {
      id: newId(),
      tenantId: ctx.actor.tenantId,
      accountId: input.accountId,
      contactId,
      title: input.title ?? null,
      role: input.role ?? null,
      isPrimary: true,
      startedOn: day,
    })
  }
  const profile: { title?: string | null; department?: string | null } = {}
  if (input.title !== undefined) profile.title = input.title
  if (input.department !== undefined) profile.department = input.department
  if (Object.keys(profile).length > 0) {
    await updateContactRow(ctx, contactId, profile)
    await recordAudit(ctx, { objectType: OBJECT, objectId: contactId, action: 'update', before: beforeContact, after: { ...beforeContact, ...profile } })
  }
  await finish(ctx, contact, before, 'moved')
  return (await listLinks(ctx, { contactId, includeFormer: true })).map((row) => present(ctx, row))
}
