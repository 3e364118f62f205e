/**
 * New contacts in bulk, for imports: each contact is checked exactly as createContact checks it (the same
 * newContactValues, field rules and reference checks), but a batch is written with a handful of statements —
 * contacts, company links, audit rows and outbox events each in one INSERT — instead of ~9 round trips a contact.
 * The caller's transaction holds the batch; nothing here commits.
 */
import { assertWritableFields, authorize } from '../../platform/access/policy.ts'
import { diffRecords, recordAuditInBulk } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, type ErrorDetail, invalid, notFound } from '../../platform/errors.ts'
import { emitEventsInBulk } from '../../platform/events/outbox.ts'
import { textArrayLiteral } from '../../platform/db/bulk.ts'
import { newId } from '../../platform/ids.ts'
import { type ContactMatchKeys, contactMatchKeys, searchTextGrams } from '../../platform/japanese/index.ts'
import { contactSearchText, type SearchableContact } from './contacts.profile.ts'
import {
  type ContactRow,
  type ContactValues,
  currentCompanyNamesOf,
  existingMemberIds,
  existingTeamIds,
  findVisibleContacts,
  findVisibleContactsForUpdate,
  insertContactsInBulk,
  insertLinksInBulk,
  updateContactsInBulkRows,
  visibleAccountNames,
} from './contacts.queries.ts'
import type { ContactInput, ContactPatch } from './contacts.schema.ts'
import { resolveCustomValues, type CustomValues } from '../custom-fields/custom-fields.values.ts'
import { auditableContact, newContactValues, updatedContactValues } from './contacts.service.ts'

const OBJECT = 'contacts'

export interface PreparedContact {
  id: string
  values: ContactValues
  accountId: string | null
  /** Owner / team named in the input (checked against the tenant at write time, like assertReferences). */
  ownerToCheck: string | null
  teamToCheck: string | null
  /** The company name the search text was built with (the account's name is checked against it at write time). */
  searchCompany: string | null
  /** The search index's grams of values.searchText as an array literal, sent with the row (migration 0407). */
  searchGrams: string
  /** The stored 名寄せ keys, sent with the row (migration 0408); a null one is computed by the database. */
  matchKeys: ContactMatchKeys
}

/**
 * Checks one new contact without writing: rights, writable fields and the profile rules. Throws the AppError
 * createContact would throw for the same input; the reference checks (owner, team, account) follow in bulk.
 */
export function prepareNewContact(ctx: ServiceContext, input: ContactInput, expectedCompany: string | null = null): PreparedContact {
  authorize(ctx, OBJECT, 'create')
  const { accountId, ...fields } = input
  assertWritableFields(ctx, OBJECT, { ...fields, familyName: undefined, givenName: undefined, displayName: undefined })
  const details: ErrorDetail[] = []
  const id = newId()
  // The search text holds the company's name: built now with the name the caller expects the account to have,
  // and again at write time only if the account turns out to be named otherwise (it is the costliest part).
  const values = newContactValues(ctx, id, fields, expectedCompany, details)
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  return {
    id,
    values,
    accountId: accountId ?? null,
    ownerToCheck: fields.ownerId ?? null,
    teamToCheck: fields.teamId ?? null,
    searchCompany: expectedCompany,
    // Computed here, while the previous batch is being written, rather than by the database in the INSERT.
    searchGrams: textArrayLiteral(searchTextGrams(values.searchText)),
    matchKeys: contactMatchKeys(values),
  }
}

/** What the audit trail holds for a new contact: the same fields as auditableContact of the stored row. */
function auditableNewContact(values: ContactValues, custom: CustomValues, accountId: string | null): Record<string, unknown> {
  const { tenantId: _t, sortKana: _s, primaryEmail: _e, primaryPhoneDigits: _p, searchText: _x, ...fields } = values
  return { ...fields, custom, ...(accountId ? { accountId } : {}) }
}

/**
 * Writes prepared contacts. Returns, per item, null when it was written or the AppError that refused it (an owner,
 * team or account that does not exist or is not visible), so the caller can report that row and go on.
 */
