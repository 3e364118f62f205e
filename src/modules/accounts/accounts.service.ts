/**
 * Accounts (取引先): the rules for reading and changing companies. No HTTP here.
 * Every write checks the role, validates references, audits and emits an event in one transaction.
 */
import { assertWritableFields, authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { buildSearchText } from '../../platform/japanese/index.ts'
import { refreshContactsOfAccount } from '../contacts/contacts.service.ts'
import { placeAccounts, splitPrefecture } from '../territories/index.ts'
import { mergedInto } from '../duplicates/duplicates.resolve.ts'
import { presentAccount } from './accounts.presenter.ts'
import { assertKnownListParameters, customCursor, parseCustomListOptions, resolveCustomValues } from '../custom-fields/custom-fields.values.ts'
import {
  type AccountRow,
  deleteAccountRow,
  findVisibleAccount,
  insertAccount,
  listVisibleAccounts,
  memberExists,
  teamExists,
  updateAccountRow,
} from './accounts.queries.ts'
import type { Account, AccountInput, AccountListQuery, AccountPatch } from './accounts.schema.ts'

const OBJECT = 'accounts'

function auditable(row: AccountRow): Record<string, unknown> {
  const { ownerName: _ownerName, territoryName: _territoryName, tenantId: _tenantId, ...fields } = row
  return fields
}

async function assertReferences(ctx: ServiceContext, input: AccountPatch): Promise<void> {
  const details = []
  if (input.ownerId && !(await memberExists(ctx, input.ownerId))) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  if (input.teamId && !(await teamExists(ctx, input.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

/**
 * The address columns of an input: 〒 written 123-4567, and a prefecture at the start of the address moved
 * into `prefecture` (territories match on it). Fields left out stay out, so a patch changes only what it names.
 */
export function addressValues(input: Pick<AccountPatch, 'postalCode' | 'prefecture' | 'address'>) {
  const values: { postalCode?: string | null; prefecture?: string | null; address?: string | null } = {}
  if (input.postalCode !== undefined) {
    const digits = input.postalCode === null ? '' : input.postalCode.normalize('NFKC').replace(/\D/g, '')
    values.postalCode = digits === '' ? null : `${digits.slice(0, 3)}-${digits.slice(3)}`
  }
  if (input.prefecture !== undefined) values.prefecture = input.prefecture
  if (input.address !== undefined) {
    const split = splitPrefecture(input.address)
    values.address = split.prefecture && (input.prefecture == null || input.prefecture === split.prefecture) ? split.rest : (input.address ?? null)
    if (split.prefecture && input.prefecture === undefined) values.prefecture = split.prefecture
  }
  return values
}

/** What the search box and `?q=` match on (the migration's SQL fallback uses the same four fields). */
function accountSearchText(fields: Pick<AccountPatch, 'name' | 'nameKana' | 'phone' | 'email'>): string {
  return buildSearchText([fields.name, fields.nameKana, fields.phone, fields.email])
}

export async function listAccounts(ctx: ServiceContext, query: AccountListQuery): Promise<Page<Account>> {
  authorize(ctx, OBJECT, 'read')
  assertKnownListParameters(query, ['limit', 'cursor', 'q', 'sort', 'ownerId'])
  const custom = await parseCustomListOptions(ctx, OBJECT, query, query.sort)
  const after = decodeCursor(query.cursor, query.sort === 'name' || custom.sort ? 2 : 1)
  const rows = await listVisibleAccounts(ctx, { limit: query.limit, q: query.q, ownerId: query.ownerId, sort: query.sort, after, custom })
  const page = toPage(rows, query.limit, (row) => (custom.sort ? customCursor(row, custom.sort.key) : query.sort === 'name' ? [row.name, row.id] : [row.id]))
  return { data: page.data.map((row) => presentAccount(ctx, row)), nextCursor: page.nextCursor }
}

export async function getAccount(ctx: ServiceContext, id: string): Promise<Account> {
  authorize(ctx, OBJECT, 'read')
  let row = await findVisibleAccount(ctx, id)
  // A merged-away id (名寄せ) answers with the record it was merged into.
  if (!row) {
    const survivor = await mergedInto(ctx.tx, 'accounts', id)
    if (survivor) row = await findVisibleAccount(ctx, survivor)
  }
  if (!row) throw notFound('Account')
  return presentAccount(ctx, row)
}

/** A new account's stored columns (custom values apart): shared by createAccount and createAccountsInBulk. */
export function newAccountValues(ctx: ServiceContext, id: string, input: AccountInput) {
  return {
    id,
    tenantId: ctx.actor.tenantId,
    name: input.name,
    nameKana: input.nameKana ?? null,
    industry: input.industry ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    website: input.website ?? null,
    annualRevenue: input.annualRevenue ?? null,
    employeeCount: input.employeeCount ?? null,
    notes: input.notes ?? null,
    // A new account belongs to its creator unless another owner is named.
    ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
    teamId: input.teamId === undefined ? ctx.actor.teamId : input.teamId,
    createdBy: ctx.actor.userId,
    searchText: accountSearchText(input),
    postalCode: null,
    prefecture: null,
    address: null,
    ...addressValues(input),
  }
}

/** Checks a new account's rights, writable fields and references, as createAccount does before writing. */
export async function checkNewAccount(ctx: ServiceContext, input: AccountInput): Promise<void> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { ...input, name: undefined })
  await assertReferences(ctx, input)
}

export async function createAccount(ctx: ServiceContext, input: AccountInput): Promise<Account> {
  await checkNewAccount(ctx, input)
  const id = newId()
  const customValues = await resolveCustomValues(ctx, OBJECT, id, input.custom, null)
  await insertAccount(ctx, { ...newAccountValues(ctx, id, input), custom: JSON.stringify(customValues) })
  await placeAccounts(ctx.tx, [id])
  const created = await findVisibleAccount(ctx, id)
  if (!created) throw notFound('Account')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'account.created', { objectType: OBJECT, objectId: id, payload: { name: created.name } })
  return presentAccount(ctx, created)
}

export async function updateAccount(ctx: ServiceContext, id: string, patch: AccountPatch): Promise<Account> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, patch)
  const before = await findVisibleAccount(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Account')
  await assertReferences(ctx, patch)
  const { custom: customPatch, postalCode: _p, prefecture: _f, address: _a, ...fields } = patch
  const customValues = await resolveCustomValues(ctx, OBJECT, id, customPatch, before.custom)
  const searched = { name: patch.name ?? before.name, nameKana: patch.nameKana === undefined ? before.nameKana : patch.nameKana, phone: patch.phone === undefined ? before.phone : patch.phone, email: patch.email === undefined ? before.email : patch.email }
  await updateAccountRow(ctx, id, { ...fields, ...addressValues(patch), searchText: accountSearchText(searched), ...(customPatch !== undefined ? { custom: JSON.stringify(customValues) } : {}) })
  // A new prefecture or industry may move the account to another territory.
  if (patch.prefecture !== undefined || patch.address !== undefined || patch.industry !== undefined) await placeAccounts(ctx.tx, [id])
  const after = await findVisibleAccount(ctx, id)
  if (!after) throw notFound('Account')
  // People working there are found by the company's name: keep their search text in step.
  if (after.name !== before.name) await refreshContactsOfAccount(ctx, id)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'account.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentAccount(ctx, after)
}

export async function deleteAccount(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findVisibleAccount(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Account')
  await deleteAccountRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'account.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
}
