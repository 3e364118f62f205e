/**
 * Leads (リード): the rules for reading and changing prospects. No HTTP here.
 * Every write checks the role, validates references, rescores, audits and emits an event in one transaction.
 */
import { assertWritableFields, authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { LeadSource } from '../../platform/db/schema.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { buildSearchText } from '../../platform/japanese/index.ts'
import { chooseAssignee } from './lead-assignment.service.ts'
import { rescoreLead } from './lead-scoring.service.ts'
import { presentLead } from './leads.presenter.ts'
import {
  deleteLeadRow,
  findLeadById,
  findVisibleLead,
  insertLead,
  type LeadRow,
  listVisibleLeads,
  memberExists,
  teamExists,
  updateLeadRow,
} from './leads.queries.ts'
import type { Lead, LeadImport, LeadInput, LeadListQuery, LeadPatch } from './leads.schema.ts'

export const OBJECT = 'leads'

export function auditableLead(row: LeadRow): Record<string, unknown> {
  const { ownerName: _ownerName, tenantId: _tenantId, score: _s, fitScore: _f, engagementScore: _e, ...fields } = row
  return fields
}

function leadSearchText(fields: Partial<Pick<LeadRow, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'companyName' | 'email' | 'phone'>>): string {
  return buildSearchText([
    `${fields.familyName ?? ''}${fields.givenName ?? ''}`,
    `${fields.familyNameKana ?? ''}${fields.givenNameKana ?? ''}`,
    fields.companyName,
    fields.email,
    fields.phone,
  ])
}

async function assertReferences(ctx: ServiceContext, input: { ownerId?: string | null; teamId?: string | null }): Promise<void> {
  const details = []
  if (input.ownerId && !(await memberExists(ctx.tx, input.ownerId))) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  if (input.teamId && !(await teamExists(ctx.tx, input.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

async function teamOf(ctx: ServiceContext, userId: string | null): Promise<string | null> {
  if (!userId) return null
  const row = await ctx.tx.selectFrom('memberships').select('teamId').where('userId', '=', userId).executeTakeFirst()
  return row?.teamId ?? null
}

export interface NewLeadOptions {
  source: LeadSource
  webFormId?: string | null
  /** A web form's fixed owner; otherwise the input's owner, else the assignment rules. */
  ownerId?: string | null
}

/**
 * Inserts a lead, assigns it (unless an owner is named), scores it, audits and announces it.
 * Shared by the API, bulk import and the public web form (whose ctx has no signed-in user).
 */
export async function insertNewLead(ctx: ServiceContext, input: LeadInput, options: NewLeadOptions): Promise<LeadRow> {
  const id = newId()
  const namedOwner = options.ownerId ?? input.ownerId ?? null
  const assignment = namedOwner
    ? { ownerId: namedOwner, teamId: input.teamId ?? null, ruleId: null }
    : await chooseAssignee(ctx.tx, ctx.actor.tenantId, input)
  // Nobody to assign to (no rule, no sales member): the creator keeps it, a form submission stays unassigned.
  const ownerId = assignment.ownerId ?? (options.source === 'web_form' ? null : ctx.actor.userId)
  await insertLead(ctx.tx, {
    id,
    tenantId: ctx.actor.tenantId,
    familyName: input.familyName ?? null,
    givenName: input.givenName ?? null,
    familyNameKana: input.familyNameKana ?? null,
    givenNameKana: input.givenNameKana ?? null,
    companyName: input.companyName ?? null,
    title: input.title ?? null,
    industry: input.industry ?? null,
    prefecture: input.prefecture ?? null,
    email: input.email ?? null,
    phone: input.phone || null,
    website: input.website ?? null,
    message: input.message ?? null,
    notes: input.notes ?? null,
    source: options.source,
    status: input.status ?? 'new',
    formSubmissions: options.source === 'web_form' ? 1 : 0,
    webFormId: options.webFormId ?? null,
    ownerId,
    teamId: assignment.teamId ?? (await teamOf(ctx, ownerId)),
    assignedByRuleId: assignment.ruleId,
    searchText: leadSearchText(input),
    createdBy: ctx.actor.userId,
  })
  await rescoreLead(ctx.tx, id)
  const created = await findLeadById(ctx.tx, id)
  if (!created) throw notFound('Lead')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditableLead(created) })
  await emitEvent(ctx, 'lead.created', { objectType: OBJECT, objectId: id, payload: { source: created.source, ownerId: created.ownerId, score: created.score } })
  if (created.ownerId) await emitEvent(ctx, 'lead.assigned', { objectType: OBJECT, objectId: id, payload: { ownerId: created.ownerId, ruleId: assignment.ruleId } })
  return created
}

export async function listLeads(ctx: ServiceContext, query: LeadListQuery): Promise<Page<Lead>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, query.sort === '-score' ? 2 : 1)
  const rows = await listVisibleLeads(ctx, { ...query, after })
  const page = toPage(rows, query.limit, (row) => (query.sort === '-score' ? [row.score, row.id] : [row.id]))
  return { data: page.data.map((row) => presentLead(ctx, row)), nextCursor: page.nextCursor }
}

export async function getLead(ctx: ServiceContext, id: string): Promise<Lead> {
  authorize(ctx, OBJECT, 'read')
  const row = await findVisibleLead(ctx, id)
  if (!row) throw notFound('Lead')
  return presentLead(ctx, row)
}

export async function createLead(ctx: ServiceContext, input: LeadInput): Promise<Lead> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { ...input, familyName: undefined, companyName: undefined, email: undefined, source: undefined, status: undefined })
  await assertReferences(ctx, input)
  const created = await insertNewLead(ctx, input, { source: input.source ?? 'api' })
  return presentLead(ctx, created)
}

