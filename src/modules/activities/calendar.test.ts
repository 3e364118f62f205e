import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createActivity, updateActivity } from './activities.service.ts'
import { calendarDocument, component, escapeText, foldLine } from './ical.ts'

const PUBLIC_URL = 'https://crm.example.test'
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ config: { publicUrl: PUBLIC_URL } })
})
afterAll(async () => {
  await t?.close()
})

const hour = 3_600_000
const day = 24 * hour
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

describe('iCalendar writer', () => {
  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'取引先との打ち合わせ'.repeat(10)}`
    const folded = foldLine(line)
    const parts = folded.split('\r\n')
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75)
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true)
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line)
  })

  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne')
    const doc = calendarDocument([['VERSION', '2.0'], ['PRODID', '-//t//t//EN']], [component('VEVENT', [['UID', 'x@t'], ['DTSTAMP', '20261125T000000Z'], ['DTSTART', '20261125T000000Z'], ['SUMMARY', escapeText('会議; 準備, 確認\n第2部')]])])
    const event = new ICAL.Component(ICAL.parse(doc)).getFirstSubcomponent('vevent')!
    expect(event.getFirstPropertyValue('summary')).toBe('会議; 準備, 確認\n第2部')
  })
})

describe('calendar', () => {
  it('lists my meetings overlapping the range and my dated tasks, not cancelled ones, and the team view adds colleagues', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社さくら' }))
    const mk = (user: typeof admin, input: Parameters<typeof createActivity>[1]) => asUser(t.app, user, (ctx) => createActivity(ctx, input))
    const meeting = await mk(admin, { kind: 'meeting', subject: '商談', startsAt: at(day), endsAt: at(day + hour), accountId: account.id })
    const task = await mk(admin, { kind: 'task', subject: '見積提出', dueAt: at(2 * day), priority: 'high' })
    const cancelled = await mk(admin, { kind: 'task', subject: '中止', dueAt: at(2 * day) })
    await asUser(t.app, admin, (ctx) => updateActivity(ctx, cancelled.id, { status: 'cancelled' }))
    await mk(admin, { kind: 'task', subject: '範囲外', dueAt: at(40 * day) })
    await mk(admin, { kind: 'note', subject: 'メモ' })
    const theirs = await mk(colleague, { kind: 'meeting', subject: '他人の会議', startsAt: at(day), endsAt: at(day + hour) })
    const http = client(t.http, await signIn(t.http, admin))
    const range = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(30 * day))}`
    const mine = await http.get(`/api/v1/calendar?${range}`)
    expect(mine.statusCode).toBe(200)
    expect(mine.json().data.map((i: { id: string }) => i.id)).toEqual([meeting.id, task.id])
    expect(mine.json().data[0]).toMatchObject({ kind: 'meeting', accountName: '株式会社さくら', end: expect.any(String) })
    const team = await http.get(`/api/v1/calendar?${range}&scope=team`)
    expect(team.json().data.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([meeting.id, task.id, theirs.id]))
    expect((await http.get(`/api/v1/calendar?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(-day))}`)).statusCode).toBe(400)
  })
})

describe('iCalendar feed', () => {
  it('serves my meetings and tasks at a secret URL that a real parser reads; a wrong or rotated token is 404', async () => {
    const { admin } = await createTestTenant(t.app)
    const longSubject = `【重要】株式会社大福商事様との年間契約更新に関するお打ち合わせ; 資料, 見積\n第2回`
    const meeting = await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: longSubject, startsAt: '2026-12-01T01:00:00Z', endsAt: '2026-12-01T02:30:00Z', place: '東京都千代田区丸の内1-1-1' }),
    )
    const allDay = await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: '展示会', startsAt: '2026-12-03T00:00:00+09:00', endsAt: '2026-12-04T23:59:00+09:00', allDay: true }),
    )
    const task = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '請求書送付', dueAt: '2026-12-02T08:00:00Z', priority: 'high' }))
    const http = client(t.http, await signIn(t.http, admin))
    expect((await http.get('/api/v1/calendar/feed')).json()).toMatchObject({ active: false, url: null })
    const created = await http.post('/api/v1/calendar/feed')
    expect(created.statusCode).toBe(200)
    const url: string = created.json().url
    expect(url.startsWith(`${PUBLIC_URL}/api/v1/calendar/feeds/`)).toBe(true)
    expect(url.endsWith('.ics')).toBe(true)
    expect((await http.get('/api/v1/calendar/feed')).json()).toMatchObject({ active: true, url: null, prefix: created.json().prefix })

    const path = url.slice(PUBLIC_URL.length)
    const feed = await t.http.inject({ url: path })
    expect(feed.statusCode).toBe(200)
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/)
    const text = feed.body
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/)
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)

    const calendar = new ICAL.Component(ICAL.parse(text))
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c))
    const byUid = new Map(events.map((e) => [e.uid, e]))
    const m = byUid.get(`${meeting.id}@crm.example.test`)!
    expect(m.summary).toBe(longSubject)
    expect(m.location).toBe('東京都千代田区丸の内1-1-1')
    expect(m.startDate.toJSDate().toISOString()).toBe('2026-12-01T01:00:00.000Z')
    expect(m.endDate.toJSDate().toISOString()).toBe('2026-12-01T02:30:00.000Z')
    const d = byUid.get(`${allDay.id}@crm.example.test`)!
    expect(d.startDate.isDate).toBe(true)
    expect(d.startDate.toString()).toBe('2026-12-03')
    expect(d.endDate.toString()).toBe('2026-12-05')
    const tk = byUid.get(`${task.id}@crm.example.test`)!
    expect(tk.startDate.toJSDate().toISOString()).toBe('2026-12-02T08:00:00.000Z')
    expect(tk.component.getFirstPropertyValue('priority')).toBe(1)

    // The same data gives the same UIDs on the next fetch (calendar programs update, not duplicate).
    const again = new ICAL.Component(ICAL.parse((await t.http.inject({ url: path })).body))
    expect(again.getAllSubcomponents('vevent').map((c) => c.getFirstPropertyValue('uid')).sort()).toEqual([...byUid.keys()].sort())

    expect((await t.http.inject({ url: '/api/v1/calendar/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics' })).statusCode).toBe(404)
    expect((await t.http.inject({ url: `${path}x` })).statusCode).toBe(404)
    const rotated = await http.post('/api/v1/calendar/feed')
    expect(rotated.json().url).not.toBe(url)
    expect((await t.http.inject({ url: path })).statusCode).toBe(404)
    expect((await t.http.inject({ url: rotated.json().url.slice(PUBLIC_URL.length) })).statusCode).toBe(200)
    expect((await http.delete('/api/v1/calendar/feed')).statusCode).toBe(204)
    expect((await t.http.inject({ url: rotated.json().url.slice(PUBLIC_URL.length) })).statusCode).toBe(404)
  })

  it('stores only a hash of the feed token', async () => {
    const { admin } = await createTestTenant(t.app)
    const http = client(t.http, await signIn(t.http, admin))
    const url: string = (await http.post('/api/v1/calendar/feed')).json().url
    const token = url.split('/').pop()!.replace('.ics', '')
    const rows = await asUser(t.app, admin, (ctx) => ctx.tx.selectFrom('calendarFeedTokens').selectAll().execute())
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(token)
  })
})
