import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createActivity, updateActivity } from '../activities/index.ts'
import { createDeal, listPipelines, moveDeal } from '../deals/index.ts'
import { createTeam } from '../teams/index.ts'
import { addComment, getDay, listReports, saveMyDay } from './daily-reports.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

/** Today in Tokyo (the test tenant's zone), as the service computes days. */
const tokyoToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())

describe('日報', () => {
  it("pre-fills a rep's day with what they did: done tasks, calls, meetings and deal moves — not other days or other people", async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: '佐藤' })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, rep, (ctx) => createAccount(ctx, { name: '株式会社さくら精機' }))
    const call = await asUser(t.app, rep, (ctx) => createActivity(ctx, { kind: 'call', subject: '導入時期の確認', accountId: account.id, outcome: '来月決裁' }))
    const task = await asUser(t.app, rep, (ctx) => createActivity(ctx, { kind: 'task', subject: '見積書送付' }))
    await asUser(t.app, rep, (ctx) => updateActivity(ctx, task.id, { status: 'done' }))
    await asUser(t.app, rep, (ctx) => createActivity(ctx, { kind: 'task', subject: 'まだ終わっていない' }))
    await asUser(t.app, other, (ctx) => createActivity(ctx, { kind: 'call', subject: '他人の電話' }))
    const old = await asUser(t.app, rep, (ctx) => createActivity(ctx, { kind: 'note', subject: '先週のメモ' }))
    await inTenantTransaction(t.app.db, tenantId, (tx) => sql`update activities set created_at = now() - interval '8 days' where id = ${old.id}`.execute(tx))
    const { data } = await asUser(t.app, rep, (ctx) => listPipelines(ctx))
    const stages = data[0]!.stages
    const deal = await asUser(t.app, rep, (ctx) => createDeal(ctx, { name: '生産管理刷新', amount: 48_000_000, accountId: account.id }))
    await asUser(t.app, rep, (ctx) => moveDeal(ctx, deal.id, { stageId: stages[2]!.id }))

    const day = await asUser(t.app, rep, (ctx) => getDay(ctx, { date: tokyoToday() }))
    expect(day.report).toBeNull()
    expect(day.work.activities.map((a) => [a.kind, a.subject])).toEqual([
      ['call', '導入時期の確認'],
      ['task', '見積書送付'],
    ])
    expect(day.work.activities[0]).toMatchObject({ accountName: '株式会社さくら精機', outcome: '来月決裁' })
    expect(call.id).toBe(day.work.activities[0]!.id)
    expect(day.work.dealChanges.map((c) => [c.dealName, c.fromStageName, c.toStageName])).toEqual([
      ['生産管理刷新', null, '初回接触'],
      ['生産管理刷新', '初回接触', '提案'],
    ])
    // A manager (here the admin) sees the same day of the rep.
    const seenByAdmin = await asUser(t.app, admin, (ctx) => getDay(ctx, { date: tokyoToday(), userId: rep.userId }))
    expect(seenByAdmin.work.activities).toHaveLength(2)
  })

  it('a rep writes and hands in one report per day; the manager comments and the rep is notified', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東京営業課' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id })
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager', name: '課長' })
    const date = '2026-11-24'
    const draft = await asUser(t.app, rep, (ctx) => saveMyDay(ctx, { date, summary: 'さくら精機訪問', plan: '見積作成' }))
    expect(draft).toMatchObject({ status: 'draft', submittedAt: null, teamId: team.id })
    const submitted = await asUser(t.app, rep, (ctx) => saveMyDay(ctx, { date, issues: '値引きの相談', submit: true }))
    expect(submitted).toMatchObject({ id: draft.id, status: 'submitted', summary: 'さくら精機訪問', plan: '見積作成', issues: '値引きの相談' })
    expect(submitted.submittedAt).not.toBeNull()

    const comment = await asUser(t.app, manager, (ctx) => addComment(ctx, draft.id, '値引きは 5% まで可。明日相談しましょう。'))
    expect(comment).toMatchObject({ authorName: '課長' })
    const notes = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('notifications').selectAll().where('userId', '=', rep.userId).execute())
    expect(notes.map((n) => [n.kind, n.body])).toEqual([['daily_report.comment', '値引きは 5% まで可。明日相談しましょう。']])

    const list = await asUser(t.app, manager, (ctx) => listReports(ctx, { limit: 10, status: 'submitted' }))
    expect(list.data.map((r) => [r.id, r.commentCount])).toEqual([[draft.id, 1]])
    const day = await asUser(t.app, rep, (ctx) => getDay(ctx, { date }))
    expect(day.comments.map((c) => c.body)).toEqual(['値引きは 5% まで可。明日相談しましょう。'])
  })

  it("a rep of another team cannot read or comment on a report; over HTTP a bad date is a 400", async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const outsider = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const report = await asUser(t.app, rep, (ctx) => saveMyDay(ctx, { date: '2026-11-20', summary: '社外秘' }))
    const seen = await asUser(t.app, outsider, (ctx) => listReports(ctx, { limit: 10 }))
    expect(seen.data).toEqual([])
    await expect(asUser(t.app, outsider, (ctx) => addComment(ctx, report.id, 'x'))).rejects.toMatchObject({ code: 'not_found' })
    const api = client(t.http, await signIn(t.http, rep))
    expect((await api.put('/api/v1/daily-reports/day', { date: '2026/11/20', summary: 'x' })).statusCode).toBe(400)
    expect((await api.get('/api/v1/daily-reports/day?date=2026-11-20')).json().report.summary).toBe('社外秘')
  })
})
