import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorker } from '../../platform/jobs/index.ts'
import { startSmtpSink, type SmtpSink } from '../../platform/testing/smtp-sink.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createActivity, updateActivity } from '../activities/index.ts'

const PUBLIC_URL = 'https://crm.example.test'
let smtp: SmtpSink
let t: TestApp
beforeAll(async () => {
  smtp = await startSmtpSink()
  t = await startTestApp({ config: { publicUrl: PUBLIC_URL, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Daifuku <no-reply@example.test>' } } })
})
afterAll(async () => {
  await t?.close()
  await smtp?.close()
})

const minute = 60_000
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const worker = () => createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false, pollIntervalMs: 20 })
async function drain(): Promise<void> {
  const w = worker()
  while (await w.runOnce()) {
    /* run every due job */
  }
}

describe('reminders and notifications', () => {
  it('a due task reminder notifies the assignee in-app and by email, once', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const assignee = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const task = await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'task', subject: '見積書の送付', dueAt: '2030-01-10T01:00:00Z', remindAt: at(-minute), assigneeId: assignee.userId }),
    )
    const sent = smtp.received.length
    await drain()
    await drain()
    const http = client(t.http, await signIn(t.http, assignee))
    // One for the assignment, one for the reminder.
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 })
    const list = (await http.get('/api/v1/notifications')).json()
    expect(list.data.map((n: { kind: string }) => n.kind)).toEqual(['task_reminder', 'task_assigned'])
    expect(list.data[0]).toMatchObject({ kind: 'task_reminder', title: '見積書の送付', objectType: 'activities', objectId: task.id, readAt: null, link: `/tasks?activity=${task.id}` })
    expect(list.data[0].body).toContain('2030')
    const mails = await smtp.waitFor(sent + 1)
    const mail = mails[sent]!
    expect(mail.to).toEqual([assignee.email])
    expect(mail.subject).toBe('【Daifuku】リマインダー：見積書の送付')
    expect(mail.text).toContain(`${PUBLIC_URL}/tasks?activity=${task.id}`)
    await new Promise((r) => setTimeout(r, 200))
    expect(smtp.received.length).toBe(sent + 1)
    // The creator gets nothing: the reminder is for whoever must do the task.
    const adminHttp = client(t.http, await signIn(t.http, admin))
    expect((await adminHttp.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 })
  })

  it('a reminder in the future waits; moving it fires only the new time; closing the task cancels it', async () => {
    const { admin } = await createTestTenant(t.app)
    const task = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: 'フォロー電話', remindAt: at(60 * minute) }))
    await drain()
    const http = client(t.http, await signIn(t.http, admin))
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 })
    // Moving the reminder into the past: the new job fires now, the old one (an hour out) will find nothing to do.
    await asUser(t.app, admin, (ctx) => updateActivity(ctx, task.id, { remindAt: at(-minute) }))
    await drain()
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 })
    await sql`update jobs set run_at = now() where type = 'activities.reminder' and status = 'pending'`.execute(t.app.db)
    await drain()
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 })

    const closed = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '中止になった件', remindAt: at(30 * minute) }))
    await asUser(t.app, admin, (ctx) => updateActivity(ctx, closed.id, { status: 'cancelled' }))
    await sql`update jobs set run_at = now() where type = 'activities.reminder' and status = 'pending'`.execute(t.app.db)
    await drain()
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 })
  })

  it('assigning a task to a colleague notifies them in-app, not the one who assigns it to themself', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const mine = await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '自分の作業' }))
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject: '資料作成のお願い', assigneeId: colleague.userId }))
    await asUser(t.app, admin, (ctx) => updateActivity(ctx, mine.id, { assigneeId: colleague.userId }))
    const http = client(t.http, await signIn(t.http, colleague))
    const list = (await http.get('/api/v1/notifications')).json()
    expect(list.data.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([
      ['task_assigned', '自分の作業'],
      ['task_assigned', '資料作成のお願い'],
    ])
    const adminHttp = client(t.http, await signIn(t.http, admin))
    expect((await adminHttp.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 })
  })

  it('a meeting reminder reaches the owner and every colleague attending', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const a = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const b = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const outsider = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: '四半期レビュー', startsAt: at(10 * minute), remindAt: at(-minute), attendeeUserIds: [a.userId, b.userId, admin.userId] }),
    )
    await drain()
    for (const [user, expected] of [[admin, 1], [a, 1], [b, 1], [outsider, 0]] as const) {
      const http = client(t.http, await signIn(t.http, user))
      expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: expected })
    }
  })

  it('marks one or all read; nobody else can read or mark my notifications', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const other = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    for (const subject of ['一件目', '二件目', '三件目']) {
      await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'task', subject, remindAt: at(-minute) }))
    }
    await drain()
    const http = client(t.http, await signIn(t.http, admin))
    const page1 = (await http.get('/api/v1/notifications?limit=2')).json()
    expect(page1.data.map((n: { title: string }) => n.title)).toEqual(['三件目', '二件目'])
    const page2 = (await http.get(`/api/v1/notifications?limit=2&cursor=${page1.nextCursor}`)).json()
    expect(page2.data.map((n: { title: string }) => n.title)).toEqual(['一件目'])
    const id = page1.data[0].id
    const otherHttp = client(t.http, await signIn(t.http, other))
    expect((await otherHttp.get('/api/v1/notifications')).json().data).toHaveLength(0)
    expect((await otherHttp.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(404)
    const read = await http.post(`/api/v1/notifications/${id}/read`)
    expect(read.statusCode).toBe(200)
    expect(read.json().readAt).toEqual(expect.any(String))
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 })
    expect((await http.get('/api/v1/notifications?unread=true')).json().data).toHaveLength(2)
    expect((await http.post('/api/v1/notifications/read-all')).json()).toEqual({ unread: 0 })
    expect((await http.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 })
  })
})
