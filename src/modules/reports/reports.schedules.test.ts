import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { createWorker } from '../../platform/jobs/index.ts'
import { createLogger } from '../../platform/logger.ts'
import { createMailer, type MailMessage } from '../../platform/mail/mailer.ts'
import { parseMail, startSmtpSink } from '../../platform/testing/smtp-sink.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createRole } from '../roles/index.ts'
import { nextScheduledRun } from './reports.schedule-times.ts'
import { deliverScheduledReport, enqueueDueReportSchedules } from './reports.schedules.jobs.ts'
import { seedDeals } from './reports.testing.ts'

let t: TestApp
let tenantId: string
let admin: TestUser
let repA: TestUser
let repB: TestUser
let noReports: TestUser
let outsider: TestUser
let reportId: string
let privateReportId: string
let noReportsRoleId: string
let hiddenAmountRoleId: string
let api: ReturnType<typeof client>

const countSum = [{ aggregate: 'count' as const }, { aggregate: 'sum' as const, field: 'amount' }]

beforeAll(async () => {
  t = await startTestApp()
  const tenant = await createTestTenant(t.app)
  tenantId = tenant.tenantId
  admin = tenant.admin
  const read = { create: false, read: true, update: false, delete: false, visibility: 'all' as const }
  const ownRole = await asUser(t.app, admin, (ctx) =>
    createRole(ctx, { name: 'Own deals only', permissions: { objects: { deals: { ...read, visibility: 'own' }, reports: read, users: read, teams: read }, fields: {} } }),
  )
  const noReportsRole = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'No reports', permissions: { objects: { deals: read }, fields: {} } }))
  noReportsRoleId = noReportsRole.id
  hiddenAmountRoleId = (
    await asUser(t.app, admin, (ctx) =>
      createRole(ctx, { name: 'No amounts', permissions: { objects: { deals: read, reports: read, users: read, teams: read }, fields: { deals: { amount: 'hidden' } } } }),
    )
  ).id
  repA = await createTestUser(t.app, tenantId, { roleId: ownRole.id, name: 'A Rep' })
  repB = await createTestUser(t.app, tenantId, { roleId: ownRole.id, name: 'B Rep' })
  noReports = await createTestUser(t.app, tenantId, { roleId: noReportsRole.id, name: 'No Reports' })
  outsider = (await createTestTenant(t.app)).admin
  await seedDeals(t, tenantId, [
    { name: 'a1', owner: repA, status: 'won', amount: 100_000 },
    { name: 'a2', owner: repA, status: 'open', amount: 200_000 },
    { name: 'b1', owner: repB, status: 'won', amount: 4_000_000 },
  ])
  api = client(t.http, await signIn(t.http, admin))
  const definition = { object: 'deals', groups: [{ field: 'owner' }], measures: countSum }
  reportId = (await api.post('/api/v1/reports', { name: '担当者別商談', definition, shared: true })).json().id
  privateReportId = (await api.post('/api/v1/reports', { name: 'Admin only', definition })).json().id
})
afterAll(async () => {
  await t?.close()
})

/** Runs queued jobs (the deliveries) until none is due. */
async function drainJobs() {
  const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false })
  while (await worker.runOnce()) {
    /* drain */
  }
}

async function makeDue(scheduleId: string, at: Date) {
  await inTenantTransaction(t.app.db, tenantId, (tx) => tx.updateTable('reportSchedules').set({ nextRunAt: at }).where('id', '=', scheduleId).execute())
}

const csvOf = (mail: MailMessage) => String(mail.attachments![0]!.content)
const mailsTo = (mails: MailMessage[], user: TestUser) => mails.filter((m) => m.to === user.email)

