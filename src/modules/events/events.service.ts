/** Events for staff: list, create, edit (publish, cancel, finish), delete, with registration counts. */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, toPage, type Page } from '../../platform/db/pagination.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { Event, EventInput, EventListQuery, EventPatch } from './events.schema.ts'
import type { MailEvent, MailRegistration } from './events.mail.ts'
import { promoteFromWaitlist, type Promotion } from './waitlist.ts'

export const OBJECT = 'events'

export function selectEvents(tx: Tx) {
  return tx
    .selectFrom('events as e')
    .leftJoin('users as u', 'u.id', 'e.ownerId')
    .select([
      'e.id',
      'e.title',
      'e.kind',
      'e.description',
      'e.venue',
      'e.onlineUrl',
      'e.startsAt',
      'e.endsAt',
      'e.timeZone',
      'e.capacity',
      'e.registrationOpensAt',
      'e.registrationClosesAt',
      'e.status',
      'e.publicKey',
      'e.reminderHours',
      'e.ownerId',
      'u.name as ownerName',
      'e.createdAt',
      'e.updatedAt',
    ])
    .select([
      // Counted in SQL per event (the registrations index is on (tenant, event)).
      sql<string>`(select count(*) from event_registrations r where r.event_id = e.id and r.status = 'confirmed')`.as('confirmed'),
      sql<string>`(select count(*) from event_registrations r where r.event_id = e.id and r.status = 'waitlisted')`.as('waitlisted'),
      sql<string>`(select count(*) from event_registrations r where r.event_id = e.id and r.status = 'cancelled')`.as('cancelled'),
      sql<string>`(select count(*) from event_registrations r where r.event_id = e.id and r.status = 'confirmed' and r.checked_in_at is not null)`.as('checkedIn'),
    ])
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['executeTakeFirstOrThrow']>>

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

export function presentEvent(row: EventRow): Event {
  const confirmed = Number(row.confirmed)
  const checkedIn = Number(row.checkedIn)
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    description: row.description,
    venue: row.venue,
    onlineUrl: row.onlineUrl,
    startsAt: iso(row.startsAt)!,
    endsAt: iso(row.endsAt)!,
    timeZone: row.timeZone,
    capacity: row.capacity,
    registrationOpensAt: iso(row.registrationOpensAt),
    registrationClosesAt: iso(row.registrationClosesAt),
    status: row.status,
    publicKey: row.publicKey,
    reminderHours: row.reminderHours,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    counts: {
      confirmed,
      waitlisted: Number(row.waitlisted),
      cancelled: Number(row.cancelled),
      checkedIn,
      attendanceRate: confirmed > 0 ? Math.round((checkedIn / confirmed) * 1000) / 1000 : null,
    },
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  }
}

function auditable(row: EventRow): Record<string, unknown> {
  const { ownerName: _o, confirmed: _c, waitlisted: _w, cancelled: _x, checkedIn: _i, createdAt: _a, updatedAt: _b, ...fields } = row
  return { ...fields, startsAt: iso(fields.startsAt), endsAt: iso(fields.endsAt), registrationOpensAt: iso(fields.registrationOpensAt), registrationClosesAt: iso(fields.registrationClosesAt) }
}

export async function eventRow(tx: Tx, id: string): Promise<EventRow> {
  const row = await selectEvents(tx).where('e.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Event')
  return row
}

async function assertOwner(ctx: ServiceContext, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return
  const member = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', ownerId).where('status', '=', 'active').executeTakeFirst()
  if (!member) throw invalid('No such user in this tenant.', [{ path: 'ownerId', message: 'No such user in this tenant.' }])
}

