/**
 * The 360° page in one request: profile, related people and companies, open deals, RFM segment,
 * stages and type, and the first timeline page. Each part reuses its module's service, so the
 * same permissions apply; parts the role may not read come back empty or null.
 */
import { sql } from 'kysely'
import { can, visibleRecordsCondition, withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { getAccount } from '../accounts/index.ts'
import { getHierarchyOfVisibleAccount } from '../accounts/accounts.hierarchy.ts'
import { getCustomerScore } from '../analytics/index.ts'
import { getContact, listCompaniesOfVisibleContact, listPeopleOfVisibleAccount } from '../contacts/index.ts'
import type { CustomerOverview, DealSummary } from './customer-360.schema.ts'
import { loadStages } from './stages.service.ts'
import { loadTimeline } from './timeline.service.ts'

const FIRST_PAGE = 20
const TOP_OPEN_DEALS = 5

interface DealSummaryRow {
  openCount: number
  openAmount: string | null
  wonCount: number
  lostCount: number
  /** The top deal's columns are null on the one row of an account without open deals. */
  id: string | null
  name: string | null
  amount: string | null
  expectedCloseDate: string | null
  stageName: string | null
}

/**
 * Counts and the largest open deals of an account, over the deals the viewer may see: one statement, the totals
 * repeated on each of the top deals' rows (the page runs it on every open; see loadStages).
 */
async function summarizeDeals(ctx: ServiceContext, accountId: string): Promise<DealSummary | null> {
  if (!can(ctx, 'deals', 'read')) return null
  const visible = visibleRecordsCondition(ctx, 'deals', 'd')
  const { rows } = await sql<DealSummaryRow>`
    select t.open_count, t.open_amount, t.won_count, t.lost_count,
           top.id, top.name, top.amount, top.expected_close_date, top.stage_name
      from (select count(*) filter (where d.status = 'open')::int as open_count,
                   sum(d.amount) filter (where d.status = 'open') as open_amount,
                   count(*) filter (where d.status = 'won')::int as won_count,
                   count(*) filter (where d.status = 'lost')::int as lost_count
              from deals d where d.account_id = ${accountId} and ${visible}) t
      left join lateral (
        select d.id, d.name, d.amount, d.expected_close_date, s.name as stage_name
          from deals d join pipeline_stages s on s.id = d.stage_id
         where d.account_id = ${accountId} and d.status = 'open' and ${visible}
         order by d.amount desc nulls last, d.id desc limit ${sql.lit(TOP_OPEN_DEALS)}) top on true
     order by top.amount desc nulls last, top.id desc`.execute(ctx.tx)
  const t = rows[0]!
  const amountHidden = withoutHiddenFields(ctx, 'deals', { amount: 0 }).amount === undefined
  return {
    openCount: t.openCount,
    openAmount: amountHidden ? 0 : Number(t.openAmount ?? 0),
    wonCount: t.wonCount,
    lostCount: t.lostCount,
    topOpen: rows.flatMap((d) => {
      if (d.id === null) return []
      const shown = withoutHiddenFields(ctx, 'deals', { name: d.name, amount: d.amount === null ? null : Number(d.amount), expectedCloseDate: d.expectedCloseDate })
      return [{ id: d.id, stageName: d.stageName!, name: shown.name ?? null, amount: shown.amount ?? null, expectedCloseDate: shown.expectedCloseDate ?? null }]
    }),
  }
}

async function rfmOf(ctx: ServiceContext, accountId: string): Promise<CustomerOverview['rfm']> {
  if (!can(ctx, 'analytics', 'read')) return null
  try {
    const score = await getCustomerScore(ctx, accountId)
    return { segment: score.segment, r: score.r, f: score.f, m: score.m, monetary: score.monetary, lastPurchaseOn: score.lastPurchaseOn }
  } catch (error) {
    // Not scored yet (no purchases, or the nightly job has not run).
    if (error instanceof AppError && error.code === 'not_found') return null
    throw error
  }
}

export async function getAccountOverview(ctx: ServiceContext, requestedId: string): Promise<CustomerOverview> {
  const account = await getAccount(ctx, requestedId)
  const id = account.id
  const hierarchy = await getHierarchyOfVisibleAccount(ctx, account)
  return {
    recordType: 'accounts',
    account,
    contact: null,
    canUpdate: can(ctx, 'accounts', 'update'),
    stages: await loadStages(ctx, 'accounts', id),
    contacts: can(ctx, 'contacts', 'read') ? await listPeopleOfVisibleAccount(ctx, id, { includeFormer: false }) : [],
    accounts: [],
    relatedAccounts: [
      ...(hierarchy.parent ? [{ ...hierarchy.parent, relation: 'parent' as const }] : []),
      ...hierarchy.children.map((c) => ({ ...c, relation: 'subsidiary' as const })),
    ],
    deals: await summarizeDeals(ctx, id),
    rfm: await rfmOf(ctx, id),
    timeline: await loadTimeline(ctx, 'accounts', id, { limit: FIRST_PAGE }),
  }
}

export async function getContactOverview(ctx: ServiceContext, requestedId: string): Promise<CustomerOverview> {
  const contact = await getContact(ctx, requestedId)
  const id = contact.id
  return {
    recordType: 'contacts',
    account: null,
    contact,
    canUpdate: can(ctx, 'contacts', 'update'),
    stages: await loadStages(ctx, 'contacts', id),
    contacts: [],
    accounts: can(ctx, 'accounts', 'read') ? await listCompaniesOfVisibleContact(ctx, id) : [],
    relatedAccounts: [],
    deals: null,
    rfm: null,
    timeline: await loadTimeline(ctx, 'contacts', id, { limit: FIRST_PAGE }),
  }
}
