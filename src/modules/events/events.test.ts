import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact } from '../contacts/index.ts'
import { getTimeline } from '../customer-360/index.ts'
import { createEvent, registerForEvent, sendDueEventReminders, updateEvent } from './index.ts'
import { convertLead } from '../leads/index.ts'
import { publishPendingEvents } from '../../platform/events/outbox.ts'
import { mailBindingFor } from '../../platform/mail/binding.ts'

const PUBLIC_URL = 'https://crm.example.test'
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ config: { publicUrl: PUBLIC_URL } })
})
afterAll(async () => {
  await t?.close()
})

const hour = 3600_000
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const visitor = { requestId: null, ip: '192.0.2.1' }

async function publishedEvent(admin: { userId: string; tenantId: string }, extra: { capacity?: number | null; startsIn?: number; title?: string } = {}) {
  const start = extra.startsIn ?? 72 * hour
  const event = await asUser(t.app, admin, (ctx) =>
    createEvent(ctx, {
      title: extra.title ?? '新製品セミナー',
      kind: 'seminar',
      venue: '東京都千代田区丸の内1-1-1 大福ビル 10F',
      onlineUrl: 'https://meet.example.test/abc',
      startsAt: at(start),
      endsAt: at(start + 2 * hour),
      timeZone: 'Asia/Tokyo',
      capacity: extra.capacity === undefined ? 2 : extra.capacity,
    }),
  )
  await asUser(t.app, admin, (ctx) => updateEvent(ctx, event.id, { status: 'published' }))
  return event
}

const registrations = (tenantId: string, eventId: string) =>
  inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('eventRegistrations').selectAll().where('eventId', '=', eventId).orderBy('id').execute())

