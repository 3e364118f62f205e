/**
 * The 360° page in one request: profile, related people and companies, open deals, RFM segment,
 * stages and type, and the first timeline page. Each part reuses its module's service, so the
 * same permissions apply; parts the role may not read come back empty or null.
 */
import { can } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { getAccount } from '../accounts/index.ts'
import { getHierarchyOfVisibleAccount } from '../accounts/accounts.hierarchy.ts'
import { getCustomerScore } from '../analytics/index.ts'
import { getContact, listCompaniesOfVisibleContact, listPeopleOfVisibleAccount } from '../contacts/index.ts'
import { summarizeAccountDeals } from '../deals/index.ts'
import type { CustomerOverview } from './customer-360.schema.ts'
import { loadStages } from './stages.service.ts'
import { loadTimeline } from './timeline.service.ts'

const FIRST_PAGE = 20

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
    deals: await summarizeAccountDeals(ctx, id),
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
