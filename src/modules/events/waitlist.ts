/**
 * Waitlist promotion: whenever seats free up (a cancellation, a larger capacity, publishing), the oldest
 * waitlisted registrants are confirmed in the same transaction. The caller holds the event's row lock, so
 * a registration arriving at the same moment cannot take the seat twice.
 */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'
import type { MailEvent, MailRegistration } from './events.mail.ts'

export interface Promotion {
  event: MailEvent
  registration: MailRegistration
}

export async function lockEvent(tx: Tx, eventId: string) {
  return tx
    .selectFrom('events')
    .select(['id', 'tenantId', 'title', 'kind', 'description', 'venue', 'onlineUrl', 'startsAt', 'endsAt', 'timeZone', 'capacity', 'status', 'ownerId', 'registrationOpensAt', 'registrationClosesAt'])
    .where('id', '=', eventId)
    .forUpdate()
    .executeTakeFirst()
}

export async function countConfirmed(tx: Tx, eventId: string): Promise<number> {
  const row = await tx
    .selectFrom('eventRegistrations')
    .select(sql<string>`count(*)`.as('n'))
    .where('eventId', '=', eventId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Confirms the oldest waitlisted registrants while seats are free; the caller must hold the event lock. */
export async function promoteFromWaitlist(tx: Tx, eventId: string): Promise<Promotion[]> {
  const event = await lockEvent(tx, eventId)
  if (!event || event.status !== 'published') return []
  const free = event.capacity === null ? 10_000 : event.capacity - (await countConfirmed(tx, eventId))
  if (free <= 0) return []
  const promoted = await tx
    .updateTable('eventRegistrations')
    .set({ status: 'confirmed', promotedAt: new Date(), updatedAt: new Date() })
    .where('id', 'in', (eb) =>
      eb.selectFrom('eventRegistrations').select('id').where('eventId', '=', eventId).where('status', '=', 'waitlisted').orderBy('id').limit(free),
    )
    .returning(['id', 'name', 'email', 'code', 'cancelToken'])
    .execute()
  return promoted.map((registration) => ({ event, registration }))
}
