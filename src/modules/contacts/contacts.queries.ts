/** The only file that touches the contacts and account_contacts tables. */
import { sql, type Expression, type Insertable, type SqlBool, type Updateable } from 'kysely'
import { type CompiledSort, keysetCondition, orderTerms, sortKeySelection } from '../saved-views/index.ts'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { searchTextMatches } from '../search/search.match.ts'
import { customJsonColumn, type CustomValues, withParsedCustom } from '../custom-fields/custom-fields.values.ts'
import { type BulkColumn, insertJsonRows, updateJsonRows } from '../../platform/db/bulk.ts'
import { executePrepared } from '../../platform/db/prepared.ts'
import type { AccountContactsTable, ContactAddress, ContactEmail, ContactPhone, ContactsTable } from '../../platform/db/schema.ts'
import type { ContactMatchKeys } from '../../platform/japanese/index.ts'

export interface ContactRow {
  id: string
  tenantId: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  displayName: string
  sortKana: string
  emails: ContactEmail[]
  phones: ContactPhone[]
  addresses: ContactAddress[]
  preferredChannel: 'email' | 'phone' | 'mail' | 'none' | null
  doNotEmail: boolean
  doNotCall: boolean
  doNotMail: boolean
  birthday: string | null
  anniversary: string | null
  occupation: string | null
  department: string | null
  title: string | null
  ownerId: string | null
  ownerName: string | null
  teamId: string | null
  tags: string[]
  notes: string | null
  createdBy: string | null
  createdAt: Date
  updatedAt: Date
  primaryAccountId: string | null
  primaryAccountName: string | null
  custom: CustomValues
}

/** jsonb comes back parsed from pg and PGlite alike; a string would mean a driver change, so accept both. */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

const ADDRESS_PARTS = ['postalCode', 'prefecture', 'city', 'street', 'building', 'region', 'line1', 'line2'] as const

/**
 * Stored addresses with every part present. Rows written by older imports or by hand in SQL
 * may leave parts out, and the response schema needs each part (null when empty).
 */
function storedAddresses(value: unknown): ContactAddress[] {
  const list = parsed<Partial<ContactAddress>[] | null>(value) ?? []
  return list.map((a) => {
    const address = { type: a.type ?? 'work', country: a.country ?? 'JP', primary: a.primary ?? false } as ContactAddress
    for (const part of ADDRESS_PARTS) address[part] = a[part] ?? null
    return address
  })
}

function selectContacts(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('contacts as c')
    .leftJoin('users as owner', 'owner.id', 'c.ownerId')
    .select([
      'c.id',
      'c.tenantId',
      'c.familyName',
      'c.givenName',
      'c.familyNameKana',
      'c.givenNameKana',
      'c.displayName',
      'c.sortKana',
      // The JSON columns as text, parsed in contactRows: the CamelCasePlugin would otherwise walk every nested
      // object of every row (stored keys are camelCase already).
      sql<string>`c.emails::text`.as('emails'),
      sql<string>`c.phones::text`.as('phones'),
      sql<string>`c.addresses::text`.as('addresses'),
      'c.preferredChannel',
      'c.doNotEmail',
      'c.doNotCall',
      'c.doNotMail',
      sql<string | null>`to_char(c.birthday, 'YYYY-MM-DD')`.as('birthday'),
      sql<string | null>`to_char(c.anniversary, 'YYYY-MM-DD')`.as('anniversary'),
      'c.occupation',
      'c.department',
      'c.title',
      'c.ownerId',
      'c.teamId',
      sql<string>`to_jsonb(c.tags)::text`.as('tags'),
      'c.notes',
      'c.createdBy',
      'c.createdAt',
      'c.updatedAt',
      'owner.name as ownerName',
      customJsonColumn('c'),
    ])
    // The current primary company, if the actor may see it: in the same statement, not one more round trip.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('accountContacts as l')
          .innerJoin('accounts as a', 'a.id', 'l.accountId')
          .select(['a.id as primaryAccountId', 'a.name as primaryAccountName'])
          .whereRef('l.contactId', '=', 'c.id')
          // Constants as SQL, not parameters: a prepared statement's generic plan then costs what a custom one does.
          .where(sql<boolean>`l.is_primary`)
          .where('l.endedOn', 'is', null)
          .where(ctx.actor.role.permissions.objects.accounts?.read ? visibleRecordsCondition(ctx, 'accounts', 'a') : sql<boolean>`false`)
          .limit(sql.lit(1))
          .as('primaryLink'),
      (join) => join.onTrue(),
    )
    .select(['primaryLink.primaryAccountId', 'primaryLink.primaryAccountName'])
    .where(visibleRecordsCondition(ctx, 'contacts', 'c'))
}

