/**
 * Outgoing email through SMTP from the configuration. Without SMTP (development) the
 * message, links included, is written to the log instead, so reset links still work.
 */
import nodemailer from 'nodemailer'
import type { SmtpConfig } from '../config.ts'
import type { Logger } from '../logger.ts'

export interface MailAttachment {
  filename: string
  content: string | Buffer
  /** e.g. 'text/calendar; charset=utf-8; method=PUBLISH' for an .ics invitation. */
  contentType?: string
}

export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
  attachments?: MailAttachment[]
}

export interface Mailer {
  send(message: MailMessage): Promise<void>
}

export function createMailer(smtp: SmtpConfig | undefined, logger: Logger): Mailer {
  if (!smtp) {
    return {
      async send(message) {
        logger.info({ mail: { to: message.to, subject: message.subject, attachments: message.attachments?.map((a) => a.filename) } }, `email (SMTP not configured):\n${message.text}`)
      },
    }
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // Local relays in development and tests often have self-signed certificates.
    tls: { rejectUnauthorized: process.env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false' },
  })
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, ...message })
    },
  }
}
