import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createTeam } from '../teams/index.ts'
import { replaceAssignmentRules } from './lead-assignment.service.ts'
import { createWebForm, submitWebForm, updateWebForm } from './lead-forms.service.ts'
import { replaceScoringRules } from './lead-scoring.service.ts'
import { createLead, getLead } from './leads.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const visitor = { requestId: null, ip: '203.0.113.7' }

async function ownersOf(tenantId: string, ids: string[]): Promise<string[]> {
  const rows = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('leads').select(['ownerId']).where('id', 'in', ids).execute())
  return rows.map((r) => r.ownerId ?? 'none')
}

function countBy(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {})
}

describe('lead assignment', () => {
  it('the first matching rule wins: a territory goes to its user, a team rule round-robins, the rest to the sales round-robin', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '関西チーム' }))
    const east = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const [k1, k2] = [await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id }), await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id })]
    await asUser(t.app, admin, (ctx) =>
      replaceAssignmentRules(ctx, {
        rules: [
          { name: '首都圏', field: 'prefecture', operator: 'in', value: '東京都,神奈川県,千葉県,埼玉県', assignToUserId: east.userId },
          { name: '関西', field: 'prefecture', operator: 'in', value: '大阪府、京都府、兵庫県', assignToTeamId: team.id },
        ],
      }),
    )
    const tokyo = await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: 'A', prefecture: '神奈川県' }))
    expect(tokyo.ownerId).toBe(east.userId)
    const kansai = []
    for (let i = 0; i < 4; i++) kansai.push(await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: `K${i}`, prefecture: '大阪府' })))
    expect(countBy(kansai.map((l) => l.ownerId!))).toEqual({ [k1.userId]: 2, [k2.userId]: 2 })
    expect(kansai.every((l) => l.teamId === team.id)).toBe(true)
    // No rule matches: the default round-robin among all sales members (east, k1, k2).
    const rest = []
    for (let i = 0; i < 6; i++) rest.push(await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: `R${i}`, prefecture: '北海道' })))
    expect(Object.values(countBy(rest.map((l) => l.ownerId!)))).toEqual([2, 2, 2])
    // An explicit owner is kept as given.
    expect((await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: 'X', prefecture: '東京都', ownerId: admin.userId }))).ownerId).toBe(admin.userId)
  })

  it('refuses a rule naming both a user and a team, or a team of another tenant', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const foreignTeam = await asUser(t.app, other.admin, (ctx) => createTeam(ctx, { name: '他社' }))
    await expect(asUser(t.app, admin, (ctx) => replaceAssignmentRules(ctx, { rules: [{ name: 'x', assignToTeamId: foreignTeam.id }] }))).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'rules.0.assignToTeamId' }],
    })
  })

  it('splits N concurrent web-form submissions evenly over a team (the round-robin counter is fair under concurrency)', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'インサイドセールス' }))
    const members = [] as string[]
    for (let i = 0; i < 3; i++) members.push((await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id })).userId)
    await asUser(t.app, admin, (ctx) => replaceAssignmentRules(ctx, { rules: [{ name: '全件', assignToTeamId: team.id }] }))
    const form = await asUser(t.app, admin, (ctx) => createWebForm(ctx, { name: '資料請求', fields: [{ key: 'email', required: true }, { key: 'companyName', required: false }] }))
    const n = 24
    // All at once: on PostgreSQL these run in parallel transactions on separate connections
    // (PGlite has one connection, so there they queue, which must be fair too).
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => submitWebForm(t.app.db, form.publicKey, { email: `visitor${i}@example.test`, companyName: `訪問者${i}` }, { requestId: null, ip: `198.51.100.${i}` })),
    )
    const ids = results.map((r) => r.leadId!)
    expect(new Set(ids).size).toBe(n)
    const split = countBy(await ownersOf(tenantId, ids))
    expect(Object.keys(split).sort()).toEqual([...members].sort())
    expect(Object.values(split)).toEqual([n / 3, n / 3, n / 3])
    const counter = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('leadRoundRobinCounters').select(['poolKey', 'turns']).execute())
    expect(counter.map((c) => ({ ...c, turns: Number(c.turns) }))).toEqual([{ poolKey: `team:${team.id}`, turns: n }])
  })
})

