/**
 * A registrant recorded as a lead (no contact had their email) becomes a contact when the lead is
 * converted: the registration then points at that contact too, so the event shows on the person's and
 * their company's 360° timeline and in follow-ups. The lead stays on the registration as where it came from.
 */
import { sql } from 'kysely'
import { onEvent } from '../../platform/events/outbox.ts'

onEvent('lead.converted', async (event, tx) => {
  const contactId = typeof event.payload.contactId === 'string' ? event.payload.contactId : null
  if (!event.objectId || !contactId) return
  // Idempotent: a redelivered event finds nothing left to link.
  await sql`
    update event_registrations set contact_id = ${contactId}, updated_at = now()
    where tenant_id = ${event.tenantId} and lead_id = ${event.objectId} and contact_id is null`.execute(tx)
})