describe('scheduled report delivery', () => {
  it('a due schedule mails each recipient the report run as themselves, once, and moves on to the next slot', async () => {
    const created = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId, repB.userId], cadence: 'daily', hour: 8, timeZone: 'Asia/Tokyo' })
    expect(created.statusCode).toBe(201)
    const schedule = created.json()
    expect(schedule).toMatchObject({ cadence: 'daily', hour: 8, format: 'csv', locale: 'ja', active: true, lastSentAt: null })
    expect(schedule.recipients.map((r: { name: string }) => r.name)).toEqual(['A Rep', 'B Rep'])
    // Tokyo 08:00 is 23:00Z.
    expect(schedule.nextRunAt).toMatch(/T23:00:00\.000Z$/)

    // The server was down for three days' slots: the schedule fires once.
    await makeDue(schedule.id, new Date(Date.now() - 3 * 86_400_000))
    const before = t.outbox.length
    // Two workers at once: the row lock (SKIP LOCKED) lets exactly one fire it.
    const fired = await Promise.all([enqueueDueReportSchedules(t.app.db), enqueueDueReportSchedules(t.app.db)])
    expect(fired[0] + fired[1]).toBe(1)
    expect(await enqueueDueReportSchedules(t.app.db)).toBe(0)
    await drainJobs()
    const sent = t.outbox.slice(before)
    expect(sent).toHaveLength(2)

    const [toA] = mailsTo(sent, repA)
    expect(toA!.subject).toMatch(/^【レポート配信】担当者別商談（\d{4}年\d{1,2}月\d{1,2}日）$/)
    expect(toA!.text).toContain('A Rep 様')
    expect(toA!.text).toContain('「担当者別商談」レポートをお送りします。')
    expect(toA!.attachments![0]!.filename).toMatch(/^担当者別商談-\d{8}\.csv$/)
    // Each rep's role sees own deals only: their own row and a total over their own deals.
    expect(csvOf(toA!)).toContain('A Rep,2,300000')
    expect(csvOf(toA!)).toContain('総計,2,300000')
    expect(csvOf(toA!)).not.toContain('B Rep')
    const [toB] = mailsTo(sent, repB)
    expect(csvOf(toB!)).toContain('B Rep,1,4000000')
    expect(csvOf(toB!)).not.toContain('A Rep')

    const [after] = (await api.get(`/api/v1/reports/${reportId}/schedules`)).json().data
    expect(after.lastSentAt).not.toBeNull()
    expect(after.lastError).toBeNull()
    expect(new Date(after.nextRunAt).getTime()).toBe(nextScheduledRun({ cadence: 'daily', hour: 8, timeZone: 'Asia/Tokyo' }, new Date(after.lastSentAt)).getTime())
    expect(new Date(after.nextRunAt).getTime()).toBeGreaterThan(Date.now())
  })

  it('sends a PDF through SMTP with the report attached, in English', async () => {
    const smtp = await startSmtpSink()
    try {
      const created = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repB.userId], cadence: 'weekly', weekday: 1, hour: 9, timeZone: 'America/New_York', format: 'pdf', locale: 'en' })
      expect(created.statusCode).toBe(201)
      const mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Daifuku <no-reply@example.test>' }, createLogger('silent'))
      const outcome = await deliverScheduledReport(t.app.db, { mailer, publicUrl: 'https://crm.example.test' }, { scheduleId: created.json().id, tenantId, recipientUserId: repB.userId, runKey: 'now:test' })
      expect(outcome).toBe('sent')
      const [mail] = await smtp.waitFor(1)
      expect(mail!.to).toEqual([repB.email])
      expect(mail!.subject).toMatch(/^Report: 担当者別商談 \(/)
      // The message is multipart: decode its text/plain part.
      const part = mail!.raw.split(/\r\n--/).find((p) => /content-type: text\/plain/i.test(p))!
      const text = parseMail(part.slice(part.indexOf('\r\n') + 2)).text
      expect(text).toContain('Dear B Rep,')
      expect(text).toContain('Please find attached the "担当者別商談" report (PDF).')
      expect(text).toContain(`https://crm.example.test/reports?id=${reportId}`)
      expect(mail!.raw).toMatch(/Content-Type: application\/pdf/i)
      expect(mail!.raw).toMatch(/Content-Disposition: attachment/i)
      expect(mail!.raw).toContain('JVBERi0') // base64 of "%PDF-"
    } finally {
      await smtp.close()
    }
  })

  it('a recipient removed from the tenant gets nothing, and the schedule says so; send now queues one per recipient', async () => {
    const leaver = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: 'Leaver' })
    const created = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId, leaver.userId], cadence: 'monthly', dayOfMonth: 1, hour: 7 })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    await inSystemTransaction(t.app.db, (tx) => tx.deleteFrom('memberships').where('userId', '=', leaver.userId).where('tenantId', '=', tenantId).execute())
    const before = t.outbox.length
    const sendNow = await api.post(`/api/v1/report-schedules/${id}/send-now`)
    expect(sendNow.statusCode).toBe(202)
    expect(sendNow.json()).toEqual({ queued: 2 })
    await drainJobs()
    const sent = t.outbox.slice(before)
    expect(sent.map((m) => m.to)).toEqual([repA.email])
    const listed = (await api.get(`/api/v1/reports/${reportId}/schedules`)).json().data.find((s: { id: string }) => s.id === id)
    expect(listed.lastError).toContain(`User ${leaver.userId} is no longer a member of this tenant`)
    expect(listed.recipients[1]).toEqual({ userId: leaver.userId, name: null, email: null })
  })

  it('a recipient whose role no longer reads reports, or now hides a field of the report, is skipped and noted', async () => {
    const loses = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: 'Loses Reports' })
    const hidden = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: 'Loses Amounts' })
    const created = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [loses.userId, hidden.userId, repA.userId], cadence: 'daily', hour: 8 })
    expect(created.statusCode).toBe(201)
    await inSystemTransaction(t.app.db, async (tx) => {
      await tx.updateTable('memberships').set({ roleId: noReportsRoleId }).where('userId', '=', loses.userId).where('tenantId', '=', tenantId).execute()
      await tx.updateTable('memberships').set({ roleId: hiddenAmountRoleId }).where('userId', '=', hidden.userId).where('tenantId', '=', tenantId).execute()
    })
    await makeDue(created.json().id, new Date(Date.now() - 60_000))
    const before = t.outbox.length
    expect(await enqueueDueReportSchedules(t.app.db)).toBe(1)
    await drainJobs()
    expect(t.outbox.slice(before).map((m) => m.to)).toEqual([repA.email])
    const listed = (await api.get(`/api/v1/reports/${reportId}/schedules`)).json().data.find((s: { id: string }) => s.id === created.json().id)
    expect(listed.lastError).toContain(`Loses Reports (${loses.email}) may no longer read reports: not sent.`)
    expect(listed.lastError).toContain(`Loses Amounts (${hidden.email}) cannot open this report now`)
  })

  it('a paused schedule is not claimed; resuming counts from now', async () => {
    const created = (await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 6 })).json()
    const paused = await api.patch(`/api/v1/report-schedules/${created.id}`, { active: false })
    expect(paused.statusCode).toBe(200)
    await makeDue(created.id, new Date(Date.now() - 86_400_000))
    expect(await enqueueDueReportSchedules(t.app.db)).toBe(0)
    const resumed = (await api.patch(`/api/v1/report-schedules/${created.id}`, { active: true })).json()
    expect(new Date(resumed.nextRunAt).getTime()).toBeGreaterThan(Date.now())
    expect((await api.delete(`/api/v1/report-schedules/${created.id}`)).statusCode).toBe(204)
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select('action').where('objectType', '=', 'report_schedules').where('objectId', '=', created.id).orderBy('id').execute(),
    )
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete'])
  })
})

