/** The only file that touches the contracts and contract_status_changes tables. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { ContractsTable } from '../../platform/db/schema.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { IN_FORCE, type ContractStatus } from './contracts.schema.ts'

export type ContractRow = Selectable<ContractsTable> & { accountName: string | null; ownerName: string | null }

function selectContracts(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('contracts as c')
    .leftJoin('accounts as a', 'a.id', 'c.accountId')
    .leftJoin('users as owner', 'owner.id', 'c.ownerId')
    .selectAll('c')
    .select(['a.name as accountName', 'owner.name as ownerName'])
    .where(visibleRecordsCondition(ctx, 'contracts', 'c'))
}

export function findVisibleContract(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<ContractRow | undefined> {
  let query = selectContracts(ctx).where('c.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('c')
  return query.executeTakeFirst()
}

export interface ContractListFilter {
  limit: number
  q?: string
  status?: ContractStatus
  accountId?: string
  ownerId?: string
  /** [today, last day] of the expiring window. */
  endingBetween?: [string, string]
  sort: '-createdAt' | 'endDate'
  after: (string | number | null)[] | null
}

export function listVisibleContracts(ctx: ServiceContext, filter: ContractListFilter): Promise<ContractRow[]> {
  let query = selectContracts(ctx)
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`
    query = query.where((eb) => eb.or([eb('c.title', 'ilike', pattern), eb('c.number', 'ilike', pattern)]))
  }
  if (filter.status) query = query.where('c.status', '=', filter.status)
  if (filter.accountId) query = query.where('c.accountId', '=', filter.accountId)
  if (filter.ownerId) query = query.where('c.ownerId', '=', filter.ownerId)
  if (filter.endingBetween) {
    query = query
      .where('c.status', 'in', [...IN_FORCE])
      .where('c.endDate', '>=', filter.endingBetween[0])
      .where('c.endDate', '<=', filter.endingBetween[1])
  }
  if (filter.sort === 'endDate') {
    if (filter.after) query = query.where(sql`(c.end_date, c.id)`, '>', sql`(${filter.after[0]}::date, ${filter.after[1]}::uuid)`)
    query = query.orderBy('c.endDate').orderBy('c.id')
  } else {
    if (filter.after) query = query.where('c.id', '<', String(filter.after[0]))
    query = query.orderBy('c.id', 'desc')
  }
  return query.limit(filter.limit + 1).execute()
}

export async function insertContract(ctx: ServiceContext, values: Insertable<ContractsTable>): Promise<void> {
  await ctx.tx.insertInto('contracts').values(values).execute()
}

export async function updateContractRow(tx: Tx, id: string, values: Updateable<ContractsTable>): Promise<void> {
  await tx
    .updateTable('contracts')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteContractRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('contracts').where('id', '=', id).execute()
}

export async function insertStatusChange(
  tx: Tx,
  values: { id: string; tenantId: string; contractId: string; fromStatus: string | null; toStatus: string; note: string | null; changedBy: string | null },
): Promise<void> {
  await tx.insertInto('contractStatusChanges').values(values).execute()
}

export function listStatusChanges(ctx: ServiceContext, contractId: string) {
  return ctx.tx
    .selectFrom('contractStatusChanges as h')
    .leftJoin('users as u', 'u.id', 'h.changedBy')
    .select(['h.id', 'h.fromStatus', 'h.toStatus', 'h.note', 'h.changedBy', 'u.name as changedByName', 'h.changedAt'])
    .where('h.contractId', '=', contractId)
    .orderBy('h.changedAt')
    .orderBy('h.id')
    .execute()
}

/**
 * The period after the current one: it starts the day after the end date and ends `months`
 * calendar months after it (month ends clamp, as in PostgreSQL); the notice date moves as much.
 */
export async function nextPeriod(
  tx: Tx,
  current: { endDate: string; renewalDate: string | null },
  months: number,
): Promise<{ startDate: string; endDate: string; renewalDate: string | null }> {
  const result = await sql<{ startDate: string; endDate: string; renewalDate: string | null }>`
    select (${current.endDate}::date + 1)::text as start_date,
           (${current.endDate}::date + make_interval(months => ${months}))::date::text as end_date,
           (${current.renewalDate}::date + make_interval(months => ${months}))::date::text as renewal_date`.execute(tx)
  return result.rows[0]!
}
