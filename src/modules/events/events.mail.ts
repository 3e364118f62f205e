/**
 * What registrants receive: confirmation (with an .ics file), waitlist notice, promotion from the
 * waitlist, reminder and cancellation. Japanese (敬語) first, English below: the registrant's language
 * is not known. Job handlers get no mailer, so the route registrar binds the app's mailer to its database.
 */
import type { MailBinding } from '../../platform/mail/binding.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'

export type EventMailBinding = MailBinding

export interface MailEvent {
  id: string
  title: string
  kind: string
  description: string | null
  venue: string | null
  onlineUrl: string | null
  startsAt: Date
  endsAt: Date
  timeZone: string
}

export interface MailRegistration {
  id: string
  name: string
  email: string
  code: string
  cancelToken: string
}

function formatRange(event: MailEvent, locale: 'ja' | 'en'): string {
  const day = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: event.timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })
  const time = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: event.timeZone, hour: '2-digit', minute: '2-digit', hour12: false })
  const sameDay = day.format(event.startsAt) === day.format(event.endsAt)
  const end = sameDay ? time.format(event.endsAt) : `${day.format(event.endsAt)} ${time.format(event.endsAt)}`
  return `${day.format(event.startsAt)} ${time.format(event.startsAt)}${locale === 'ja' ? '〜' : ' – '}${end} (${event.timeZone})`
}

function where(event: MailEvent, locale: 'ja' | 'en'): string[] {
  const lines: string[] = []
  if (event.venue) lines.push(`${locale === 'ja' ? '会場' : 'Venue'}: ${event.venue}`)
  if (event.onlineUrl) lines.push(`${locale === 'ja' ? '参加URL' : 'Join online'}: ${event.onlineUrl}`)
  return lines
}

const SEPARATOR = '\n----------------------------------------\n'

function compose(to: string, subject: string, ja: string[], en: string[], attachments?: MailMessage['attachments']): MailMessage {
  return { to, subject, text: `${ja.join('\n')}\n${SEPARATOR}\n${en.join('\n')}\n`, ...(attachments ? { attachments } : {}) }
}

// ---- iCalendar (RFC 5545) -------------------------------------------------------------------

const icsText = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
const icsTime = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = Buffer.byteLength(char)
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

