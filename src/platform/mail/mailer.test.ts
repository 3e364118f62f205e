import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.ts'
import { createMailer } from './mailer.ts'

let smtp: SmtpSink
beforeAll(async () => {
  smtp = await startSmtpSink()
})
afterAll(async () => {
  await smtp?.close()
})

describe('mailer', () => {
  it('sends attachments through SMTP as MIME parts with their file name and type', async () => {
    const mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Daifuku <no-reply@example.test>' }, createLogger('silent'))
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'
    await mailer.send({ to: 'guest@example.test', subject: 'ご案内', text: '本文です。', attachments: [{ filename: 'event.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] })
    const [mail] = await smtp.waitFor(1)
    expect(mail!.to).toEqual(['guest@example.test'])
    expect(mail!.subject).toBe('ご案内')
    expect(mail!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/i)
    expect(mail!.raw).toMatch(/filename=event\.ics/)
    const part = /filename=event\.ics\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(mail!.raw)
    expect(Buffer.from(part![1]!.replace(/\s+/g, ''), 'base64').toString('utf8')).toBe(ics)
  })
})
