/**
 * Reminder emails before an event, sent by a recurring job. Each registration is claimed
 * (reminder_sent_at set) and mailed inside one transaction that holds its row: a second worker, or
 * the next run, finds it claimed and sends nothing, and a failed send rolls the claim back so the
 * next run tries again. So a reminder goes out once, never twice.
 */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import type { Logger } from '../../platform/logger.ts'
import { mailBindingFor } from '../../platform/mail/binding.ts'
import { reminderMail, type EventMailBinding } from './events.mail.ts'

export const EVENT_REMINDERS_JOB = 'events.reminders'

/** Sends every due reminder; returns how many were sent. */
export async function sendDueEventReminders(db: Db, binding: EventMailBinding, logger: Logger, now = new Date()): Promise<number> {
  // Across tenants: confirmed registrants of published events starting within their reminder window.
  const due = await inSystemTransaction(db, (tx) =>
    tx
      .selectFrom('eventRegistrations as r')
      .innerJoin('events as e', 'e.id', 'r.eventId')
      .select(['r.id', 'r.tenantId'])
      .where('e.status', '=', 'published')
      .where('e.startsAt', '>', now)
      .where(sql<boolean>`e.starts_at <= ${now.toISOString()}::timestamptz + make_interval(hours => e.reminder_hours)`)
      .where('r.status', '=', 'confirmed')
      .where('r.reminderSentAt', 'is', null)
      .orderBy('r.id')
      .limit(1000)
      .execute(),
  )
  let sent = 0
  for (const { id, tenantId } of due) {
    try {
      const done = await inTenantTransaction(db, tenantId, async (tx) => {
        const claimed = await tx
          .updateTable('eventRegistrations')
          .set({ reminderSentAt: new Date() })
          .where('id', '=', id)
          .where('reminderSentAt', 'is', null)
          .where('status', '=', 'confirmed')
          .returning(['id', 'eventId', 'name', 'email', 'code', 'cancelToken'])
          .executeTakeFirst()
        if (!claimed) return false
        const event = await tx
          .selectFrom('events')
          .select(['id', 'title', 'kind', 'description', 'venue', 'onlineUrl', 'startsAt', 'endsAt', 'timeZone'])
          .where('id', '=', claimed.eventId)
          .executeTakeFirstOrThrow()
        await binding.mailer.send(reminderMail(event, claimed, binding.publicUrl))
        return true
      })
      if (done) sent++
    } catch (error) {
      logger.error({ err: error, registrationId: id }, 'event reminder not sent; retried on the next run')
    }
  }
  return sent
}

registerJobHandler(EVENT_REMINDERS_JOB, async ({ db, logger }) => {
  const sent = await sendDueEventReminders(db, mailBindingFor(db, logger), logger)
  if (sent > 0) logger.info({ sent }, 'event reminders sent')
})
defineRecurringJob({ name: 'event-reminders', type: EVENT_REMINDERS_JOB, intervalSeconds: 300 })