describe('events: registration, capacity and waitlist', () => {
  it('never overbooks under concurrent registrations: capacity confirmed, the rest waitlisted in order', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin, { capacity: 3 })
    // All at once: on PostgreSQL these run as parallel transactions on separate connections and queue on the event row lock.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => registerForEvent(t.app.db, event.publicKey, { name: `参加者 ${i}`, email: `p${i}@example.test`, company: '大福商事' }, visitor)),
    )
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(3)
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(5)
    const rows = await registrations(tenantId, event.id)
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(3)
    // The first three by registration order hold the seats.
    expect(rows.slice(0, 3).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed'])
  })

  it('refuses the same email twice kindly (409 naming the email), also in different case, but allows it again after cancelling', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin)
    const url = `/api/v1/public/events/${event.publicKey}/registrations`
    const first = await t.http.inject({ method: 'POST', url, payload: { name: '山田 太郎', email: 'yamada@example.test' } })
    expect(first.statusCode).toBe(201)
    const again = await t.http.inject({ method: 'POST', url, payload: { name: '山田 太郎', email: 'YAMADA@Example.test' } })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.details).toEqual([{ path: 'email', message: 'already_registered' }])
    const [row] = await registrations(tenantId, event.id)
    const cancel = await t.http.inject({ method: 'POST', url: `/api/v1/public/event-registrations/${row!.cancelToken}/cancel` })
    expect(cancel.json()).toEqual({ status: 'cancelled', promoted: 0 })
    expect((await t.http.inject({ method: 'POST', url, payload: { name: '山田 太郎', email: 'yamada@example.test' } })).statusCode).toBe(201)
  })

  it('promotes the oldest waitlisted registrant when a confirmed one cancels, and emails them a confirmation with the .ics', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin, { capacity: 1 })
    const url = `/api/v1/public/events/${event.publicKey}/registrations`
    const seat = await t.http.inject({ method: 'POST', url, payload: { name: '一番 乗り', email: 'first@example.test' } })
    expect(seat.json()).toMatchObject({ status: 'confirmed', code: expect.stringMatching(/^[A-Z2-9]{6}$/) })
    expect((await t.http.inject({ method: 'POST', url, payload: { name: '二番 手', email: 'second@example.test' } })).json()).toEqual({ status: 'waitlisted', code: null })
    expect((await t.http.inject({ method: 'POST', url, payload: { name: '三番 手', email: 'third@example.test' } })).json().status).toBe('waitlisted')
    const publicView = (await t.http.inject({ method: 'GET', url: `/api/v1/public/events/${event.publicKey}` })).json()
    expect(publicView).toMatchObject({ title: '新製品セミナー', registration: 'open', seatsLeft: 0, online: true })
    expect(publicView).not.toHaveProperty('onlineUrl')
    const waitMail = t.outbox.find((m) => m.to === 'second@example.test')!
    expect(waitMail.subject).toContain('キャンセル待ち')
    expect(waitMail.attachments).toBeUndefined()

    const [first] = await registrations(tenantId, event.id)
    const before = t.outbox.length
    const cancelled = await t.http.inject({ method: 'POST', url: `/api/v1/public/event-registrations/${first!.cancelToken}/cancel` })
    expect(cancelled.json()).toEqual({ status: 'cancelled', promoted: 1 })
    const rows = await registrations(tenantId, event.id)
    expect(rows.map((r) => [r.email, r.status])).toEqual([
      ['first@example.test', 'cancelled'],
      ['second@example.test', 'confirmed'],
      ['third@example.test', 'waitlisted'],
    ])
    expect(rows[1]!.promotedAt).not.toBeNull()
    const sent = t.outbox.slice(before)
    expect(sent.map((m) => m.to)).toEqual(['first@example.test', 'second@example.test'])
    expect(sent[1]!.subject).toContain('参加確定')
    expect(sent[1]!.attachments?.[0]).toMatchObject({ filename: 'event.ics', contentType: expect.stringContaining('text/calendar') })
    // Raising the capacity confirms the next in line.
    await asUser(t.app, admin, (ctx) => updateEvent(ctx, event.id, { capacity: 2 }))
    expect((await registrations(tenantId, event.id))[2]!.status).toBe('confirmed')
  })

  it('emails a confirmation in 敬語 with an .ics calendar file, the reception code and a cancellation link', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin, { title: '決算説明会, 2027年' })
    const response = await t.http.inject({ method: 'POST', url: `/api/v1/public/events/${event.publicKey}/registrations`, payload: { name: '佐藤 花子', nameKana: 'サトウ ハナコ', company: '株式会社テスト', email: 'hanako@example.test', phone: '03-1234-5678' } })
    expect(response.statusCode).toBe(201)
    const mail = t.outbox.find((m) => m.to === 'hanako@example.test')!
    const [row] = await registrations(tenantId, event.id)
    expect(mail.subject).toBe('【お申し込み完了】決算説明会, 2027年 / Registration confirmed')
    expect(mail.text).toContain('佐藤 花子 様')
    expect(mail.text).toContain('お申し込みいただき、誠にありがとうございます')
    expect(mail.text).toContain(`受付番号: ${row!.code}`)
    expect(mail.text).toContain(`${PUBLIC_URL}/e/cancel/${row!.cancelToken}`)
    expect(mail.text).toContain('(Asia/Tokyo)')
    const ics = String(mail.attachments![0]!.content)
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(ics).toContain('BEGIN:VEVENT')
    expect(ics).toContain(`DTSTART:${event.startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`)
    expect(ics).toContain('SUMMARY:決算説明会\\, 2027年')
    expect(ics).toContain('END:VCALENDAR\r\n')
    // Every physical line within 75 octets (RFC 5545 folding).
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true)
  })

  it('matches registrants to contacts by email (shown on the 360° timeline as an event) or records a new lead', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '高橋工業株式会社' }))
    const contact = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '高橋', givenName: '一郎', accountId: account.id, emails: [{ type: 'work', address: 'Takahashi@Example.test', primary: true }] }),
    )
    const event = await publishedEvent(admin)
    await registerForEvent(t.app.db, event.publicKey, { name: '高橋 一郎', email: 'takahashi@example.test' }, visitor)
    await registerForEvent(t.app.db, event.publicKey, { name: '新規 見込', nameKana: 'シンキ ミコミ', company: '見込商事', email: 'new@example.test' }, visitor)
    const rows = await registrations(tenantId, event.id)
    expect(rows[0]).toMatchObject({ contactId: contact.id, leadId: null })
    expect(rows[1]!.contactId).toBeNull()
    const lead = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('leads').selectAll().where('id', '=', rows[1]!.leadId!).executeTakeFirstOrThrow())
    expect(lead).toMatchObject({ familyName: '新規', givenName: '見込', familyNameKana: 'シンキ', companyName: '見込商事', email: 'new@example.test', ownerId: admin.userId })
    const timeline = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'contacts', contact.id, { limit: 10, kinds: 'event' }))
    expect(timeline.data).toHaveLength(1)
    expect(timeline.data[0]).toMatchObject({ kind: 'event', subtype: 'confirmed', recordType: 'events', recordId: event.id, details: { title: '新製品セミナー', kind: 'seminar' } })
    // The company's timeline shows its people's registrations too; attendance changes the subtype.
    await client(t.http, await signIn(t.http, admin)).post(`/api/v1/events/${event.id}/registrations/${rows[0]!.id}/check-in`, {})
    const ofAccount = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 10, kinds: 'event' }))
    expect(ofAccount.data.map((i) => [i.kind, i.subtype, i.recordId])).toEqual([['event', 'attended', event.id]])
  })

  it('a registrant recorded as a lead follows the lead when it is converted: the contact gets the registration', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin)
    await registerForEvent(t.app.db, event.publicKey, { name: '転換 予定', company: '転換商事', email: 'convert@example.test' }, visitor)
    const [registration] = await registrations(tenantId, event.id)
    expect(registration).toMatchObject({ contactId: null })
    const conversion = await asUser(t.app, admin, (ctx) => convertLead(ctx, registration!.leadId!, {}))
    while ((await publishPendingEvents(t.app.db)) > 0) {
      // deliver lead.converted (and whatever it set off)
    }
    const [after] = await registrations(tenantId, event.id)
    expect(after).toMatchObject({ contactId: conversion.contact.id, leadId: registration!.leadId })
    const timeline = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'contacts', conversion.contact.id, { limit: 10, kinds: 'event' }))
    expect(timeline.data.map((i) => [i.kind, i.recordId])).toEqual([['event', event.id]])
  })

  it('refuses registration for a draft (404), before it opens and after it closes (409)', async () => {
    const { admin } = await createTestTenant(t.app)
    const draft = await asUser(t.app, admin, (ctx) => createEvent(ctx, { title: '下書き', kind: 'webinar', startsAt: at(10 * hour), endsAt: at(11 * hour) }))
    const url = (key: string) => `/api/v1/public/events/${key}/registrations`
    expect((await t.http.inject({ method: 'POST', url: url(draft.publicKey), payload: { name: 'A', email: 'a@example.test' } })).statusCode).toBe(404)
    await asUser(t.app, admin, (ctx) => updateEvent(ctx, draft.id, { status: 'published', registrationOpensAt: at(5 * hour) }))
    const early = await t.http.inject({ method: 'POST', url: url(draft.publicKey), payload: { name: 'A', email: 'a@example.test' } })
    expect(early.statusCode).toBe(409)
    expect((await t.http.inject({ method: 'GET', url: `/api/v1/public/events/${draft.publicKey}` })).json().registration).toBe('not_yet_open')
    await asUser(t.app, admin, (ctx) => updateEvent(ctx, draft.id, { registrationOpensAt: null, registrationClosesAt: at(-hour) }))
    expect((await t.http.inject({ method: 'POST', url: url(draft.publicKey), payload: { name: 'A', email: 'a@example.test' } })).statusCode).toBe(409)
  })
})

