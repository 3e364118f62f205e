/** The only file that touches the leads table. */
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { LeadsTable } from '../../platform/db/schema.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { searchTextMatches } from '../search/search.match.ts'

/** search_text is derived data: never presented, audited or compared. */
export type LeadRow = Omit<Selectable<LeadsTable>, 'searchText'> & { ownerName: string | null }

const COLUMNS = [
  'l.id',
  'l.tenantId',
  'l.familyName',
  'l.givenName',
  'l.familyNameKana',
  'l.givenNameKana',
  'l.companyName',
  'l.title',
  'l.industry',
  'l.prefecture',
  'l.email',
  'l.phone',
  'l.website',
  'l.message',
  'l.notes',
  'l.source',
  'l.status',
  'l.fitScore',
  'l.engagementScore',
  'l.score',
  'l.formSubmissions',
  'l.webFormId',
  'l.ownerId',
  'l.teamId',
  'l.assignedByRuleId',
  'l.convertedAccountId',
  'l.convertedContactId',
  'l.convertedDealId',
  'l.convertedAt',
  'l.convertedBy',
  'l.createdBy',
  'l.createdAt',
  'l.updatedAt',
] as const

function selectLeads(tx: Tx) {
  return tx.selectFrom('leads as l').leftJoin('users as owner', 'owner.id', 'l.ownerId').select([...COLUMNS, 'owner.name as ownerName'])
}

export async function findVisibleLead(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<LeadRow | undefined> {
  let query = selectLeads(ctx.tx).where('l.id', '=', id).where(visibleRecordsCondition(ctx, 'leads', 'l'))
  if (options.forUpdate) query = query.forUpdate('l')
  return query.executeTakeFirst()
}

/** For writes that are not made by a signed-in user (a public form submission): tenant scope only. */
export async function findLeadById(tx: Tx, id: string): Promise<LeadRow | undefined> {
  return selectLeads(tx).where('l.id', '=', id).executeTakeFirst()
}

export interface LeadListFilter {
  limit: number
  q?: string
  status?: string
  source?: string
  ownerId?: string
  minScore?: number
  sort: '-createdAt' | '-score'
  after: (string | number | null)[] | null
}

export async function listVisibleLeads(ctx: ServiceContext, filter: LeadListFilter): Promise<LeadRow[]> {
  let query = selectLeads(ctx.tx).where(visibleRecordsCondition(ctx, 'leads', 'l'))
  if (filter.q) query = query.where(searchTextMatches('l', filter.q))
  if (filter.status) query = query.where('l.status', '=', filter.status as LeadRow['status'])
  if (filter.source) query = query.where('l.source', '=', filter.source as LeadRow['source'])
  if (filter.ownerId) query = query.where('l.ownerId', '=', filter.ownerId)
  if (filter.minScore !== undefined) query = query.where('l.score', '>=', filter.minScore)
  if (filter.sort === '-score') {
    if (filter.after) query = query.where(sql`(l.score, l.id)`, '<', sql`(${Number(filter.after[0])}::int, ${String(filter.after[1])}::uuid)`)
    query = query.orderBy('l.score', 'desc').orderBy('l.id', 'desc')
  } else {
    if (filter.after) query = query.where('l.id', '<', String(filter.after[0]))
    query = query.orderBy('l.id', 'desc')
  }
  return query.limit(filter.limit + 1).execute()
}

export async function insertLead(tx: Tx, values: Insertable<LeadsTable>): Promise<void> {
  await tx.insertInto('leads').values(values).execute()
}

export async function updateLeadRow(tx: Tx, id: string, values: Updateable<LeadsTable>): Promise<void> {
  await tx
    .updateTable('leads')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteLeadRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('leads').where('id', '=', id).execute()
}

/** The lead that came in earlier from the same address (a repeat form submission), if any and not converted. */
export async function findOpenLeadByEmail(tx: Tx, email: string): Promise<LeadRow | undefined> {
  return selectLeads(tx)
    .where(sql`lower(l.email)`, '=', email.toLowerCase())
    .where('l.status', '<>', 'converted')
    .orderBy('l.id', 'desc')
    .executeTakeFirst()
}

export async function countLeadActivities(tx: Tx, leadId: string): Promise<number> {
  const row = await tx
    .selectFrom('activities')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('relatedType', '=', 'leads')
    .where('relatedId', '=', leadId)
    .executeTakeFirst()
  return row?.n ?? 0
}

export async function memberExists(tx: Tx, userId: string): Promise<boolean> {
  return (await tx.selectFrom('memberships').select('id').where('userId', '=', userId).where('status', '=', 'active').executeTakeFirst()) !== undefined
}

export async function teamExists(tx: Tx, teamId: string): Promise<boolean> {
  return (await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined
}
