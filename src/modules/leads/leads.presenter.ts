/** Lead row → API JSON: an allow-list of fields, minus those the role hides. */
import { withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { LeadRow } from './leads.queries.ts'
import type { Lead } from './leads.schema.ts'

/** 「姓 名」, else the company, else the email: what a list shows for the lead. */
export function leadDisplayName(row: Pick<LeadRow, 'familyName' | 'givenName' | 'companyName' | 'email'>): string {
  const person = [row.familyName, row.givenName].filter(Boolean).join(' ')
  return person || row.companyName || row.email || '—'
}

export function presentLead(ctx: Pick<ServiceContext, 'actor'>, row: LeadRow): Lead {
  const visible = withoutHiddenFields(ctx, 'leads', {
    familyName: row.familyName,
    givenName: row.givenName,
    familyNameKana: row.familyNameKana,
    givenNameKana: row.givenNameKana,
    companyName: row.companyName,
    title: row.title,
    industry: row.industry,
    prefecture: row.prefecture,
    email: row.email,
    phone: row.phone,
    website: row.website,
    message: row.message,
    notes: row.notes,
    ownerId: row.ownerId,
    teamId: row.teamId,
  })
  return {
    id: row.id,
    ...visible,
    displayName: leadDisplayName({ familyName: visible.familyName ?? null, givenName: visible.givenName ?? null, companyName: visible.companyName ?? null, email: visible.email ?? null }),
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    source: row.source,
    status: row.status,
    score: row.score,
    fitScore: row.fitScore,
    engagementScore: row.engagementScore,
    formSubmissions: row.formSubmissions,
    webFormId: row.webFormId,
    convertedAccountId: row.convertedAccountId,
    convertedContactId: row.convertedContactId,
    convertedDealId: row.convertedDealId,
    convertedAt: row.convertedAt ? row.convertedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