export function eventIcs(event: MailEvent, registration: { id: string } | null, options: { cancelled?: boolean } = {}): string {
  const location = [event.venue, event.onlineUrl].filter(Boolean).join(' / ')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Daifuku//Events//JA',
    'CALSCALE:GREGORIAN',
    `METHOD:${options.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    // One UID per event and registrant, so a later update or cancellation replaces the same entry.
    `UID:${event.id}${registration ? `-${registration.id}` : ''}@daifuku`,
    `DTSTAMP:${icsTime(new Date())}`,
    `DTSTART:${icsTime(event.startsAt)}`,
    `DTEND:${icsTime(event.endsAt)}`,
    `SUMMARY:${icsText(event.title)}`,
    ...(event.description ? [`DESCRIPTION:${icsText(event.description)}`] : []),
    ...(location ? [`LOCATION:${icsText(location)}`] : []),
    ...(event.onlineUrl ? [`URL:${event.onlineUrl}`] : []),
    `STATUS:${options.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}

const icsAttachment = (event: MailEvent, registration: MailRegistration) => [
  { filename: 'event.ics', content: eventIcs(event, registration), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
]

// ---- Messages ---------------------------------------------------------------------------------

const cancelUrl = (publicUrl: string, r: MailRegistration) => `${publicUrl}/e/cancel/${r.cancelToken}`

export function confirmationMail(event: MailEvent, r: MailRegistration, publicUrl: string): MailMessage {
  return compose(
    r.email,
    `【お申し込み完了】${event.title} / Registration confirmed`,
    [
      `${r.name} 様`,
      '',
      `このたびは「${event.title}」にお申し込みいただき、誠にありがとうございます。`,
      '下記の内容でお申し込みを承りました。当日のご来場を心よりお待ちしております。',
      '',
      `日時: ${formatRange(event, 'ja')}`,
      ...where(event, 'ja'),
      `受付番号: ${r.code}`,
      '',
      '当日は受付にて受付番号をお伝えください。カレンダー登録用のファイル（event.ics）を添付しております。',
      `ご都合が悪くなった場合は、お手数ですが下記よりキャンセルのお手続きをお願いいたします。`,
      cancelUrl(publicUrl, r),
    ],
    [
      `Dear ${r.name},`,
      '',
      `Thank you for registering for "${event.title}". Your place is confirmed.`,
      `When: ${formatRange(event, 'en')}`,
      ...where(event, 'en'),
      `Registration code: ${r.code} (please give it at the reception desk)`,
      'A calendar file (event.ics) is attached.',
      `If you can no longer attend, please cancel here: ${cancelUrl(publicUrl, r)}`,
    ],
    icsAttachment(event, r),
  )
}

export function waitlistMail(event: MailEvent, r: MailRegistration, publicUrl: string): MailMessage {
  return compose(
    r.email,
    `【キャンセル待ち受付】${event.title} / You are on the waitlist`,
    [
      `${r.name} 様`,
      '',
      `「${event.title}」にお申し込みいただき、誠にありがとうございます。`,
      'あいにく定員に達しておりますため、キャンセル待ちとして承りました。',
      'お席に空きが出ましたら自動的に参加確定となり、改めてメールにてご案内いたします。',
      '',
      `日時: ${formatRange(event, 'ja')}`,
      '',
      'キャンセル待ちを取り消される場合は、下記よりお手続きください。',
      cancelUrl(publicUrl, r),
    ],
    [
      `Dear ${r.name},`,
      '',
      `Thank you for registering for "${event.title}". The event is full, so you are on the waitlist.`,
      'If a place becomes free you are confirmed automatically and we will email you again.',
      `When: ${formatRange(event, 'en')}`,
      `To leave the waitlist: ${cancelUrl(publicUrl, r)}`,
    ],
  )
}

export function promotedMail(event: MailEvent, r: MailRegistration, publicUrl: string): MailMessage {
  const confirmation = confirmationMail(event, r, publicUrl)
  return {
    ...confirmation,
    subject: `【参加確定のご案内】${event.title} / A place is now confirmed`,
    text: `${r.name} 様\n\nキャンセル待ちでお申し込みいただいておりました「${event.title}」にお席のご用意ができましたので、参加確定としてご案内いたします。\n\n${confirmation.text}`,
  }
}

export function reminderMail(event: MailEvent, r: MailRegistration, publicUrl: string): MailMessage {
  return compose(
    r.email,
    `【開催のご案内】${event.title} / Reminder`,
    [
      `${r.name} 様`,
      '',
      `お申し込みいただいております「${event.title}」の開催が近づいてまいりましたので、ご案内申し上げます。`,
      '',
      `日時: ${formatRange(event, 'ja')}`,
      ...where(event, 'ja'),
      `受付番号: ${r.code}`,
      '',
      'ご参加が難しくなった場合は、下記よりキャンセルのお手続きをお願いいたします。',
      cancelUrl(publicUrl, r),
    ],
    [`Dear ${r.name},`, '', `This is a reminder of "${event.title}".`, `When: ${formatRange(event, 'en')}`, ...where(event, 'en'), `Registration code: ${r.code}`, `Cannot attend? ${cancelUrl(publicUrl, r)}`],
  )
}

export function cancelledMail(event: MailEvent, r: MailRegistration): MailMessage {
  return compose(
    r.email,
    `【キャンセル受付】${event.title} / Registration cancelled`,
    [`${r.name} 様`, '', `「${event.title}」のお申し込みのキャンセルを承りました。`, 'またの機会にお目にかかれますことを楽しみにしております。'],
    [`Dear ${r.name},`, '', `Your registration for "${event.title}" has been cancelled. We hope to see you another time.`],
  )
}

export function eventCancelledMail(event: MailEvent, r: MailRegistration & { status: string }): MailMessage {
  const confirmed = r.status === 'confirmed'
  return compose(
    r.email,
    `【開催中止のお知らせ】${event.title} / Event cancelled`,
    [
      `${r.name} 様`,
      '',
      `このたびは「${event.title}」にお申し込みいただき、誠にありがとうございました。`,
      '誠に恐縮ではございますが、諸般の事情により、本イベントの開催を中止させていただくこととなりました。',
      'ご予定を調整いただいておりましたところ、多大なるご迷惑をおかけいたしますことを心より深くお詫び申し上げます。',
      '',
      `日時（中止）: ${formatRange(event, 'ja')}`,
      ...(confirmed ? ['', 'カレンダーから予定を削除するためのファイル（event.ics）を添付しております。'] : []),
    ],
    [
      `Dear ${r.name},`,
      '',
      `We regret to inform you that "${event.title}" (${formatRange(event, 'en')}) has been cancelled.`,
      'We sincerely apologise for the inconvenience.',
      ...(confirmed ? ['The attached event.ics removes it from your calendar.'] : []),
    ],
    confirmed ? [{ filename: 'event.ics', content: eventIcs(event, r, { cancelled: true }), contentType: 'text/calendar; charset=utf-8; method=CANCEL' }] : undefined,
  )
}
