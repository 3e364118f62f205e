/**
 * The app's mailer for background jobs, which get a database but no app. The server binds its
 * mailer to its database at start; a worker-only process builds one from the environment (it
 * logs the mail when SMTP is not set up).
 */
import { loadConfig } from '../config.ts'
import type { Db } from '../db/database.ts'
import type { Logger } from '../logger.ts'
import { createMailer, type Mailer } from './mailer.ts'

export interface MailBinding {
  mailer: Mailer
  publicUrl: string
}

const bindings = new WeakMap<Db, MailBinding>()

export function bindMailer(db: Db, binding: MailBinding): void {
  bindings.set(db, binding)
}

export function mailBindingFor(db: Db, logger: Logger): MailBinding {
  const bound = bindings.get(db)
  if (bound) return bound
  const config = loadConfig()
  const binding = { mailer: createMailer(config.smtp, logger), publicUrl: config.publicUrl }
  bindings.set(db, binding)
  return binding
}