type RawContact = Awaited<ReturnType<ReturnType<typeof selectContacts>['execute']>>[number]

/** The stored JSON columns parsed, in place: copying each 30-column row with rest/spread was most of a list page's mapping time. */
function contactRows(rows: RawContact[]): ContactRow[] {
  return rows.map((raw) => {
    const row = withParsedCustom(raw) as unknown as ContactRow
    row.emails = parsed<ContactEmail[]>(row.emails)
    row.phones = parsed<ContactPhone[]>(row.phones)
    row.addresses = storedAddresses(row.addresses)
    row.tags = parsed<string[]>(row.tags)
    return row
  })
}

export async function findVisibleContact(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<ContactRow | undefined> {
  let query = selectContacts(ctx).where('c.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('c')
  const row = await query.executeTakeFirst()
  return row ? contactRows([row])[0] : undefined
}

export interface ContactListFilter {
  limit: number
  q?: string
  ownerId?: string
  accountId?: string
  tag?: string
  sort: 'name' | 'kana' | '-createdAt'
  after: (string | number | null)[] | null
}

export async function listVisibleContacts(ctx: ServiceContext, filter: ContactListFilter): Promise<ContactRow[]> {
  let query = selectContacts(ctx)
  // search_text holds folded parts (names, readings, emails, phone digits, companies, tags); the query is folded alike.
  if (filter.q) query = query.where(searchTextMatches('c', filter.q))
  if (filter.ownerId) query = query.where('c.ownerId', '=', filter.ownerId)
  if (filter.tag) query = query.where(sql<boolean>`c.tags @> array[${filter.tag}]::text[]`)
  if (filter.accountId) {
    const accountId = filter.accountId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('accountContacts as l')
          .select('l.id')
          .whereRef('l.contactId', '=', 'c.id')
          .where('l.accountId', '=', accountId)
          .where('l.endedOn', 'is', null),
      ),
    )
  }
  if (filter.sort === 'name') {
    if (filter.after) query = query.where(sql`(c.display_name, c.id)`, '>', sql`(${filter.after[0]}, ${filter.after[1]}::uuid)`)
    query = query.orderBy('c.displayName').orderBy('c.id')
  } else if (filter.sort === 'kana') {
    // Byte order of hiragana is 五十音順 (あいうえお…), whatever the database's collation.
    if (filter.after) query = query.where(sql`(c.sort_kana collate "C", c.id)`, '>', sql`(${filter.after[0]} collate "C", ${filter.after[1]}::uuid)`)
    query = query.orderBy(sql`c.sort_kana collate "C"`).orderBy('c.id')
  } else {
    if (filter.after) query = query.where('c.id', '<', String(filter.after[0]))
    query = query.orderBy('c.id', 'desc')
  }
  if (!Number.isInteger(filter.limit)) throw new Error(`listVisibleContacts: not a page size: ${filter.limit}`)
  // The page size as SQL: with it as a parameter PostgreSQL prices a generic plan as if it read every row, and plans
  // again on every call (~0.5 ms, as long as running the statement). Prepared, the plan is kept: it does not depend
  // on the values (a tenant-first index in the sort's order), except for search, whose plan follows the text.
  query = query.limit(sql.lit(filter.limit + 1))
  return contactRows(filter.q ? await query.execute() : await executePrepared(ctx.tx, query))
}

/** A page of the list filter language: compiled filter, search, keyset sort (see saved-views). */
export async function queryVisibleContacts(
  ctx: ServiceContext,
  options: { where: Expression<SqlBool> | null; q?: string; sort: CompiledSort; limit: number },
): Promise<(ContactRow & { listSortKey: string | null })[]> {
  let query = selectContacts(ctx).select(sortKeySelection(options.sort, 'c'))
  if (options.q) query = query.where(searchTextMatches('c', options.q))
  if (options.where) query = query.where(options.where)
  const keyset = keysetCondition(options.sort, 'c')
  if (keyset) query = query.where(keyset)
  for (const term of orderTerms(options.sort, 'c')) query = query.orderBy(term)
  const rows = await query.limit(options.limit + 1).execute()
  const withAccounts = contactRows(rows)
  return withAccounts.map((row, index) => ({ ...row, listSortKey: rows[index]!.listSortKey }))
}

