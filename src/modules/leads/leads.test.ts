import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { publishPendingEvents } from '../../platform/events/outbox.ts'
import { createActivity } from '../activities/index.ts'
import { createTeam } from '../teams/index.ts'
import { replaceAssignmentRules } from './lead-assignment.service.ts'
import { createWebForm } from './lead-forms.service.ts'
import { replaceScoringRules } from './lead-scoring.service.ts'
import { createLead, deleteLead, getLead, listLeads, updateLead } from './leads.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('leads', () => {
  it('creates a lead, audited and announced; lists it by status, newest first, with keyset pages', async () => {
    const { admin } = await createTestTenant(t.app)
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', companyName: '株式会社大福', email: 'hanako@daifuku.example' }))
    expect(lead).toMatchObject({ displayName: '山田 花子', status: 'new', source: 'api', ownerId: admin.userId })
    const rows = await inTenantTransaction(t.app.db, admin.tenantId, async (tx) => ({
      audit: await tx.selectFrom('auditLog').select(['action', 'objectType']).where('objectId', '=', lead.id).execute(),
      events: await tx.selectFrom('outboxEvents').select('type').where('objectId', '=', lead.id).orderBy('id').execute(),
    }))
    expect(rows.audit).toEqual([{ action: 'create', objectType: 'leads' }])
    expect(rows.events.map((e) => e.type)).toEqual(['lead.created', 'lead.assigned'])

    for (let i = 0; i < 3; i++) await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: `会社${i}`, status: 'working' }))
    const first = await asUser(t.app, admin, (ctx) => listLeads(ctx, { limit: 2, status: 'working', sort: '-createdAt' }))
    expect(first.data.map((l) => l.companyName)).toEqual(['会社2', '会社1'])
    const second = await asUser(t.app, admin, (ctx) => listLeads(ctx, { limit: 2, status: 'working', sort: '-createdAt', cursor: first.nextCursor! }))
    expect(second.data.map((l) => l.companyName)).toEqual(['会社0'])
    expect(second.nextCursor).toBeNull()
    const found = await asUser(t.app, admin, (ctx) => listLeads(ctx, { limit: 10, q: 'やまだ', sort: '-createdAt' }))
    expect(found.data.map((l) => l.id)).toEqual([lead.id])
  })

  it('qualifies and disqualifies through status; refuses a lead without any name, company or email', async () => {
    const { admin } = await createTestTenant(t.app)
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { email: 'a@b.example' }))
    const qualified = await asUser(t.app, admin, (ctx) => updateLead(ctx, lead.id, { status: 'qualified' }))
    expect(qualified.status).toBe('qualified')
    const http = client(t.http, await signIn(t.http, admin))
    const bad = await http.post('/api/v1/leads', { title: '部長' })
    expect(bad.statusCode).toBe(400)
    const converted = await http.patch(`/api/v1/leads/${lead.id}`, { status: 'converted' })
    expect(converted.statusCode).toBe(400)
  })

  it('a read-only member cannot create leads, a sales member sees only their team’s, and only admins edit the rules', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本' }))
    const seller = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id })
    const viewer = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    await expect(asUser(t.app, viewer, (ctx) => createLead(ctx, { companyName: 'x' }))).rejects.toMatchObject({ code: 'forbidden' })
    const others = await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: '他部署の見込み', ownerId: admin.userId }))
    await expect(asUser(t.app, seller, (ctx) => getLead(ctx, others.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, seller, (ctx) => deleteLead(ctx, others.id))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, seller, (ctx) => replaceScoringRules(ctx, { rules: [] }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, seller, (ctx) => replaceAssignmentRules(ctx, { rules: [] }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, seller, (ctx) => createWebForm(ctx, { name: 'x', fields: [{ key: 'email', required: true }] }))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('a user of another tenant can neither see nor change the lead', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const lead = await asUser(t.app, a.admin, (ctx) => createLead(ctx, { companyName: '秘密商事' }))
    await expect(asUser(t.app, b.admin, (ctx) => getLead(ctx, lead.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => updateLead(ctx, lead.id, { status: 'working' }))).rejects.toMatchObject({ code: 'not_found' })
    const list = await asUser(t.app, b.admin, (ctx) => listLeads(ctx, { limit: 200, sort: '-createdAt' }))
    expect(list.data).toEqual([])
  })
})

describe('lead scoring', () => {
  it('scores fit (field conditions, folded text) plus engagement, and recalculates on update and on a rule change', async () => {
    const { admin } = await createTestTenant(t.app)
    await asUser(t.app, admin, (ctx) =>
      replaceScoringRules(ctx, {
        rules: [
          { category: 'fit', field: 'industry', operator: 'equals', value: 'ＩＴ', points: 20 },
          { category: 'fit', field: 'prefecture', operator: 'in', value: '東京都、神奈川県', points: 10 },
          { category: 'fit', field: 'title', operator: 'contains', value: '部長', points: 15 },
          { category: 'fit', field: 'emailDomain', operator: 'equals', value: 'gmail.com', points: -5 },
          { category: 'engagement', field: 'formSubmissions', points: 10, maxPoints: 30 },
        ],
      }),
    )
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: '大福', industry: 'it', prefecture: '東京都', email: 'x@gmail.com' }))
    expect(lead).toMatchObject({ fitScore: 25, engagementScore: 0, score: 25 })
    const updated = await asUser(t.app, admin, (ctx) => updateLead(ctx, lead.id, { title: '営業部長', email: 'x@daifuku.example' }))
    expect(updated).toMatchObject({ fitScore: 45, score: 45 })
    const result = await asUser(t.app, admin, (ctx) => replaceScoringRules(ctx, { rules: [{ category: 'fit', field: 'title', operator: 'present', points: 7 }] }))
    expect(result.rescored).toBe(1)
    expect((await asUser(t.app, admin, (ctx) => getLead(ctx, lead.id))).score).toBe(7)
  })

  it('an activity logged on the lead adds engagement points once its event is delivered', async () => {
    const { admin } = await createTestTenant(t.app)
    await asUser(t.app, admin, (ctx) => replaceScoringRules(ctx, { rules: [{ category: 'engagement', field: 'activities', points: 8, maxPoints: 20 }] }))
    const lead = await asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: '活動テスト' }))
    expect(lead.score).toBe(0)
    for (let i = 0; i < 3; i++) await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'call', subject: `架電${i}`, relatedType: 'leads', relatedId: lead.id }))
    while ((await publishPendingEvents(t.app.db)) > 0) {
      // deliver everything queued so far
    }
    expect(await asUser(t.app, admin, (ctx) => getLead(ctx, lead.id))).toMatchObject({ engagementScore: 20, score: 20 })
  })
})