export async function createContactsInBulk(ctx: ServiceContext, items: readonly PreparedContact[]): Promise<(AppError | null)[]> {
  if (items.length === 0) return []
  authorize(ctx, OBJECT, 'create')
  const unique = (list: (string | null)[]) => [...new Set(list.filter((v): v is string => v !== null))]
  const accountIds = unique(items.map((i) => i.accountId))
  // createContact refuses a company link when the role may not read accounts: the same refusal, row by row.
  let accountsRefusal: AppError | null = null
  try {
    if (accountIds.length > 0) authorize(ctx, 'accounts', 'read')
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    accountsRefusal = error
  }
  const [members, teams, accountNames] = [
    await existingMemberIds(ctx, unique(items.map((i) => i.ownerToCheck))),
    await existingTeamIds(ctx, unique(items.map((i) => i.teamToCheck))),
    !accountsRefusal ? await visibleAccountNames(ctx, accountIds) : new Map<string, string>(),
  ]
  // An imported contact gets the custom fields' defaults, as createContact gives them; a required field without
  // a default refuses every row, as createContact would.
  let custom: CustomValues | AppError
  try {
    custom = await resolveCustomValues(ctx, OBJECT, newId(), undefined, null)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    custom = error
  }
  const results: (AppError | null)[] = []
  const written: PreparedContact[] = []
  for (const item of items) {
    if (custom instanceof AppError) {
      results.push(custom)
      continue
    }
    const details: ErrorDetail[] = []
    if (item.ownerToCheck && !members.has(item.ownerToCheck)) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
    if (item.teamToCheck && !teams.has(item.teamToCheck)) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
    if (item.accountId && accountsRefusal) {
      results.push(accountsRefusal)
      continue
    }
    const accountName = item.accountId ? accountNames.get(item.accountId) : undefined
    if (item.accountId && !accountName) details.push({ path: 'accountId', message: 'No such account.' })
    if (details.length > 0) {
      results.push(invalid('Some fields are not valid.', details))
      continue
    }
    // As derived() does in the service: the contact is found by its company's name too.
    if ((accountName ?? null) !== item.searchCompany) {
      item.values.searchText = contactSearchText(item.values as SearchableContact, accountName ? [accountName] : [])
      item.searchGrams = textArrayLiteral(searchTextGrams(item.values.searchText))
    }
    written.push(item)
    results.push(null)
  }
  const customValues = custom instanceof AppError ? {} : custom
  // The contacts INSERT is most of a batch's database time (their indexes): it is sent first, and the links, audit
  // rows and events are built while the database works on it. Statements on ctx.tx run one at a time in the order
  // they were sent, so the links still follow their contacts.
  const contactsInserted = insertContactsInBulk(
    ctx,
    written.map((i) => ({ ...i.values, custom: customValues as unknown as string, searchGrams: i.searchGrams, ...i.matchKeys })),
  )
  // One turn of the event loop puts the INSERT on the connection before the rest is built.
  await new Promise<void>((resolve) => setImmediate(resolve))
  const linksInserted = insertLinksInBulk(
    ctx,
    written
      .filter((i) => i.accountId)
      .map((i) => ({ id: newId(), tenantId: ctx.actor.tenantId, accountId: i.accountId!, contactId: i.id, title: i.values.title ?? null, isPrimary: true })),
  )
  const audited = recordAuditInBulk(
    ctx,
    written.map((i) => ({ objectType: OBJECT, objectId: i.id, action: 'create', after: auditableNewContact(i.values, customValues, i.accountId) })),
  )
  const announced = emitEventsInBulk(
    ctx,
    written.map((i) => ({ type: 'contact.created', objectType: OBJECT, objectId: i.id, payload: { displayName: i.values.displayName, accountId: i.accountId } })),
  )
  // Every statement is done before this returns, also when one fails (the caller rolls the connection back next).
  const settled = await Promise.allSettled([contactsInserted, linksInserted, audited, announced])
  const failed = settled.find((outcome) => outcome.status === 'rejected')
  if (failed) throw failed.reason
  return results
}

/**
 * Updates many contacts as updateContact would, one statement per step: lock and read them, apply each patch
 * with updatedContactValues, check references, write, read back, audit what changed and announce it. Returns,
 * per item, null (written) or the AppError that refused it. Each id at most once per call.
 */
export async function updateContactsInBulk(ctx: ServiceContext, items: readonly { id: string; patch: ContactPatch }[]): Promise<(AppError | null)[]> {
  if (items.length === 0) return []
  authorize(ctx, OBJECT, 'update')
  const ids = items.map((i) => i.id)
  const befores = await findVisibleContactsForUpdate(ctx, ids)
  const companies = await currentCompanyNamesOf(ctx, ids)
  const unique = (list: (string | null | undefined)[]) => [...new Set(list.filter((v): v is string => !!v))]
  const members = await existingMemberIds(ctx, unique(items.map((i) => i.patch.ownerId)))
  const teams = await existingTeamIds(ctx, unique(items.map((i) => i.patch.teamId)))
  const results: (AppError | null)[] = []
  const written: { id: string; patch: ContactPatch; before: ContactRow; values: ContactValues }[] = []
  for (const { id, patch } of items) {
    try {
      assertWritableFields(ctx, OBJECT, patch)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      results.push(error)
      continue
    }
    const before = befores.get(id)
    if (!before) {
      results.push(notFound('Contact'))
      continue
    }
    const details: ErrorDetail[] = []
    const changed = updatedContactValues(before, patch, companies.get(id) ?? [], details)
    if (patch.ownerId && !members.has(patch.ownerId)) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
    if (patch.teamId && !teams.has(patch.teamId)) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
    if (details.length > 0) {
      results.push(invalid('Some fields are not valid.', details))
      continue
    }
    // Every column, the unchanged ones as they were: one statement for the whole batch.
    const { ownerName: _o, primaryAccountId: _a, primaryAccountName: _n, createdAt: _c, updatedAt: _u, ...stored } = before
    written.push({ id, patch, before, values: { ...stored, primaryEmail: null, primaryPhoneDigits: null, searchText: '', ...changed } as ContactValues })
    results.push(null)
  }
  await updateContactsInBulkRows(
    ctx,
    written.map((w) => w.values),
  )
  // Read back as updateContact does, so the audit trail compares stored values with stored values.
  const afters = await findVisibleContacts(
    ctx,
    written.map((w) => w.id),
  )
  const entries = written.map((w) => ({ w, before: auditableContact(w.before), after: auditableContact(afters.get(w.id)!) }))
  await recordAuditInBulk(
    ctx,
    entries.map((e) => ({ objectType: OBJECT, objectId: e.w.id, action: 'update', before: e.before, after: e.after })),
  )
  await emitEventsInBulk(
    ctx,
    entries
      .filter((e) => Object.keys(diffRecords(e.before, e.after)).length > 0)
      .map((e) => ({ type: 'contact.updated', objectType: OBJECT, objectId: e.w.id, payload: { fields: Object.keys(e.w.patch) } })),
  )
  return results
}
