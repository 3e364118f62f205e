/**
 * The email copy of a notification, sent by a job. Job handlers get no mailer, so the HTTP
 * registrar binds the app's mailer to its database; a worker-only process builds one from the
 * environment's configuration.
 */
import type { Db } from '../../platform/db/database.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { loadConfig } from '../../platform/config.ts'
import { registerJobHandler } from '../../platform/jobs/index.ts'
import type { Logger } from '../../platform/logger.ts'
import { createMailer, type Mailer, type MailMessage } from '../../platform/mail/mailer.ts'
import { NOTIFICATION_EMAIL_JOB } from './notifications.service.ts'

interface MailBinding {
  /** Null when SMTP is not configured: notifications then stay in-app only. */
  mailer: Mailer | null
  publicUrl: string
}

const bindings = new WeakMap<Db, MailBinding>()

export function bindNotificationMailer(db: Db, binding: MailBinding): void {
  bindings.set(db, binding)
}

function bindingFor(db: Db, logger: Logger): MailBinding {
  const bound = bindings.get(db)
  if (bound) return bound
  const config = loadConfig()
  const binding = { mailer: config.smtp ? createMailer(config.smtp, logger) : null, publicUrl: config.publicUrl }
  bindings.set(db, binding)
  return binding
}

export function notificationMail(input: { to: string; locale: string | null; kind: string; title: string; body: string | null; url: string | null }): MailMessage {
  const en = input.locale === 'en'
  const lines = en
    ? [`Reminder from Daifuku: ${input.title}`, '', ...(input.body ? [input.body, ''] : []), ...(input.url ? [`Open: ${input.url}`] : [])]
    : [`Daifuku からのリマインダーをお送りいたします。`, '', `件名：${input.title}`, ...(input.body ? ['', input.body] : []), ...(input.url ? ['', `詳細：${input.url}`] : [])]
  return {
    to: input.to,
    subject: en ? `[Daifuku] Reminder: ${input.title}` : `【Daifuku】リマインダー：${input.title}`,
    text: `${lines.join('\n')}\n`,
  }
}

registerJobHandler(NOTIFICATION_EMAIL_JOB, async ({ db, job, payload, logger }) => {
  const binding = bindingFor(db, logger)
  if (!binding.mailer || !job.tenantId) return
  const notificationId = String(payload.notificationId)
  const found = await inTenantTransaction(db, job.tenantId, (tx) =>
    tx
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.userId')
      .select(['n.kind', 'n.title', 'n.body', 'n.link', 'u.email', 'u.locale'])
      .where('n.id', '=', notificationId)
      .executeTakeFirst(),
  )
  // Deleted with its user or tenant: nothing to send.
  if (!found) return
  await binding.mailer.send(
    notificationMail({ to: found.email, locale: found.locale, kind: found.kind, title: found.title, body: found.body, url: found.link ? `${binding.publicUrl}${found.link}` : null }),
  )
})
