import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { createWorker, enqueueJob } from '../../platform/jobs/index.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { CONTRACTS_DAILY_JOB, runContractDay } from './contracts.jobs.ts'
import {
  changeContractStatus,
  createContract,
  getContract,
  listContracts,
  listContractStatusHistory,
  renewContract,
  todayInJapan,
} from './contracts.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function tenantWithAccount() {
  const { tenantId, admin } = await createTestTenant(t.app)
  const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
  return { tenantId, admin, accountId: account.id }
}

const runDay = (user: TestUser, today: string) => inTenantTransaction(t.app.db, user.tenantId, (tx) => runContractDay(tx, user.tenantId, today))

const notificationsOf = (user: TestUser) =>
  inTenantTransaction(t.app.db, user.tenantId, (tx) =>
    tx.selectFrom('notifications').select(['kind', 'title', 'body', 'link', 'objectId']).where('userId', '=', user.userId).where('kind', '=', 'contract_renewal').execute(),
  )

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

describe('contracts', () => {
  it('moves through draft → active → cancelled, keeps every change in the history and refuses a change from cancelled', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const contract = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, { title: '保守契約', number: 'C-0001', accountId, startDate: '2027-04-01', endDate: '2028-03-31', value: 1_200_000, billingCycle: 'yearly' }),
    )
    expect(contract).toMatchObject({ status: 'draft', noticeDays: 30, currency: 'JPY', autoRenew: false, accountName: '株式会社大福商事', ownerId: admin.userId, value: 1_200_000 })
    await asUser(t.app, admin, (ctx) => changeContractStatus(ctx, contract.id, { status: 'active' }))
    const cancelled = await asUser(t.app, admin, (ctx) => changeContractStatus(ctx, contract.id, { status: 'cancelled', note: '先方都合' }))
    expect(cancelled.status).toBe('cancelled')
    await expect(asUser(t.app, admin, (ctx) => changeContractStatus(ctx, contract.id, { status: 'active' }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(asUser(t.app, admin, (ctx) => renewContract(ctx, contract.id, {}))).rejects.toMatchObject({ code: 'conflict' })
    const history = await asUser(t.app, admin, (ctx) => listContractStatusHistory(ctx, contract.id))
    expect(history.data.map((h) => [h.fromStatus, h.toStatus, h.note, h.changedBy])).toEqual([
      [null, 'draft', null, admin.userId],
      ['draft', 'active', null, admin.userId],
      ['active', 'cancelled', '先方都合', admin.userId],
    ])
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('auditLog').select('action').where('objectType', '=', 'contracts').where('objectId', '=', contract.id).execute(),
    )
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update'])
  })

  it('renewing by hand starts the next period the day after the end date and moves the renewal date with it', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const contract = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, { title: 'ライセンス', accountId, status: 'active', startDate: '2026-03-01', endDate: '2027-02-28', renewalDate: '2027-01-31', renewalTermMonths: 12 }),
    )
    const renewed = await asUser(t.app, admin, (ctx) => renewContract(ctx, contract.id, { termMonths: 6 }))
    expect(renewed).toMatchObject({ status: 'renewed', startDate: '2027-03-01', endDate: '2027-08-28', renewalDate: '2027-07-31' })
    const history = await asUser(t.app, admin, (ctx) => listContractStatusHistory(ctx, contract.id))
    expect(history.data.at(-1)).toMatchObject({ fromStatus: 'active', toStatus: 'renewed', note: '2027-03-01 – 2027-08-28' })
  })

  it('the daily job renews auto-renew contracts at their end date and expires the others after it', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const auto = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, { title: '自動更新', accountId, status: 'active', startDate: '2026-04-01', endDate: '2027-03-31', autoRenew: true, renewalTermMonths: 12, noticeDays: 0 }),
    )
    const fixed = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, { title: '期間満了', accountId, status: 'active', startDate: '2026-04-01', endDate: '2027-03-30', noticeDays: 0 }),
    )
    const draft = await asUser(t.app, admin, (ctx) => createContract(ctx, { title: '下書き', accountId, startDate: '2026-04-01', endDate: '2027-03-30' }))
    expect(await runDay(admin, '2027-03-30')).toMatchObject({ renewed: 0, expired: 0 })
    expect(await runDay(admin, '2027-03-31')).toMatchObject({ renewed: 1, expired: 1 })
    expect(await runDay(admin, '2027-03-31')).toMatchObject({ renewed: 0, expired: 0 })
    const [a, f, d] = await asUser(t.app, admin, (ctx) => Promise.all([auto, fixed, draft].map((c) => getContract(ctx, c.id))))
    expect(a).toMatchObject({ status: 'renewed', startDate: '2027-04-01', endDate: '2028-03-31' })
    expect(f).toMatchObject({ status: 'expired', endDate: '2027-03-30' })
    expect(d!.status).toBe('draft')
    const history = await asUser(t.app, admin, (ctx) => listContractStatusHistory(ctx, auto.id))
    expect(history.data.at(-1)).toMatchObject({ toStatus: 'renewed', changedBy: null, note: '2027-04-01 – 2028-03-31' })
  })

  it('reminds the owner N days before the renewal date once per period, in their language, and marks the contract expiring', async () => {
    const { tenantId, admin, accountId } = await tenantWithAccount()
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const contract = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, {
        title: '年間保守',
        number: 'K-77',
        accountId,
        status: 'active',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        renewalDate: '2027-02-28',
        noticeDays: 30,
        autoRenew: true,
        ownerId: rep.userId,
      }),
    )
    expect((await runDay(admin, '2027-01-28')).reminded).toBe(0)
    expect((await runDay(admin, '2027-01-29')).reminded).toBe(1)
    expect((await runDay(admin, '2027-01-29')).reminded).toBe(0)
    expect((await runDay(admin, '2027-02-15')).reminded).toBe(0)
    const first = await notificationsOf(rep)
    expect(first).toEqual([
      {
        kind: 'contract_renewal',
        title: '契約の更新日が近づいています：年間保守（K-77）',
        body: '更新日 2027-02-28／契約終了日 2027-03-31（自動更新）',
        link: `/contracts/${contract.id}`,
        objectId: contract.id,
      },
    ])
    expect((await asUser(t.app, admin, (ctx) => getContract(ctx, contract.id))).status).toBe('expiring')
    // An email copy is queued with it (sent when SMTP is configured).
    const mails = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('jobs').select('id').where('type', '=', 'notifications.email').where('tenantId', '=', tenantId).execute())
    expect(mails).toHaveLength(1)
    // Renewed into the next period: the next reminder comes one period later, again once.
    expect((await runDay(admin, '2027-03-31')).renewed).toBe(1)
    expect((await runDay(admin, '2028-01-28')).reminded).toBe(0)
    expect((await runDay(admin, '2028-01-29')).reminded).toBe(1)
    expect((await runDay(admin, '2028-01-30')).reminded).toBe(0)
    expect(await notificationsOf(rep)).toHaveLength(2)
  })

  it('the scheduled job runs through the worker with today in Japan', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const today = todayInJapan()
    const contract = await asUser(t.app, admin, (ctx) =>
      createContract(ctx, { title: '昨日まで', accountId, status: 'active', startDate: addDays(today, -30), endDate: addDays(today, -1) }),
    )
    await inSystemTransaction(t.app.db, (tx) => enqueueJob(tx, { type: CONTRACTS_DAILY_JOB, payload: {}, tenantId: null }))
    const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false, pollIntervalMs: 20 })
    for (let i = 0; i < 20 && (await worker.runOnce()); i++) {
      /* run the due jobs */
    }
    expect((await asUser(t.app, admin, (ctx) => getContract(ctx, contract.id))).status).toBe('expired')
  })

  it('lists contracts expiring within N days, soonest first, over HTTP', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const today = todayInJapan()
    const make = (title: string, endDate: string, status: 'draft' | 'active' = 'active') =>
      asUser(t.app, admin, (ctx) => createContract(ctx, { title, accountId, status, startDate: addDays(today, -300), endDate }))
    await make('30日後', addDays(today, 30))
    await make('10日後', addDays(today, 10))
    await make('90日後', addDays(today, 90))
    await make('下書き10日後', addDays(today, 10), 'draft')
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.get(`/api/v1/contracts?expiringWithinDays=60&sort=endDate&accountId=${accountId}`)
    expect(response.statusCode).toBe(200)
    expect(response.json().data.map((c: { title: string }) => c.title)).toEqual(['10日後', '30日後'])
    const page1 = (await api.get('/api/v1/contracts?limit=2')).json()
    const page2 = (await api.get(`/api/v1/contracts?limit=2&cursor=${page1.nextCursor}`)).json()
    expect([...page1.data, ...page2.data].map((c: { title: string }) => c.title)).toEqual(['下書き10日後', '90日後', '10日後', '30日後'])
    expect((await api.get('/api/v1/contracts?status=draft')).json().data).toHaveLength(1)
  })

  it('a sales rep sees only their own contracts (and their team’s); others are 404', async () => {
    const { tenantId, admin, accountId } = await tenantWithAccount()
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const mine = await asUser(t.app, rep, (ctx) => createContract(ctx, { title: '担当分', accountId, startDate: '2027-01-01', endDate: '2027-12-31' }))
    const other = await asUser(t.app, admin, (ctx) => createContract(ctx, { title: '管理者分', accountId, startDate: '2027-01-01', endDate: '2027-12-31' }))
    const seen = await asUser(t.app, rep, (ctx) => listContracts(ctx, { limit: 50, sort: '-createdAt' }))
    expect(seen.data.map((c) => c.id)).toEqual([mine.id])
    const api = client(t.http, await signIn(t.http, rep))
    expect((await api.get(`/api/v1/contracts/${other.id}`)).statusCode).toBe(404)
    expect((await api.post(`/api/v1/contracts/${other.id}/renew`, {})).statusCode).toBe(404)
    expect((await api.delete(`/api/v1/contracts/${mine.id}`)).statusCode).toBe(403)
  })

  it('another tenant can neither read a contract nor attach one to an account it does not own', async () => {
    const a = await tenantWithAccount()
    const b = await tenantWithAccount()
    const contract = await asUser(t.app, a.admin, (ctx) => createContract(ctx, { title: '機密', accountId: a.accountId, startDate: '2027-01-01', endDate: '2027-12-31' }))
    const api = client(t.http, await signIn(t.http, b.admin))
    expect((await api.get(`/api/v1/contracts/${contract.id}`)).statusCode).toBe(404)
    expect((await api.get(`/api/v1/contracts/${contract.id}/status-history`)).statusCode).toBe(404)
    expect((await api.patch(`/api/v1/contracts/${contract.id}`, { title: 'x' })).statusCode).toBe(404)
    expect((await api.get('/api/v1/contracts')).json().data).toEqual([])
    const response = await api.post('/api/v1/contracts', { title: '越境', accountId: a.accountId, startDate: '2027-01-01', endDate: '2027-12-31' })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details).toEqual([{ path: 'accountId', message: 'No such account in this tenant.' }])
    // Tenant B's daily run does not touch tenant A's contract.
    expect(await runDay(b.admin, '2030-01-01')).toEqual({ renewed: 0, expired: 0, reminded: 0 })
  })

  it('rejects bad input: end before start, unknown fields, a bad cycle, a duplicate number, a forbidden status', async () => {
    const { admin, accountId } = await tenantWithAccount()
    const api = client(t.http, await signIn(t.http, admin))
    const base = { title: '契約', accountId, startDate: '2027-04-01', endDate: '2028-03-31' }
    const backwards = await api.post('/api/v1/contracts', { ...base, endDate: '2027-03-31' })
    expect(backwards.statusCode).toBe(400)
    expect(JSON.stringify(backwards.json().error.details)).toContain('endDate')
    expect((await api.post('/api/v1/contracts', { ...base, color: 'red' })).statusCode).toBe(400)
    expect((await api.post('/api/v1/contracts', { ...base, billingCycle: 'weekly' })).statusCode).toBe(400)
    expect((await api.post('/api/v1/contracts', { ...base, status: 'renewed' })).statusCode).toBe(400)
    expect((await api.post('/api/v1/contracts', { ...base, startDate: '2027-02-30' })).statusCode).toBe(400)
    expect((await api.post('/api/v1/contracts', { ...base, number: 'N-1' })).statusCode).toBe(201)
    expect((await api.post('/api/v1/contracts', { ...base, number: 'N-1' })).statusCode).toBe(409)
    const created = (await api.post('/api/v1/contracts', base)).json()
    expect((await api.patch(`/api/v1/contracts/${created.id}`, { endDate: '2027-01-01' })).statusCode).toBe(400)
    expect((await api.post(`/api/v1/contracts/${created.id}/status`, { status: 'expired' })).statusCode).toBe(409)
    expect((await api.post(`/api/v1/contracts/${created.id}/status`, { status: 'renewed' })).statusCode).toBe(400)
  })
})
