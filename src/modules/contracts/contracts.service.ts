/**
 * Contracts (契約): reading and changing contracts, their status transitions (every one kept
 * in the status history) and renewal into a new period.
 */
import { assertWritableFields, authorize, withoutHiddenFields } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import {
  type ContractRow,
  deleteContractRow,
  findVisibleContract,
  insertContract,
  insertStatusChange,
  listStatusChanges,
  listVisibleContracts,
  nextPeriod,
  updateContractRow,
} from './contracts.queries.ts'
import {
  type Contract,
  type ContractInput,
  type ContractListQuery,
  type ContractPatch,
  type ContractRenewal,
  type ContractStatus,
  type ContractStatusChange,
  type ContractStatusChangeRequest,
  IN_FORCE,
} from './contracts.schema.ts'

const OBJECT = 'contracts'

export function presentContract(ctx: Pick<ServiceContext, 'actor'>, row: ContractRow): Contract {
  const visible = withoutHiddenFields(ctx, OBJECT, {
    number: row.number,
    title: row.title,
    accountId: row.accountId,
    dealId: row.dealId,
    salesDocumentId: row.salesDocumentId,
    terms: row.terms,
    startDate: row.startDate,
    endDate: row.endDate,
    renewalDate: row.renewalDate,
    noticeDays: row.noticeDays,
    value: row.value === null ? null : Number(row.value),
    currency: row.currency,
    billingCycle: row.billingCycle,
    autoRenew: row.autoRenew,
    renewalTermMonths: row.renewalTermMonths,
    ownerId: row.ownerId,
    teamId: row.teamId,
  })
  return {
    id: row.id,
    ...visible,
    ...(visible.accountId !== undefined ? { accountName: row.accountName } : {}),
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(row: ContractRow): Record<string, unknown> {
  const { accountName: _a, ownerName: _o, tenantId: _t, ...fields } = row
  return fields
}

/** Today's date in Japan (contract dates are calendar days). */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

async function assertReferences(ctx: ServiceContext, input: ContractPatch): Promise<void> {
  const details = []
  const exists = async (table: 'accounts' | 'deals' | 'salesDocuments' | 'teams', id: string) =>
    Boolean(await ctx.tx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())
  if (input.accountId && !(await exists('accounts', input.accountId))) details.push({ path: 'accountId', message: 'No such account in this tenant.' })
  if (input.dealId && !(await exists('deals', input.dealId))) details.push({ path: 'dealId', message: 'No such deal in this tenant.' })
  if (input.salesDocumentId && !(await exists('salesDocuments', input.salesDocumentId))) {
    details.push({ path: 'salesDocumentId', message: 'No such sales document in this tenant.' })
  }
  if (input.teamId && !(await exists('teams', input.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  if (input.ownerId && !(await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', input.ownerId).executeTakeFirst())) {
    details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  }
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

async function assertNumberFree(ctx: ServiceContext, number: string | null | undefined, id: string | null): Promise<void> {
  if (!number) return
  let query = ctx.tx.selectFrom('contracts').select('id').where('number', '=', number)
  if (id) query = query.where('id', '!=', id)
  if (await query.executeTakeFirst()) throw conflict('Another contract already has this number.')
}

/** Changes the status and keeps the change in the history (user: null for the daily job). */
export async function recordStatusChange(
  tx: Tx,
  row: { id: string; tenantId: string; status: ContractStatus },
  to: ContractStatus,
  changedBy: string | null,
  note: string | null,
): Promise<void> {
  await updateContractRow(tx, row.id, { status: to })
  await insertStatusChange(tx, { id: newId(), tenantId: row.tenantId, contractId: row.id, fromStatus: row.status, toStatus: to, note, changedBy })
}

export async function listContracts(ctx: ServiceContext, query: ContractListQuery): Promise<Page<Contract>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, query.sort === 'endDate' ? 2 : 1)
  const today = todayInJapan()
  const rows = await listVisibleContracts(ctx, {
    ...query,
    after,
    endingBetween: query.expiringWithinDays === undefined ? undefined : [today, addDays(today, query.expiringWithinDays)],
  })
  const page = toPage(rows, query.limit, (row) => (query.sort === 'endDate' ? [row.endDate, row.id] : [row.id]))
  return { data: page.data.map((row) => presentContract(ctx, row)), nextCursor: page.nextCursor }
}

export async function getContract(ctx: ServiceContext, id: string): Promise<Contract> {
  authorize(ctx, OBJECT, 'read')
  const row = await findVisibleContract(ctx, id)
  if (!row) throw notFound('Contract')
  return presentContract(ctx, row)
}

export async function createContract(ctx: ServiceContext, input: ContractInput): Promise<Contract> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { ...input, title: undefined, accountId: undefined, startDate: undefined, endDate: undefined, status: undefined })
  await assertReferences(ctx, input)
  await assertNumberFree(ctx, input.number, null)
  const id = newId()
  const status = input.status ?? 'draft'
  await insertContract(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    number: input.number ?? null,
    title: input.title,
    accountId: input.accountId,
    dealId: input.dealId ?? null,
    salesDocumentId: input.salesDocumentId ?? null,
    terms: input.terms ?? null,
    startDate: input.startDate,
    endDate: input.endDate,
    renewalDate: input.renewalDate ?? null,
    noticeDays: input.noticeDays ?? 30,
    value: input.value ?? null,
    currency: input.currency ?? 'JPY',
    billingCycle: input.billingCycle ?? 'one_off',
    autoRenew: input.autoRenew ?? false,
    renewalTermMonths: input.renewalTermMonths ?? 12,
    status,
    ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
    teamId: input.teamId === undefined ? ctx.actor.teamId : input.teamId,
    createdBy: ctx.actor.userId,
  })
  await insertStatusChange(ctx.tx, { id: newId(), tenantId: ctx.actor.tenantId, contractId: id, fromStatus: null, toStatus: status, note: null, changedBy: ctx.actor.userId })
  const created = await findVisibleContract(ctx, id)
  if (!created) throw notFound('Contract')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'contract.created', { objectType: OBJECT, objectId: id, payload: { title: created.title, accountId: created.accountId, status } })
  return presentContract(ctx, created)
}

export async function updateContract(ctx: ServiceContext, id: string, patch: ContractPatch): Promise<Contract> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, patch)
  const before = await findVisibleContract(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contract')
  const startDate = patch.startDate ?? before.startDate
  const endDate = patch.endDate ?? before.endDate
  if (endDate < startDate) throw invalid('The end date must not be before the start date.', [{ path: 'endDate', message: 'Before the start date.' }])
  await assertReferences(ctx, patch)
  await assertNumberFree(ctx, patch.number, id)
  await updateContractRow(ctx.tx, id, patch)
  const after = await findVisibleContract(ctx, id)
  if (!after) throw notFound('Contract')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'contract.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentContract(ctx, after)
}

