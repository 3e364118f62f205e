import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact, listContactAccounts } from '../contacts/index.ts'
import { listPipelines } from '../deals/index.ts'
import { convertLead, findLeadMatches } from './lead-convert.service.ts'
import { createLead, getLead, updateLead } from './leads.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function counts(tenantId: string): Promise<{ accounts: number; contacts: number; deals: number }> {
  return inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const n = async (table: 'accounts' | 'contacts' | 'deals') => Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { accounts: await n('accounts'), contacts: await n('contacts'), deals: await n('deals') }
  })
}

describe('lead conversion', () => {
  it('creates account + contact + deal in the chosen stage, and the converted lead is read-only', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const pipeline = (await asUser(t.app, admin, (ctx) => listPipelines(ctx))).data[0]!
    const stage = pipeline.stages.find((s) => s.name === '提案')!
    const lead = await asUser(t.app, admin, (ctx) =>
      createLead(ctx, { familyName: '鈴木', givenName: '一郎', familyNameKana: 'スズキ', givenNameKana: 'イチロウ', companyName: '株式会社みなと物産', title: '部長', email: 'suzuki@minato.example', phone: '03-1111-2222' }),
    )
    const result = await asUser(t.app, admin, (ctx) => convertLead(ctx, lead.id, { deal: { pipelineId: pipeline.id, stageId: stage.id, amount: 500_000 } }))
    expect(result.account).toMatchObject({ name: '株式会社みなと物産', outcome: 'created' })
    expect(result.contact).toMatchObject({ name: '鈴木 一郎', outcome: 'created' })
    expect(result.deal).toMatchObject({ name: '株式会社みなと物産 商談' })
    expect(result.lead).toMatchObject({ status: 'converted', convertedAccountId: result.account!.id, convertedContactId: result.contact.id, convertedDealId: result.deal!.id })
    const deal = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('deals').select(['stageId', 'accountId', 'amount']).where('id', '=', result.deal!.id).executeTakeFirstOrThrow())
    expect(deal).toMatchObject({ stageId: stage.id, accountId: result.account!.id })
    const links = await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, result.contact.id))
    expect(links.map((l) => [l.accountId, l.title])).toEqual([[result.account!.id, '部長']])
    await expect(asUser(t.app, admin, (ctx) => updateLead(ctx, lead.id, { notes: 'x' }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(asUser(t.app, admin, (ctx) => convertLead(ctx, lead.id, {}))).rejects.toMatchObject({ code: 'conflict' })
    const events = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('objectId', '=', lead.id).execute())
    expect(events.map((e) => e.type)).toContain('lead.converted')
  })

  it('never creates a duplicate: (株)/株式会社 forms of the company and the same email link to the existing records', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '田中', givenName: '太郎', emails: [{ type: 'work', address: 'tanaka@daifuku.example', primary: true }] }))
    const before = await counts(tenantId)
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { familyName: 'タナカ', companyName: '（株）大福商事', email: 'Tanaka@Daifuku.example' }))
    const matches = await asUser(t.app, admin, (ctx) => findLeadMatches(ctx, lead.id))
    expect(matches.accounts[0]).toMatchObject({ id: account.id, level: 'likely' })
    expect(matches.contacts[0]).toMatchObject({ id: contact.id, level: 'likely', reasons: expect.arrayContaining(['email']) })
    const result = await asUser(t.app, admin, (ctx) => convertLead(ctx, lead.id, {}))
    expect(result.account).toEqual({ id: account.id, name: '株式会社大福商事', outcome: 'linked' })
    expect(result.contact).toMatchObject({ id: contact.id, outcome: 'linked' })
    expect(result.deal).toBeNull()
    expect(await counts(tenantId)).toEqual(before)
    // The existing person is now linked to the existing company.
    const links = await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, contact.id))
    expect(links.map((l) => l.accountId)).toEqual([account.id])
    // A second lead for the same company links again rather than creating a second account.
    const second = await asUser(t.app, admin, (ctx) => createLead(ctx, { familyName: '高橋', companyName: '大福商事株式会社', email: 'takahashi@daifuku.example' }))
    const again = await asUser(t.app, admin, (ctx) => convertLead(ctx, second.id, {}))
    expect(again.account).toMatchObject({ id: account.id, outcome: 'linked' })
    expect(again.contact.outcome).toBe('created')
    expect((await counts(tenantId)).accounts).toBe(before.accounts)
  })

  it('rolls everything back when one part fails (a stage of another pipeline): no account, no contact, lead still open', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { familyName: '伊藤', companyName: '伊藤製作所', email: 'ito@example.test' }))
    const before = await counts(tenantId)
    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.post(`/api/v1/leads/${lead.id}/convert`, { deal: { stageId: '01900000-0000-7000-8000-000000000000' } })
    expect(response.statusCode).toBe(400)
    expect(await counts(tenantId)).toEqual(before)
    expect((await asUser(t.app, admin, (ctx) => getLead(ctx, lead.id))).status).toBe('new')
    const unknownAccount = await http.post(`/api/v1/leads/${lead.id}/convert`, { accountId: '01900000-0000-7000-8000-000000000000' })
    expect(unknownAccount.statusCode).toBe(400)
    expect(unknownAccount.json().error.details).toEqual([{ path: 'accountId', message: 'No such record.' }])
    const ok = await http.post(`/api/v1/leads/${lead.id}/convert`, { deal: {} })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ account: { outcome: 'created' }, contact: { outcome: 'created' }, deal: { name: '伊藤製作所 商談' } })
    expect((await http.patch(`/api/v1/leads/${lead.id}`, { status: 'working' })).statusCode).toBe(409)
  })
})
