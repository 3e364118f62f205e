import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishPendingEvents } from '../../platform/events/outbox.ts'
import { createWorker } from '../../platform/jobs/index.ts'
import { asUser, client, createTestTenant, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact } from '../contacts/index.ts'
import { listDuplicateCandidates } from './duplicates.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const deliver = async () => {
  while ((await publishPendingEvents(t.app.db, 100)) > 0) {
    /* next batch */
  }
}

describe('duplicates flagged as records arrive', () => {
  it('a created contact or account joins the queue with its match at once, without a scan, and a dismissed pair stays dismissed', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const daifuku = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福' }))
    const first = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '髙橋', givenName: '一郎', accountId: daifuku.id }))
    // The same person in another tenant is never a candidate.
    await asUser(t.app, other.admin, (ctx) => createContact(ctx, { familyName: '高橋', givenName: '一郎' }))
    await deliver()
    const second = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '高橋', givenName: '一郎', accountId: daifuku.id }))
    const company = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '(株)大福' }))
    await deliver()

    const people = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 50 }))
    expect(people.data).toHaveLength(1)
    expect(people.data[0]).toMatchObject({ score: 0.8, level: 'likely', reasons: ['name_company'] })
    expect([people.data[0]!.a.id, people.data[0]!.b.id].sort()).toEqual([first.id, second.id].sort())
    const companies = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'accounts', status: 'open', limit: 50 }))
    expect(companies.data.map((p) => [p.a.id, p.b.id].sort())).toEqual([[daifuku.id, company.id].sort()])
    const elsewhere = await asUser(t.app, other.admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 50 }))
    expect(elsewhere.data).toEqual([])

    const http = client(t.http, await signIn(t.http, admin))
    expect((await http.post(`/api/v1/duplicates/${people.data[0]!.id}/dismiss`)).statusCode).toBe(204)
    // A third 高橋一郎 at 大福 pairs with both; the dismissed pair does not come back.
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '高橋', givenName: '一郎', accountId: daifuku.id }))
    await deliver()
    const after = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 50 }))
    expect(after.data).toHaveLength(2)
    expect(after.data.map((p) => p.id)).not.toContain(people.data[0]!.id)
  })

  it('rows of an import are flagged too', async () => {
    const { admin } = await createTestTenant(t.app)
    const existing = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ' }))
    const http = client(t.http, await signIn(t.http, admin))
    const csv = '姓,名,セイ,メイ,メールアドレス\n山田,花子,ﾔﾏﾀﾞ,ﾊﾅｺ,hanako@example.jp\n'
    const upload = await http.post('/api/v1/imports', { objectType: 'contacts', fileName: 'people.csv', contentBase64: Buffer.from(csv).toString('base64') })
    expect(upload.statusCode, upload.body).toBe(201)
    expect((await http.post(`/api/v1/imports/${upload.json().id}/run`)).statusCode).toBe(202)
    const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger })
    while (await worker.runOnce()) {
      /* next */
    }
    await deliver()
    const queue = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 50 }))
    expect(queue.data).toHaveLength(1)
    expect(queue.data[0]).toMatchObject({ level: 'possible', reasons: ['name_kana'] })
    expect([queue.data[0]!.a.id, queue.data[0]!.b.id]).toContain(existing.id)
  })

  it('reports the scan: idle, queued, then done with the open pairs', async () => {
    const { admin } = await createTestTenant(t.app)
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤', emails: [{ type: 'work', address: 'sato@example.jp', primary: true }] }))
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤', emails: [{ type: 'work', address: 'SATO@example.jp', primary: true }] }))
    const http = client(t.http, await signIn(t.http, admin))
    expect((await http.get('/api/v1/duplicates/scan?type=contacts')).json()).toMatchObject({ status: 'idle', jobId: null, openCandidates: 0 })
    const queued = await http.post('/api/v1/duplicates/scan', { type: 'contacts' })
    expect(queued.statusCode).toBe(202)
    expect((await http.get('/api/v1/duplicates/scan?type=contacts')).json()).toMatchObject({ status: 'pending', jobId: queued.json().jobId })
    const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false })
    while (await worker.runOnce()) {
      /* next */
    }
    const done = (await http.get('/api/v1/duplicates/scan?type=contacts')).json()
    expect(done).toMatchObject({ status: 'done', jobId: queued.json().jobId, openCandidates: 1 })
    expect(done.finishedAt).not.toBeNull()
    expect((await http.get('/api/v1/duplicates/scan?type=deals')).statusCode).toBe(400)
  })
})