describe('events: public endpoints', () => {
  it('need no sign-in, discard a filled honeypot, and are rate limited per IP and event', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const event = await publishedEvent(admin, { capacity: null })
    const url = `/api/v1/public/events/${event.publicKey}/registrations`
    const post = (payload: object, ip = '198.51.100.7') => t.http.inject({ method: 'POST', url, payload, remoteAddress: ip })
    expect((await post({ name: 'Bot', email: 'bot@spam.test', website: 'http://spam.test' })).statusCode).toBe(201)
    expect((await post({ name: 'A', email: 'not-an-email' })).statusCode).toBe(400)
    expect((await post({ name: 'A', email: 'a@example.test', tenantId })).statusCode).toBe(400)
    for (let i = 0; i < 7; i++) expect((await post({ name: `P${i}`, email: `p${i}@example.test` })).statusCode).toBe(201)
    // That was the 10th from this IP to this event: the 11th is refused, another IP still gets through.
    expect((await post({ name: 'X', email: 'x@example.test' })).statusCode).toBe(429)
    expect((await post({ name: 'Y', email: 'y@example.test' }, '198.51.100.8')).statusCode).toBe(201)
    const emails = (await registrations(tenantId, event.id)).map((r) => r.email)
    expect(emails).not.toContain('bot@spam.test')
    expect(emails).toHaveLength(8)
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/public/events/doesnotexist000' })).statusCode).toBe(404)
    // The staff API is not public.
    expect((await t.http.inject({ method: 'GET', url: `/api/v1/events/${event.id}` })).statusCode).toBe(401)
  })
})