/** Ids of visible contacts matching a filter, for bulk actions (newest first, at most `limit`). */
export async function matchingContactIds(ctx: ServiceContext, options: { where: Expression<SqlBool> | null; q?: string }, limit: number): Promise<string[]> {
  let query = ctx.tx.selectFrom('contacts as c').select('c.id').where(visibleRecordsCondition(ctx, 'contacts', 'c'))
  if (options.q) query = query.where(searchTextMatches('c', options.q))
  if (options.where) query = query.where(options.where)
  return (await query.orderBy('c.id', 'desc').limit(limit).execute()).map((r) => r.id)
}

/** Values as stored: jsonb as JSON text, tags through jsonb so both drivers bind them the same way. */
export type ContactValues = Omit<Insertable<ContactsTable>, 'emails' | 'phones' | 'addresses' | 'tags'> & {
  emails?: ContactEmail[]
  phones?: ContactPhone[]
  addresses?: ContactAddress[]
  tags?: string[]
}

function stored(values: Partial<ContactValues>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values }
  for (const key of ['emails', 'phones', 'addresses'] as const) if (values[key] !== undefined) out[key] = JSON.stringify(values[key])
  if (values.tags !== undefined) out.tags = sql`array(select jsonb_array_elements_text(${JSON.stringify(values.tags)}::jsonb))`
  return out
}

export async function insertContact(ctx: ServiceContext, values: ContactValues): Promise<void> {
  await ctx.tx
    .insertInto('contacts')
    .values(stored(values) as Insertable<ContactsTable>)
    .execute()
}

