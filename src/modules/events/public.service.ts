/**
 * The public side of events: anyone may read a published event by its public key, register (capacity
 * enforced under the event's row lock, waitlist when full, one live registration per email) and cancel
 * through the token in their email. No sign-in; the routes are rate limited and the form has a honeypot.
 */
import { randomBytes, randomInt } from 'node:crypto'
import type { Actor, ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { normalizeEmail } from '../../platform/japanese/index.ts'
import { insertNewLead } from '../leads/index.ts'
import { findOpenLeadByEmail } from '../leads/leads.queries.ts'
import type { MailEvent, MailRegistration } from './events.mail.ts'
import { HONEYPOT_FIELD, type PublicEvent, type PublicRegistration, type RegistrationRequest } from './events.schema.ts'
import { countConfirmed, lockEvent, promoteFromWaitlist, type Promotion } from './waitlist.ts'

export const REGISTRATION_OBJECT = 'eventRegistrations'

interface PublicEventRecord extends MailEvent {
  tenantId: string
  status: PublicEvent['status']
  capacity: number | null
  registrationOpensAt: Date | null
  registrationClosesAt: Date | null
}

/** Finds a published (or cancelled / finished, to say so) event by its public key, across tenants. */
async function findByKey(db: Db, key: string): Promise<PublicEventRecord> {
  const row = await inSystemTransaction(db, (tx) =>
    tx
      .selectFrom('events')
      .select(['id', 'tenantId', 'title', 'kind', 'description', 'venue', 'onlineUrl', 'startsAt', 'endsAt', 'timeZone', 'status', 'capacity', 'registrationOpensAt', 'registrationClosesAt'])
      .where('publicKey', '=', key)
      .where('status', '<>', 'draft')
      .executeTakeFirst(),
  )
  if (!row) throw notFound('Event')
  return row
}

function registrationState(event: Pick<PublicEventRecord, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt'>, now = new Date()): PublicEvent['registration'] {
  if (event.status !== 'published') return 'closed'
  if (event.registrationOpensAt && now < event.registrationOpensAt) return 'not_yet_open'
  // Without an explicit close, registration runs until the event starts.
  if (now >= (event.registrationClosesAt ?? event.startsAt)) return 'closed'
  return 'open'
}

export async function getPublicEvent(db: Db, key: string): Promise<PublicEvent> {
  const event = await findByKey(db, key)
  const confirmed = event.capacity === null ? 0 : await inTenantTransaction(db, event.tenantId, (tx) => countConfirmed(tx, event.id))
  return {
    title: event.title,
    kind: event.kind as PublicEvent['kind'],
    description: event.description,
    venue: event.venue,
    online: event.onlineUrl !== null,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    status: event.status,
    registration: registrationState(event),
    seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - confirmed),
  }
}

/** Who acts for an anonymous registrant: no user and no rights beyond what registering does. */
export function publicActor(tenantId: string): Actor {
  // The audit trail and outbox store a null actor for it (both columns are nullable).
  return { tenantId, userId: null as unknown as string, tokenId: null, teamId: null, role: { id: '', key: 'event_registration', name: 'Event registration', permissions: { objects: {}, fields: {} } } }
}

// Reception codes: no 0/O or 1/I, so a code read aloud or typed from paper is not mistaken.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')

function splitName(name: string): { familyName: string; givenName?: string } {
  const [family, ...rest] = name.trim().split(/[\s\u3000]+/)
  return rest.length > 0 ? { familyName: family!, givenName: rest.join(' ') } : { familyName: family! }
}

/**
 * Links the registrant to the CRM: an existing contact with the same primary email, else an open
 * lead with that email, else a new lead owned by the event owner (decision 0026).
 */
async function linkRegistrant(ctx: ServiceContext, email: string, input: RegistrationRequest, event: { title: string; ownerId: string | null }): Promise<{ contactId: string | null; leadId: string | null }> {
  const contact = await ctx.tx.selectFrom('contacts').select('id').where('primaryEmail', '=', email).orderBy('id').executeTakeFirst()
  if (contact) return { contactId: contact.id, leadId: null }
  const lead = await findOpenLeadByEmail(ctx.tx, email)
  if (lead) return { contactId: null, leadId: lead.id }
  const kana = input.nameKana ? splitName(input.nameKana) : null
  const created = await insertNewLead(
    ctx,
    {
      ...splitName(input.name),
      ...(kana ? { familyNameKana: kana.familyName, givenNameKana: kana.givenName } : {}),
      companyName: input.company ?? undefined,
      email,
      phone: input.phone ?? undefined,
      notes: `イベント申込: ${event.title}`,
    },
    { source: 'other', ownerId: event.ownerId },
  )
  return { contactId: null, leadId: created.id }
}

export interface RegistrationOutcome {
  status: 'confirmed' | 'waitlisted'
  code: string | null
  /** What to email after the commit; null for a honeypot hit. */
  mail: { event: MailEvent; registration: MailRegistration } | null
}