describe('events: reminders', () => {
  it('sends each confirmed registrant one reminder inside the window, never twice, even when runs overlap', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const soon = await publishedEvent(admin, { startsIn: 5 * hour, title: 'まもなく開催', capacity: 1 })
    const later = await publishedEvent(admin, { startsIn: 100 * hour, title: '来月開催' })
    await registerForEvent(t.app.db, soon.publicKey, { name: '近藤 様', email: 'soon@example.test' }, visitor)
    await registerForEvent(t.app.db, soon.publicKey, { name: '待機 様', email: 'wait@example.test' }, visitor)
    await registerForEvent(t.app.db, later.publicKey, { name: '遠藤 様', email: 'later@example.test' }, visitor)
    const binding = mailBindingFor(t.app.db, t.app.logger)
    const before = t.outbox.length
    const [a, b] = await Promise.all([sendDueEventReminders(t.app.db, binding, t.app.logger), sendDueEventReminders(t.app.db, binding, t.app.logger)])
    expect(a + b).toBeGreaterThanOrEqual(1)
    expect(await sendDueEventReminders(t.app.db, binding, t.app.logger)).toBe(0)
    const reminders = t.outbox.slice(before).filter((m) => m.subject.includes('開催のご案内'))
    expect(reminders.map((m) => m.to)).toEqual(['soon@example.test'])
    expect(reminders[0]!.text).toContain('まもなく開催')
    const rows = await registrations(tenantId, soon.id)
    expect(rows[0]!.reminderSentAt).not.toBeNull()
    expect(rows[1]!.reminderSentAt).toBeNull()
  })
})