describe('web forms', () => {
  it('a submission becomes a web-form lead with the form’s fixed owner; a repeat from the same email adds engagement instead of a second lead', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const owner = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    await asUser(t.app, admin, (ctx) => replaceScoringRules(ctx, { rules: [{ category: 'engagement', field: 'formSubmissions', points: 10, maxPoints: 15 }] }))
    const form = await asUser(t.app, admin, (ctx) =>
      createWebForm(ctx, { name: 'お問い合わせ', fields: [{ key: 'familyName', required: true }, { key: 'email', required: true }, { key: 'message', required: false }], thankYouMessage: 'ありがとうございました。', ownerId: owner.userId }),
    )
    const first = await submitWebForm(t.app.db, form.publicKey, { familyName: '佐藤', email: 'sato@example.test', message: '資料をください' }, visitor)
    expect(first.message).toBe('ありがとうございました。')
    const lead = await asUser(t.app, admin, (ctx) => getLead(ctx, first.leadId!))
    expect(lead).toMatchObject({ source: 'web_form', webFormId: form.id, ownerId: owner.userId, formSubmissions: 1, engagementScore: 10 })
    const again = await submitWebForm(t.app.db, form.publicKey, { familyName: '佐藤', email: 'SATO@example.test' }, visitor)
    expect(again.leadId).toBe(first.leadId)
    expect(await asUser(t.app, admin, (ctx) => getLead(ctx, first.leadId!))).toMatchObject({ formSubmissions: 2, engagementScore: 15 })
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').select(['action', 'actorUserId']).where('objectId', '=', lead.id).orderBy('id').execute())
    expect(audit).toEqual([{ action: 'create', actorUserId: null }, { action: 'update', actorUserId: null }])
  })

  it('over HTTP: no sign-in needed, strict validation, a honeypot that is thanked and discarded, a per-IP rate limit and 404 once deactivated', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const form = await asUser(t.app, admin, (ctx) => createWebForm(ctx, { name: 'セミナー申込', fields: [{ key: 'email', required: true }, { key: 'companyName', required: true }] }))
    const url = `/api/v1/public/lead-forms/${form.publicKey}`
    const post = (payload: object, ip = '192.0.2.10') => t.http.inject({ method: 'POST', url: `${url}/submissions`, payload, remoteAddress: ip })
    const view = await t.http.inject({ method: 'GET', url })
    expect(view.statusCode).toBe(200)
    expect(view.json()).toEqual({ name: 'セミナー申込', fields: [{ key: 'email', required: true }, { key: 'companyName', required: true }], thankYouMessage: null })
    expect((await post({ email: 'a@example.test' })).json().error.details).toEqual([{ path: 'companyName', message: 'Required.' }])
    expect((await post({ email: 'a@example.test', companyName: 'A', phone: '03' })).json().error.details).toEqual([{ path: 'phone', message: 'This form does not ask for this field.' }])
    expect((await post({ email: 'not-an-email', companyName: 'A' })).statusCode).toBe(400)
    expect((await post({ email: 'a@example.test', companyName: 'A', tenantId })).statusCode).toBe(400)
    expect((await post({ email: 'bot@spam.test', companyName: 'Spam', nickname: 'buy now' })).statusCode).toBe(202)
    // That was the 5th from this IP to this form: the 6th is refused, another IP still gets through.
    expect((await post({ email: 'a@example.test', companyName: 'A' })).statusCode).toBe(429)
    expect((await post({ email: 'real@example.test', companyName: '本物商事' }, '192.0.2.11')).statusCode).toBe(202)
    const leads = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('leads').select(['email', 'companyName']).execute())
    expect(leads).toEqual([{ email: 'real@example.test', companyName: '本物商事' }])
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/public/lead-forms/doesnotexist000' })).statusCode).toBe(404)
    const openapi = await t.http.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(openapi.statusCode).toBe(200)
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/api/v1/leads', '/api/v1/leads/{id}/convert', '/api/v1/public/lead-forms/{key}/submissions']))
    await asUser(t.app, admin, (ctx) => updateWebForm(ctx, form.id, { isActive: false }))
    expect((await post({ email: 'late@example.test', companyName: 'B' }, '192.0.2.12')).statusCode).toBe(404)
  })
})