/** Which manual status changes are allowed from each status. */
const MANUAL_TRANSITIONS: Record<ContractStatus, ContractStatus[]> = {
  draft: ['active', 'cancelled'],
  active: ['expired', 'cancelled'],
  expiring: ['expired', 'cancelled'],
  renewed: ['expired', 'cancelled'],
  expired: [],
  cancelled: [],
}

export async function changeContractStatus(ctx: ServiceContext, id: string, request: ContractStatusChangeRequest): Promise<Contract> {
  authorize(ctx, OBJECT, 'update')
  const before = await findVisibleContract(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contract')
  if (!MANUAL_TRANSITIONS[before.status].includes(request.status)) {
    throw conflict(`A ${before.status} contract cannot become ${request.status}.`)
  }
  await recordStatusChange(ctx.tx, before, request.status, ctx.actor.userId, request.note ?? null)
  return afterStatusChange(ctx, before, 'contract.status_changed')
}

/** Renews into the next period (in force, or expired); the contract becomes 'renewed'. */
export async function renewContract(ctx: ServiceContext, id: string, request: ContractRenewal): Promise<Contract> {
  authorize(ctx, OBJECT, 'update')
  const before = await findVisibleContract(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contract')
  if (!IN_FORCE.includes(before.status) && before.status !== 'expired') throw conflict(`A ${before.status} contract cannot be renewed.`)
  const months = request.termMonths ?? before.renewalTermMonths
  await renewInPlace(ctx.tx, before, months, ctx.actor.userId, request.note ?? null)
  return afterStatusChange(ctx, before, 'contract.renewed')
}

/** Moves a contract into its next period and records the renewal (shared with the daily job). */
export async function renewInPlace(
  tx: Tx,
  row: { id: string; tenantId: string; status: ContractStatus; endDate: string; renewalDate: string | null },
  months: number,
  changedBy: string | null,
  note: string | null,
): Promise<{ startDate: string; endDate: string; renewalDate: string | null }> {
  const period = await nextPeriod(tx, row, months)
  await updateContractRow(tx, row.id, { ...period, remindedForEndDate: null })
  await recordStatusChange(tx, row, 'renewed', changedBy, note ?? `${period.startDate} – ${period.endDate}`)
  return period
}

async function afterStatusChange(ctx: ServiceContext, before: ContractRow, event: string): Promise<Contract> {
  const after = await findVisibleContract(ctx, before.id)
  if (!after) throw notFound('Contract')
  await recordAudit(ctx, { objectType: OBJECT, objectId: before.id, action: 'update', before: auditable(before), after: auditable(after) })
  await emitEvent(ctx, event, { objectType: OBJECT, objectId: before.id, payload: { from: before.status, to: after.status, endDate: after.endDate } })
  return presentContract(ctx, after)
}

export async function deleteContract(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findVisibleContract(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Contract')
  await deleteContractRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'contract.deleted', { objectType: OBJECT, objectId: id, payload: { title: before.title } })
}

export async function listContractStatusHistory(ctx: ServiceContext, id: string): Promise<{ data: ContractStatusChange[] }> {
  authorize(ctx, OBJECT, 'read')
  if (!(await findVisibleContract(ctx, id))) throw notFound('Contract')
  const rows = await listStatusChanges(ctx, id)
  return { data: rows.map((row) => ({ ...row, changedAt: row.changedAt.toISOString() })) }
}