export async function listEvents(ctx: ServiceContext, query: EventListQuery): Promise<Page<Event>> {
  authorize(ctx, OBJECT, 'read')
  const cursor = decodeCursor(query.cursor, 1)
  let q = selectEvents(ctx.tx)
  if (query.status) q = q.where('e.status', '=', query.status)
  if (query.q?.trim()) q = q.where(sql<boolean>`e.title ilike ${`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
  if (cursor) q = q.where('e.id', '<', String(cursor[0]))
  const rows = await q.orderBy('e.id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (r) => [r.id])
  return { data: page.data.map(presentEvent), nextCursor: page.nextCursor }
}

export async function getEvent(ctx: ServiceContext, id: string): Promise<Event> {
  authorize(ctx, OBJECT, 'read')
  return presentEvent(await eventRow(ctx.tx, id))
}

export async function createEvent(ctx: ServiceContext, input: EventInput): Promise<Event> {
  authorize(ctx, OBJECT, 'create')
  await assertOwner(ctx, input.ownerId)
  const id = newId()
  await ctx.tx
    .insertInto('events')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      title: input.title,
      kind: input.kind,
      description: input.description ?? null,
      venue: input.venue ?? null,
      onlineUrl: input.onlineUrl ?? null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeZone: input.timeZone ?? 'Asia/Tokyo',
      capacity: input.capacity ?? null,
      registrationOpensAt: input.registrationOpensAt ?? null,
      registrationClosesAt: input.registrationClosesAt ?? null,
      reminderHours: input.reminderHours ?? 24,
      // Unguessable: an event id seen in the app or the API never works as a public address.
      publicKey: randomBytes(18).toString('base64url'),
      // The creator runs the event unless someone else is named: follow-up tasks go to the owner.
      ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
      createdBy: ctx.actor.userId,
    })
    .execute()
  const created = await eventRow(ctx.tx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'event.created', { objectType: OBJECT, objectId: id, payload: { title: created.title } })
  return presentEvent(created)
}

export interface EventUpdate {
  event: Event
  /** Waitlisted registrants confirmed by this edit (more capacity, publishing). */
  promoted: Promotion[]
  /** When the edit cancelled the event: who held a place or waited, to be told. */
  cancelled: { event: MailEvent; registrations: (MailRegistration & { status: string })[] } | null
}

/**
 * An edit; a larger capacity (or none) promotes waitlisted registrants at once, and cancelling the
 * event lists its live registrants. The route emails both after the commit.
 */
export async function updateEvent(ctx: ServiceContext, id: string, patch: EventPatch): Promise<EventUpdate> {
  authorize(ctx, OBJECT, 'update')
  // Lock first: capacity changes and registrations for this event wait for each other.
  await ctx.tx.selectFrom('events').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  const before = await eventRow(ctx.tx, id)
  await assertOwner(ctx, patch.ownerId)
  const merged = {
    startsAt: patch.startsAt ?? iso(before.startsAt)!,
    endsAt: patch.endsAt ?? iso(before.endsAt)!,
    opens: patch.registrationOpensAt === undefined ? iso(before.registrationOpensAt) : patch.registrationOpensAt,
    closes: patch.registrationClosesAt === undefined ? iso(before.registrationClosesAt) : patch.registrationClosesAt,
  }
  if (Date.parse(merged.endsAt) <= Date.parse(merged.startsAt)) throw invalid('The end must be after the start.', [{ path: 'endsAt', message: 'The end must be after the start.' }])
  if (merged.opens && merged.closes && Date.parse(merged.closes) <= Date.parse(merged.opens)) {
    throw invalid('Registration must close after it opens.', [{ path: 'registrationClosesAt', message: 'Registration must close after it opens.' }])
  }
  await ctx.tx
    .updateTable('events')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
  const promoted = patch.capacity !== undefined || patch.status === 'published' ? await promoteFromWaitlist(ctx.tx, id) : []
  const after = await eventRow(ctx.tx, id)
  if (await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })) {
    const type = patch.status && patch.status !== before.status ? `event.${patch.status}` : 'event.updated'
    await emitEvent(ctx, type, { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch), promoted: promoted.length } })
  }
  let cancelled: EventUpdate['cancelled'] = null
  if (patch.status === 'cancelled' && before.status === 'published') {
    const registrations = await ctx.tx
      .selectFrom('eventRegistrations')
      .select(['id', 'name', 'email', 'code', 'cancelToken', 'status'])
      .where('eventId', '=', id)
      .where('status', 'in', ['confirmed', 'waitlisted'])
      .orderBy('id')
      .execute()
    cancelled = { event: { ...after, startsAt: new Date(after.startsAt), endsAt: new Date(after.endsAt) }, registrations }
  }
  return { event: presentEvent(after), promoted, cancelled }
}

export async function deleteEvent(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await eventRow(ctx.tx, id)
  await ctx.tx.deleteFrom('events').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'event.deleted', { objectType: OBJECT, objectId: id })
}