describe('report schedule API', () => {
  it('refuses recipients outside the tenant, without report access or who cannot open the report, naming each', async () => {
    const response = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId, outsider.userId, noReports.userId], cadence: 'daily', hour: 8 })
    expect(response.statusCode).toBe(400)
    const { error } = response.json()
    expect(error.code).toBe('invalid')
    expect(error.details).toEqual([
      { path: 'recipientUserIds.1', message: `User ${outsider.userId} is not a member of this tenant.` },
      { path: 'recipientUserIds.2', message: `User ${noReports.userId} may not read reports.` },
    ])
    const privateOne = await api.post(`/api/v1/reports/${privateReportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 8 })
    expect(privateOne.statusCode).toBe(400)
    expect(privateOne.json().error.details[0].message).toContain('share it first')
  })

  it('checks the cadence fields and the time zone', async () => {
    const weekly = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'weekly', hour: 8 })
    expect(weekly.statusCode).toBe(400)
    expect(weekly.json().error.details[0].path).toBe('weekday')
    const zone = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 8, timeZone: 'Mars/Olympus' })
    expect(zone.statusCode).toBe(400)
    expect(zone.json().error.details[0].path).toBe('timeZone')
    const hour = await api.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 24 })
    expect(hour.statusCode).toBe(400)
  })

  it('only someone who may read the report schedules it; only its maker (or a manager) changes it', async () => {
    const rep = client(t.http, await signIn(t.http, repA))
    expect((await rep.get(`/api/v1/reports/${privateReportId}/schedules`)).statusCode).toBe(404)
    expect((await rep.post(`/api/v1/reports/${privateReportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 8 })).statusCode).toBe(404)
    const mine = await rep.post(`/api/v1/reports/${reportId}/schedules`, { recipientUserIds: [repA.userId], cadence: 'daily', hour: 8 })
    expect(mine.statusCode).toBe(201)
    // Default zone: the creator's (Asia/Tokyo for test users).
    expect(mine.json().timeZone).toBe('Asia/Tokyo')
    const adminsOwn = (await api.get(`/api/v1/reports/${reportId}/schedules`)).json().data.find((s: { createdBy: string }) => s.createdBy === admin.userId)
    expect((await rep.patch(`/api/v1/report-schedules/${adminsOwn.id}`, { hour: 9 })).statusCode).toBe(403)
    expect((await rep.post(`/api/v1/report-schedules/${adminsOwn.id}/send-now`)).statusCode).toBe(403)
    const noAccess = client(t.http, await signIn(t.http, noReports))
    expect((await noAccess.get(`/api/v1/reports/${reportId}/schedules`)).statusCode).toBe(403)
  })

  it('documents the schedule routes with named schemas', async () => {
    const doc = (await t.http.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/{id}/schedules', '/api/v1/report-schedules/{id}', '/api/v1/report-schedules/{id}/send-now']))
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ReportSchedule', 'ReportScheduleCreateInput', 'ReportSchedulePatchInput']))
  })
})
