/**
 * Web forms: admins define which fields a form asks for and who gets its leads; anyone on the
 * internet may submit it through its public key (honeypot and a per-IP rate limit keep bots out).
 */
import { randomBytes } from 'node:crypto'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { Actor, ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { SETTINGS_OBJECT, rescoreLead } from './lead-scoring.service.ts'
import { HONEYPOT_FIELD, type PublicWebForm, type WebForm, type WebFormInput, type WebFormPatch, type WebFormSubmission } from './lead-forms.schema.ts'
import { findLeadById, findOpenLeadByEmail, memberExists } from './leads.queries.ts'
import { auditableLead, insertNewLead, OBJECT } from './leads.service.ts'
import type { LeadInput } from './leads.schema.ts'

function selectForms(tx: Tx) {
  return tx
    .selectFrom('leadWebForms as f')
    .leftJoin('users as u', 'u.id', 'f.ownerId')
    .select(['f.id', 'f.name', 'f.publicKey', 'f.fields', 'f.thankYouMessage', 'f.ownerId', 'u.name as ownerName', 'f.isActive', 'f.submissionCount', 'f.createdAt', 'f.updatedAt'])
}
type FormRow = Awaited<ReturnType<ReturnType<typeof selectForms>['executeTakeFirstOrThrow']>>

function presentForm(row: FormRow): WebForm {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

function auditable(row: FormRow): Record<string, unknown> {
  const { ownerName: _o, submissionCount: _s, ...fields } = row
  return fields
}

async function assertOwner(ctx: ServiceContext, ownerId: string | null | undefined): Promise<void> {
  if (ownerId && !(await memberExists(ctx.tx, ownerId))) throw invalid('No such user in this tenant.', [{ path: 'ownerId', message: 'No such user in this tenant.' }])
}

export async function listWebForms(ctx: ServiceContext): Promise<{ data: WebForm[] }> {
  authorize(ctx, SETTINGS_OBJECT, 'read')
  return { data: (await selectForms(ctx.tx).orderBy('f.id', 'desc').limit(200).execute()).map(presentForm) }
}

async function formRow(ctx: ServiceContext, id: string): Promise<FormRow> {
  const row = await selectForms(ctx.tx).where('f.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Web form')
  return row
}

export async function getWebForm(ctx: ServiceContext, id: string): Promise<WebForm> {
  authorize(ctx, SETTINGS_OBJECT, 'read')
  return presentForm(await formRow(ctx, id))
}

export async function createWebForm(ctx: ServiceContext, input: WebFormInput): Promise<WebForm> {
  authorize(ctx, SETTINGS_OBJECT, 'create')
  await assertOwner(ctx, input.ownerId)
  const id = newId()
  await ctx.tx
    .insertInto('leadWebForms')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      name: input.name,
      // Unguessable, so a form id seen in the admin UI or the API never works as a public address.
      publicKey: randomBytes(18).toString('base64url'),
      fields: JSON.stringify(input.fields),
      thankYouMessage: input.thankYouMessage ?? null,
      ownerId: input.ownerId ?? null,
      isActive: input.isActive ?? true,
      createdBy: ctx.actor.userId,
    })
    .execute()
  const created = await formRow(ctx, id)
  await recordAudit(ctx, { objectType: SETTINGS_OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'lead_web_form.created', { objectType: SETTINGS_OBJECT, objectId: id, payload: { name: created.name } })
  return presentForm(created)
}

export async function updateWebForm(ctx: ServiceContext, id: string, patch: WebFormPatch): Promise<WebForm> {
  authorize(ctx, SETTINGS_OBJECT, 'update')
  const before = await formRow(ctx, id)
  await assertOwner(ctx, patch.ownerId)
  const { fields, ...rest } = patch
  await ctx.tx
    .updateTable('leadWebForms')
    .set({ ...rest, ...(fields ? { fields: JSON.stringify(fields) } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
  const after = await formRow(ctx, id)
  if (await recordAudit(ctx, { objectType: SETTINGS_OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })) {
    await emitEvent(ctx, 'lead_web_form.updated', { objectType: SETTINGS_OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  }
  return presentForm(after)
}

export async function deleteWebForm(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, SETTINGS_OBJECT, 'delete')
  const before = await formRow(ctx, id)
  await ctx.tx.deleteFrom('leadWebForms').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: SETTINGS_OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'lead_web_form.deleted', { objectType: SETTINGS_OBJECT, objectId: id })
}

interface PublicFormRecord {
  id: string
  tenantId: string
  name: string
  fields: { key: string; required: boolean }[]
  thankYouMessage: string | null
  ownerId: string | null
}

/** Finds an active form by its public key, across tenants (the visitor names no tenant). */
async function findPublicForm(db: Db, key: string): Promise<PublicFormRecord> {
  const row = await inSystemTransaction(db, (tx) =>
    tx
      .selectFrom('leadWebForms')
      .select(['id', 'tenantId', 'name', 'fields', 'thankYouMessage', 'ownerId'])
      .where('publicKey', '=', key)
      .where('isActive', '=', true)
      .executeTakeFirst(),
  )
  if (!row) throw notFound('Form')
  return row
}

export async function getPublicWebForm(db: Db, key: string): Promise<PublicWebForm> {
  const form = await findPublicForm(db, key)
  return { name: form.name, fields: form.fields, thankYouMessage: form.thankYouMessage }
}

/** Who acts for an anonymous visitor: no user, no rights beyond what the submission itself does. */
function webFormActor(tenantId: string): Actor {
  // The audit trail and outbox store a null actor for it (both columns are nullable).
  return { tenantId, userId: null as unknown as string, tokenId: null, teamId: null, role: { id: '', key: 'web_form', name: 'Web form', permissions: { objects: {}, fields: {} } } }
}

/** Only the form's own fields, required ones present; anything else is a 400 that names the field. */
function checkSubmission(form: PublicFormRecord, submission: WebFormSubmission): LeadInput {
  const allowed = new Map(form.fields.map((f) => [f.key, f.required]))
  const details = []
  const input: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(submission)) {
    if (key === HONEYPOT_FIELD || value === undefined || value === null || value === '') continue
    if (!allowed.has(key)) details.push({ path: key, message: 'This form does not ask for this field.' })
    else input[key] = value
  }
  for (const [key, required] of allowed) if (required && input[key] === undefined) details.push({ path: key, message: 'Required.' })
  if (!input.familyName && !input.givenName && !input.companyName && !input.email) details.push({ path: 'email', message: 'Give at least a name, a company or an email.' })
  if (details.length > 0) throw invalid('Some fields are not valid.', details)
  return input as LeadInput
}

/**
 * A visitor's submission: validated against the form, then a new lead (assigned and scored), or —
 * when an open lead already has the same email — one more submission on that lead (engagement).
 * A filled honeypot answers the same thank-you and writes nothing.
 */
export async function submitWebForm(db: Db, key: string, submission: WebFormSubmission, request: { requestId: string | null; ip: string | null }): Promise<{ message: string | null; leadId: string | null }> {
  const form = await findPublicForm(db, key)
  const input = checkSubmission(form, submission)
  if (submission[HONEYPOT_FIELD]) return { message: form.thankYouMessage, leadId: null }
  return inTenantTransaction(db, form.tenantId, async (tx) => {
    const ctx: ServiceContext = { actor: webFormActor(form.tenantId), tx, requestId: request.requestId, ip: request.ip }
    await tx.updateTable('leadWebForms').set((eb) => ({ submissionCount: eb('submissionCount', '+', 1) })).where('id', '=', form.id).execute()
    const existing = input.email ? await findOpenLeadByEmail(tx, input.email) : undefined
    if (existing) {
      await tx.updateTable('leads').set((eb) => ({ formSubmissions: eb('formSubmissions', '+', 1), updatedAt: new Date() })).where('id', '=', existing.id).execute()
      await rescoreLead(tx, existing.id)
      const after = await findLeadById(tx, existing.id)
      await recordAudit(ctx, { objectType: OBJECT, objectId: existing.id, action: 'update', before: auditableLead(existing), after: after ? auditableLead(after) : null })
      await emitEvent(ctx, 'lead.form_submitted', { objectType: OBJECT, objectId: existing.id, payload: { webFormId: form.id, repeat: true } })
      return { message: form.thankYouMessage, leadId: existing.id }
    }
    const lead = await insertNewLead(ctx, input, { source: 'web_form', webFormId: form.id, ownerId: form.ownerId })
    await emitEvent(ctx, 'lead.form_submitted', { objectType: OBJECT, objectId: lead.id, payload: { webFormId: form.id, repeat: false } })
    return { message: form.thankYouMessage, leadId: lead.id }
  })
}