export async function updateContactRow(ctx: ServiceContext, id: string, values: Partial<ContactValues>): Promise<void> {
  await ctx.tx
    .updateTable('contacts')
    .set({ ...(stored(values) as Updateable<ContactsTable>), updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteContactRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('contacts').where('id', '=', id).execute()
}

// ---- links ----

export interface LinkRow {
  id: string
  contactId: string
  contactName: string
  accountId: string
  accountName: string
  title: string | null
  role: string | null
  isPrimary: boolean
  startedOn: string | null
  endedOn: string | null
  createdAt: Date
}

/** Links whose account AND contact the actor may see. */
function selectLinks(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('accountContacts as l')
    .innerJoin('accounts as a', 'a.id', 'l.accountId')
    .innerJoin('contacts as c', 'c.id', 'l.contactId')
    .select([
      'l.id',
      'l.contactId',
      'c.displayName as contactName',
      'l.accountId',
      'a.name as accountName',
      'l.title',
      'l.role',
      'l.isPrimary',
      sql<string | null>`to_char(l.started_on, 'YYYY-MM-DD')`.as('startedOn'),
      sql<string | null>`to_char(l.ended_on, 'YYYY-MM-DD')`.as('endedOn'),
      'l.createdAt',
    ])
    .where(visibleRecordsCondition(ctx, 'accounts', 'a'))
    .where(visibleRecordsCondition(ctx, 'contacts', 'c'))
}

/** Current links first, then history, newest employment first. */
export function listLinks(ctx: ServiceContext, by: { contactId?: string; accountId?: string; includeFormer: boolean }): Promise<LinkRow[]> {
  let query = selectLinks(ctx)
  if (by.contactId) query = query.where('l.contactId', '=', by.contactId)
  if (by.accountId) query = query.where('l.accountId', '=', by.accountId)
  if (!by.includeFormer) query = query.where('l.endedOn', 'is', null)
  return query
    .orderBy(sql`l.ended_on is null`, 'desc')
    .orderBy('l.isPrimary', 'desc')
    .orderBy(sql`coalesce(l.ended_on, l.started_on)`, (ob) => ob.desc().nullsLast())
    .orderBy('l.id', 'desc')
    .limit(500)
    .execute()
}

export function findLink(ctx: ServiceContext, contactId: string, linkId: string): Promise<LinkRow | undefined> {
  return selectLinks(ctx).where('l.id', '=', linkId).where('l.contactId', '=', contactId).executeTakeFirst()
}

/** Every current link of a contact, whether or not the actor may see the account (for moves and primaries). */
export function currentLinkRows(ctx: ServiceContext, contactId: string) {
  return ctx.tx
    .selectFrom('accountContacts')
    .select(['id', 'accountId', 'isPrimary', sql<string | null>`to_char(started_on, 'YYYY-MM-DD')`.as('startedOn')])
    .where('contactId', '=', contactId)
    .where('endedOn', 'is', null)
    .execute()
}

export async function insertLink(ctx: ServiceContext, values: Insertable<AccountContactsTable>): Promise<void> {
  await ctx.tx.insertInto('accountContacts').values(values).execute()
}

export async function updateLinkRow(ctx: ServiceContext, id: string, values: Updateable<AccountContactsTable>): Promise<void> {
  await ctx.tx
    .updateTable('accountContacts')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

/** Makes every other current link of the contact non-primary (one primary company at a time). */
export async function clearPrimary(ctx: ServiceContext, contactId: string, exceptLinkId: string | null): Promise<void> {
  let query = ctx.tx
    .updateTable('accountContacts')
    .set({ isPrimary: false, updatedAt: sql<Date>`now()` })
    .where('contactId', '=', contactId)
    .where('isPrimary', '=', true)
  if (exceptLinkId) query = query.where('id', '<>', exceptLinkId)
  await query.execute()
}

export async function deleteLinkRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('accountContacts').where('id', '=', id).execute()
}

/** Names of the companies a contact works at now, for search_text. */
export async function currentCompanyNames(ctx: ServiceContext, contactId: string): Promise<string[]> {
  const rows = await ctx.tx
    .selectFrom('accountContacts as l')
    .innerJoin('accounts as a', 'a.id', 'l.accountId')
    .select('a.name')
    .where('l.contactId', '=', contactId)
    .where('l.endedOn', 'is', null)
    .orderBy('l.isPrimary', 'desc')
    .execute()
  return rows.map((r) => r.name)
}

/** An account the actor may see (links may only point at those). */
export async function visibleAccountName(ctx: ServiceContext, accountId: string): Promise<string | undefined> {
  const row = await ctx.tx
    .selectFrom('accounts as a')
    .select('a.name')
    .where('a.id', '=', accountId)
    .where(visibleRecordsCondition(ctx, 'accounts', 'a'))
    .executeTakeFirst()
  return row?.name
}

export async function memberExists(ctx: ServiceContext, userId: string): Promise<boolean> {
  const row = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', userId).executeTakeFirst()
  return row !== undefined
}

export async function teamExists(ctx: ServiceContext, teamId: string): Promise<boolean> {
  const row = await ctx.tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
  return row !== undefined
}

/** Contacts currently at an account, whatever the actor may see (derived data is kept right for everyone). */
export async function contactIdsAtAccount(ctx: ServiceContext, accountId: string): Promise<string[]> {
  const rows = await ctx.tx.selectFrom('accountContacts').select('contactId').where('accountId', '=', accountId).where('endedOn', 'is', null).execute()
  return rows.map((r) => r.contactId)
}

/** The parts of a contact that search_text is built from, without visibility rules (see contactIdsAtAccount). */
export async function findContactForSearch(ctx: ServiceContext, id: string) {
  const row = await ctx.tx
    .selectFrom('contacts')
    .select(['id', 'displayName', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'emails', 'phones', sql<string[]>`to_jsonb(tags)`.as('tags')])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return { ...row, emails: parsed<ContactEmail[]>(row.emails), phones: parsed<ContactPhone[]>(row.phones), tags: parsed<string[]>(row.tags) }
}

// ---- bulk (imports): a few statements per batch instead of several round trips per contact ----

const CONTACT_COLUMNS: readonly BulkColumn[] = [
  ['id', 'uuid'],
  ['tenantId', 'uuid'],
  ['familyName', 'text'],
  ['givenName', 'text'],
  ['familyNameKana', 'text'],
  ['givenNameKana', 'text'],
  ['displayName', 'text'],
  ['sortKana', 'text'],
  ['emails', 'jsonb'],
  ['phones', 'jsonb'],
  ['addresses', 'jsonb'],
  ['primaryEmail', 'text'],
  ['primaryPhoneDigits', 'text'],
  ['preferredChannel', 'text'],
  ['doNotEmail', 'boolean'],
  ['doNotCall', 'boolean'],
  ['doNotMail', 'boolean'],
  ['birthday', 'date'],
  ['anniversary', 'date'],
  ['occupation', 'text'],
  ['department', 'text'],
  ['title', 'text'],
  ['ownerId', 'uuid'],
  ['teamId', 'uuid'],
  ['tags', 'text[]'],
  ['notes', 'text'],
  ['searchText', 'text'],
  ['createdBy', 'uuid'],
  ['custom', 'jsonb'],
]

// New rows also carry their search grams (migration 0407) and 名寄せ keys (0408); on update the database derives
// them from the columns they are made of.
const CONTACT_INSERT_COLUMNS: readonly BulkColumn[] = [
  ...CONTACT_COLUMNS,
  ['searchGrams', 'text[]', 'text'],
  ['matchName', 'text'],
  ['matchKana', 'text'],
  ['matchEmails', 'text[]'],
  ['matchPhones', 'text[]'],
]

export async function insertContactsInBulk(ctx: ServiceContext, rows: readonly (ContactValues & { searchGrams: string } & ContactMatchKeys)[]): Promise<void> {
  await insertJsonRows(ctx.tx, 'contacts', CONTACT_INSERT_COLUMNS, rows as unknown as Record<string, unknown>[])
}

const LINK_COLUMNS: readonly BulkColumn[] = [
  ['id', 'uuid'],
  ['tenantId', 'uuid'],
  ['accountId', 'uuid'],
  ['contactId', 'uuid'],
  ['title', 'text'],
  ['isPrimary', 'boolean'],
]

export async function insertLinksInBulk(ctx: ServiceContext, rows: readonly Insertable<AccountContactsTable>[]): Promise<void> {
  await insertJsonRows(ctx.tx, 'account_contacts', LINK_COLUMNS, rows as unknown as Record<string, unknown>[])
}

/** Which of these user ids are members of the tenant (memberExists for many). */
export async function existingMemberIds(ctx: ServiceContext, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const rows = await ctx.tx.selectFrom('memberships').select('userId').where('userId', 'in', [...userIds]).execute()
  return new Set(rows.map((r) => r.userId))
}

/** Which of these team ids exist in the tenant (teamExists for many). */
export async function existingTeamIds(ctx: ServiceContext, teamIds: readonly string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set()
  const rows = await ctx.tx.selectFrom('teams').select('id').where('id', 'in', [...teamIds]).execute()
  return new Set(rows.map((r) => r.id))
}

/** Names of the accounts the actor may see, by id (visibleAccountName for many). */
export async function visibleAccountNames(ctx: ServiceContext, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map()
  const rows = await ctx.tx
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name'])
    .where('a.id', 'in', [...accountIds])
    .where(visibleRecordsCondition(ctx, 'accounts', 'a'))
    .execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** Visible contacts by id, locked for update (findVisibleContact for many). */
export async function findVisibleContactsForUpdate(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, ContactRow>> {
  if (ids.length === 0) return new Map()
  const rows = await selectContacts(ctx).where('c.id', 'in', [...ids]).forUpdate('c').execute()
  return new Map(contactRows(rows).map((row) => [row.id, row]))
}

/** Visible contacts by id, as findVisibleContact reads them (after a bulk update). */
export async function findVisibleContacts(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, ContactRow>> {
  if (ids.length === 0) return new Map()
  const rows = await selectContacts(ctx).where('c.id', 'in', [...ids]).execute()
  return new Map(contactRows(rows).map((row) => [row.id, row]))
}

/** currentCompanyNames for many contacts: primary company first. */
export async function currentCompanyNamesOf(ctx: ServiceContext, contactIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(contactIds.map((id) => [id, []]))
  if (contactIds.length === 0) return out
  const rows = await ctx.tx
    .selectFrom('accountContacts as l')
    .innerJoin('accounts as a', 'a.id', 'l.accountId')
    .select(['l.contactId', 'a.name'])
    .where('l.contactId', 'in', [...contactIds])
    .where('l.endedOn', 'is', null)
    .orderBy('l.contactId')
    .orderBy('l.isPrimary', 'desc')
    .execute()
  for (const row of rows) out.get(row.contactId)?.push(row.name)
  return out
}

/** Writes many contacts' updated columns in one UPDATE … FROM jsonb_to_recordset (rows hold every column). */
export async function updateContactsInBulkRows(ctx: ServiceContext, rows: readonly ContactValues[]): Promise<void> {
  if (rows.length === 0) return
  // Imports do not carry custom values: an update must leave them as they are.
  const columns = CONTACT_COLUMNS.filter(([key]) => key !== 'tenantId' && key !== 'createdBy' && key !== 'custom')
  await updateJsonRows(ctx.tx, 'contacts', columns, rows as unknown as Record<string, unknown>[])
}