describe('events: staff API', () => {
  it('checks in by click and by code, reports attendance, exports CSV and creates follow-up tasks for attendees once', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const owner = await createTestUser(t.app, tenantId, { roleKey: 'marketing' })
    const http = client(t.http, await signIn(t.http, admin))
    const created = await http.post('/api/v1/events', { title: 'ユーザー会', kind: 'meeting', startsAt: at(-2 * hour), endsAt: at(24 * hour), capacity: 10, ownerId: owner.userId })
    expect(created.statusCode).toBe(201)
    const event = created.json()
    expect((await http.patch(`/api/v1/events/${event.id}`, { status: 'published' })).json().status).toBe('published')
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '出席', emails: [{ type: 'work', address: 'came@example.test', primary: true }] }))
    for (const [name, email] of [['出席 一郎', 'came@example.test'], ['欠席 二郎', 'away@example.test'], ['=cmd 三郎', 'third@example.test']]) {
      // Registration closes at the start by default; this one is open until it ends.
      await asUser(t.app, admin, (ctx) => updateEvent(ctx, event.id, { registrationClosesAt: at(23 * hour) }))
      await registerForEvent(t.app.db, event.publicKey, { name: name!, email: email!, company: 'ACME' }, visitor)
    }
    const list = (await http.get(`/api/v1/events/${event.id}/registrations?q=出席`)).json()
    expect(list.data.map((r: { name: string }) => r.name)).toEqual(['出席 一郎'])
    const came = list.data[0]
    expect((await http.post(`/api/v1/events/${event.id}/registrations/${came.id}/check-in`, {})).json().checkedInAt).not.toBeNull()
    const [, , third] = await registrations(tenantId, event.id)
    const byCode = await http.post(`/api/v1/events/${event.id}/check-in`, { code: third!.code.toLowerCase() })
    expect(byCode.statusCode).toBe(200)
    expect((await http.post(`/api/v1/events/${event.id}/check-in`, { code: 'ZZZZZZ' })).statusCode).toBe(404)
    const detail = (await http.get(`/api/v1/events/${event.id}`)).json()
    expect(detail.counts).toEqual({ confirmed: 3, waitlisted: 0, cancelled: 0, checkedIn: 2, attendanceRate: 0.667 })
    expect((await http.get(`/api/v1/events/${event.id}/registrations?attendance=no_show`)).json().data.map((r: { email: string }) => r.email)).toEqual(['away@example.test'])

    const csv = await http.get(`/api/v1/events/${event.id}/export?attendance=attended`)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('氏名,フリガナ,会社名,メールアドレス,電話番号,受付番号,申込日時,チェックイン日時,出欠')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toMatch(/^'=cmd 三郎,/)

    const followUp = (await http.post(`/api/v1/events/${event.id}/follow-up-tasks`)).json()
    expect(followUp).toMatchObject({ created: 2, skipped: 0 })
    const tasks = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('activities').selectAll().where('id', 'in', followUp.taskIds).orderBy('id').execute())
    expect(tasks.map((task) => [task.kind, task.ownerId, task.assigneeId, task.relatedType, task.relatedId])).toEqual([
      ['task', owner.userId, owner.userId, 'events', event.id],
      ['task', owner.userId, owner.userId, 'events', event.id],
    ])
    expect(tasks[0]!.contactId).toBe(contact.id)
    expect(tasks[0]!.subject).toContain('ユーザー会')
    expect((await http.post(`/api/v1/events/${event.id}/follow-up-tasks`)).json()).toMatchObject({ created: 0, skipped: 2 })
  })

  it('cancelling a published event apologises to everyone registered (confirmed get a calendar cancellation) and closes the page', async () => {
    const { admin } = await createTestTenant(t.app)
    const http = client(t.http, await signIn(t.http, admin))
    const event = await publishedEvent(admin, { capacity: 1, title: '中止になる勉強会' })
    await registerForEvent(t.app.db, event.publicKey, { name: '確定 様', email: 'held@example.test' }, visitor)
    await registerForEvent(t.app.db, event.publicKey, { name: '待機 様', email: 'waiting@example.test' }, visitor)
    const before = t.outbox.length
    expect((await http.patch(`/api/v1/events/${event.id}`, { status: 'cancelled' })).json().status).toBe('cancelled')
    const sent = t.outbox.slice(before)
    expect(sent.map((m) => m.to)).toEqual(['held@example.test', 'waiting@example.test'])
    expect(sent[0]!.subject).toBe('【開催中止のお知らせ】中止になる勉強会 / Event cancelled')
    expect(sent[0]!.text).toContain('心より深くお詫び申し上げます')
    expect(String(sent[0]!.attachments![0]!.content)).toContain('METHOD:CANCEL')
    expect(sent[1]!.attachments).toBeUndefined()
    const page = (await t.http.inject({ method: 'GET', url: `/api/v1/public/events/${event.publicKey}` })).json()
    expect(page).toMatchObject({ status: 'cancelled', registration: 'closed' })
    // Saving the cancelled event again tells nobody twice.
    await http.patch(`/api/v1/events/${event.id}`, { status: 'cancelled' })
    expect(t.outbox.length).toBe(before + 2)
  })

  it('keeps tenants apart: another tenant sees none of the events or registrations', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const event = await publishedEvent(a.admin)
    await registerForEvent(t.app.db, event.publicKey, { name: '甲', email: 'kou@example.test' }, visitor)
    const [row] = await registrations(a.tenantId, event.id)
    const other = client(t.http, await signIn(t.http, b.admin))
    expect((await other.get('/api/v1/events')).json().data).toEqual([])
    expect((await other.get(`/api/v1/events/${event.id}`)).statusCode).toBe(404)
    expect((await other.get(`/api/v1/events/${event.id}/registrations`)).statusCode).toBe(404)
    expect((await other.post(`/api/v1/events/${event.id}/registrations/${row!.id}/check-in`, {})).statusCode).toBe(404)
    expect((await other.post(`/api/v1/events/${event.id}/follow-up-tasks`)).statusCode).toBe(404)
    expect((await other.patch(`/api/v1/events/${event.id}`, { title: '乗っ取り' })).statusCode).toBe(404)
    expect((await registrations(b.tenantId, event.id))).toEqual([])
  })

  it('validates: end after start, a real time zone, and only members as owner; readonly users cannot create', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const http = client(t.http, await signIn(t.http, admin))
    const base = { title: 'X', kind: 'webinar', startsAt: at(hour), endsAt: at(2 * hour) }
    expect((await http.post('/api/v1/events', { ...base, endsAt: at(0) })).json().error.details[0].path).toBe('endsAt')
    expect((await http.post('/api/v1/events', { ...base, timeZone: 'Mars/Olympus' })).statusCode).toBe(400)
    expect((await http.post('/api/v1/events', { ...base, ownerId: '0190aaaa-0000-7000-8000-000000000000' })).statusCode).toBe(400)
    const viewer = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    expect((await client(t.http, await signIn(t.http, viewer)).post('/api/v1/events', base)).statusCode).toBe(403)
  })
})