/** Bulk capture (an import from another system): all or nothing, each lead assigned and scored. */
export async function importLeads(ctx: ServiceContext, input: LeadImport): Promise<{ created: number; ids: string[] }> {
  authorize(ctx, OBJECT, 'create')
  const ids: string[] = []
  for (const [index, lead] of input.leads.entries()) {
    try {
      await assertReferences(ctx, lead)
    } catch (error) {
      throw invalid(`Lead ${index + 1}: a reference does not exist.`, [{ path: `leads.${index}.ownerId`, message: (error as Error).message }])
    }
    ids.push((await insertNewLead(ctx, lead, { source: lead.source ?? 'import' })).id)
  }
  return { created: ids.length, ids }
}

/** Loads a lead for a change; a converted lead is read-only (its data lives on in the account, contact and deal). */
export async function leadForChange(ctx: ServiceContext, id: string): Promise<LeadRow> {
  const row = await findVisibleLead(ctx, id, { forUpdate: true })
  if (!row) throw notFound('Lead')
  if (row.status === 'converted') throw conflict('This lead has been converted and can no longer be changed.', [{ path: 'status', message: 'converted' }])
  return row
}

export async function updateLead(ctx: ServiceContext, id: string, patch: LeadPatch): Promise<Lead> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, { ...patch, status: undefined })
  const before = await leadForChange(ctx, id)
  await assertReferences(ctx, patch)
  const merged = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as LeadRow
  const teamId = patch.teamId !== undefined ? patch.teamId : patch.ownerId !== undefined ? await teamOf(ctx, patch.ownerId) : undefined
  await updateLeadRow(ctx.tx, id, {
    ...patch,
    ...(patch.phone !== undefined ? { phone: patch.phone || null } : {}),
    ...(teamId !== undefined ? { teamId } : {}),
    searchText: leadSearchText(merged),
  })
  await rescoreLead(ctx.tx, id)
  const after = await findLeadById(ctx.tx, id)
  if (!after) throw notFound('Lead')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditableLead(before), after: auditableLead(after) })
  if (changed) {
    await emitEvent(ctx, 'lead.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
    if (before.status !== after.status) await emitEvent(ctx, 'lead.status_changed', { objectType: OBJECT, objectId: id, payload: { from: before.status, to: after.status } })
    if (before.ownerId !== after.ownerId && after.ownerId) await emitEvent(ctx, 'lead.assigned', { objectType: OBJECT, objectId: id, payload: { ownerId: after.ownerId, ruleId: null } })
  }
  return presentLead(ctx, after)
}

export async function deleteLead(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await leadForChange(ctx, id)
  await deleteLeadRow(ctx.tx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditableLead(before) })
  await emitEvent(ctx, 'lead.deleted', { objectType: OBJECT, objectId: id })
}