export async function registerForEvent(db: Db, key: string, input: RegistrationRequest, request: { requestId: string | null; ip: string | null }): Promise<RegistrationOutcome> {
  const found = await findByKey(db, key)
  const state = registrationState(found)
  if (state !== 'open') throw conflict(state === 'not_yet_open' ? 'Registration has not opened yet.' : 'Registration for this event is closed.', [{ path: 'registration', message: state }])
  // A bot filled the hidden field: answer like a success and write nothing.
  if (input[HONEYPOT_FIELD]) return { status: 'confirmed', code: null, mail: null }
  const email = normalizeEmail(input.email)
  try {
    return await inTenantTransaction(db, found.tenantId, async (tx) => {
      const ctx: ServiceContext = { actor: publicActor(found.tenantId), tx, requestId: request.requestId, ip: request.ip }
      // The row lock serialises every registration, cancellation and capacity change of this event:
      // the count below cannot go stale before the insert commits.
      const event = await lockEvent(tx, found.id)
      if (!event || registrationState(event) !== 'open') throw conflict('Registration for this event is closed.', [{ path: 'registration', message: 'closed' }])
      const duplicate = await tx.selectFrom('eventRegistrations').select('id').where('eventId', '=', event.id).where('email', '=', email).where('status', '<>', 'cancelled').executeTakeFirst()
      if (duplicate) throw alreadyRegistered()
      const status = event.capacity === null || (await countConfirmed(tx, event.id)) < event.capacity ? 'confirmed' : 'waitlisted'
      const links = await linkRegistrant(ctx, email, input, event)
      const id = newId()
      const registration = {
        id,
        tenantId: found.tenantId,
        eventId: event.id,
        name: input.name,
        nameKana: input.nameKana ?? null,
        company: input.company ?? null,
        email,
        phone: input.phone ?? null,
        status,
        code: newCode(),
        cancelToken: randomBytes(24).toString('base64url'),
        ...links,
      } as const
      await tx.insertInto('eventRegistrations').values(registration).execute()
      await recordAudit(ctx, { objectType: REGISTRATION_OBJECT, objectId: id, action: 'create', after: { eventId: event.id, name: input.name, email, status, ...links } })
      await emitEvent(ctx, 'event.registered', { objectType: REGISTRATION_OBJECT, objectId: id, payload: { eventId: event.id, status, ...links } })
      return { status, code: status === 'confirmed' ? registration.code : null, mail: { event, registration } }
    })
  } catch (error) {
    // Two submissions of the same email at once: the partial unique index refuses the second.
    if (isUniqueViolation(error)) throw alreadyRegistered()
    throw error
  }
}

function alreadyRegistered() {
  return conflict('This email address is already registered for this event.', [{ path: 'email', message: 'already_registered' }])
}

async function findByToken(db: Db, token: string) {
  const row = await inSystemTransaction(db, (tx) =>
    tx.selectFrom('eventRegistrations').select(['id', 'tenantId', 'eventId']).where('cancelToken', '=', token).executeTakeFirst(),
  )
  if (!row) throw notFound('Registration')
  return row
}

export async function getPublicRegistration(db: Db, token: string): Promise<PublicRegistration> {
  const found = await findByToken(db, token)
  return inTenantTransaction(db, found.tenantId, async (tx) => {
    const row = await tx
      .selectFrom('eventRegistrations as r')
      .innerJoin('events as e', 'e.id', 'r.eventId')
      .select(['e.title', 'e.startsAt', 'e.endsAt', 'e.timeZone', 'r.name', 'r.status'])
      .where('r.id', '=', found.id)
      .executeTakeFirstOrThrow()
    return { eventTitle: row.title, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), timeZone: row.timeZone, name: row.name, status: row.status }
  })
}

export interface CancellationOutcome {
  cancelled: { event: MailEvent; registration: MailRegistration } | null
  promoted: Promotion[]
}

/**
 * Cancels one registration (by its registrant or by staff) under the event lock and confirms the
 * oldest waitlisted registrant into the freed seat. Cancelling twice is a no-op.
 */
export async function cancelRegistrationInTx(ctx: ServiceContext, registrationId: string): Promise<CancellationOutcome> {
  const current = await ctx.tx.selectFrom('eventRegistrations').select(['eventId']).where('id', '=', registrationId).executeTakeFirst()
  if (!current) throw notFound('Registration')
  const event = await lockEvent(ctx.tx, current.eventId)
  if (!event) throw notFound('Event')
  const before = await ctx.tx.selectFrom('eventRegistrations').selectAll().where('id', '=', registrationId).executeTakeFirstOrThrow()
  if (before.status === 'cancelled') return { cancelled: null, promoted: [] }
  if (before.checkedInAt) throw invalid('This registrant has already checked in.', [{ path: 'status', message: 'checked_in' }])
  await ctx.tx.updateTable('eventRegistrations').set({ status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() }).where('id', '=', registrationId).execute()
  await recordAudit(ctx, { objectType: REGISTRATION_OBJECT, objectId: registrationId, action: 'update', before: { status: before.status }, after: { status: 'cancelled' } })
  await emitEvent(ctx, 'event.registration_cancelled', { objectType: REGISTRATION_OBJECT, objectId: registrationId, payload: { eventId: event.id, was: before.status } })
  const promoted = before.status === 'confirmed' ? await promoteFromWaitlist(ctx.tx, event.id) : []
  for (const p of promoted) {
    await recordAudit(ctx, { objectType: REGISTRATION_OBJECT, objectId: p.registration.id, action: 'update', before: { status: 'waitlisted' }, after: { status: 'confirmed' } })
    await emitEvent(ctx, 'event.registration_promoted', { objectType: REGISTRATION_OBJECT, objectId: p.registration.id, payload: { eventId: event.id } })
  }
  return { cancelled: { event, registration: before }, promoted }
}

export async function cancelByToken(db: Db, token: string, request: { requestId: string | null; ip: string | null }): Promise<CancellationOutcome> {
  const found = await findByToken(db, token)
  return inTenantTransaction(db, found.tenantId, (tx: Tx) => cancelRegistrationInTx({ actor: publicActor(found.tenantId), tx, requestId: request.requestId, ip: request.ip }, found.id))
}
