import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createDeal, moveDeal } from '../deals/deals.service.ts'
import { getForecast } from '../deals/forecast.service.ts'
import { listPipelines } from '../deals/pipelines.service.ts'
import { createLead, replaceAssignmentRules } from '../leads/index.ts'
import { createTeam } from '../teams/index.ts'
import { createTerritory } from './territories.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const noMembers = { memberUserIds: [], memberTeamIds: [] }

describe('lead assignment by territory', () => {
  it('hands a lead round-robin to the members of the most specific territory of its prefecture and industry, else falls through', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const kansaiTeam = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '関西営業' }))
    const osaka1 = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: kansaiTeam.id })
    const osaka2 = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: kansaiTeam.id })
    const tokyoIt = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const fallback = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    await asUser(t.app, admin, async (ctx) => {
      await createTerritory(ctx, { name: '関西', prefectures: ['大阪府', '京都府', '兵庫県'], industries: [], memberUserIds: [], memberTeamIds: [kansaiTeam.id] })
      await createTerritory(ctx, { name: '関東', prefectures: ['東京都', '神奈川県'], industries: [], ...noMembers })
      await createTerritory(ctx, { name: '東京IT', prefectures: ['東京都'], industries: ['IT'], memberUserIds: [tokyoIt.userId], memberTeamIds: [] })
      await replaceAssignmentRules(ctx, {
        rules: [
          { name: 'テリトリー', assignByTerritory: true },
          { name: 'その他', assignToUserId: fallback.userId },
        ],
      })
    })
    const lead = (prefecture: string | null, industry: string | null) =>
      asUser(t.app, admin, (ctx) => createLead(ctx, { companyName: `${prefecture}-${industry}`, prefecture: prefecture as never, industry }))

    const kansai = [await lead('大阪府', null), await lead('兵庫県', '製造'), await lead('京都府', null), await lead('大阪府', 'IT')]
    expect(kansai.map((l) => l.ownerId).sort()).toEqual([osaka1.userId, osaka1.userId, osaka2.userId, osaka2.userId].sort())
    expect((await lead('東京都', 'ＩＴ')).ownerId).toBe(tokyoIt.userId)
    // 関東 matches but has no members, and Hokkaido has no territory: the next rule takes them.
    expect((await lead('神奈川県', 'IT')).ownerId).toBe(fallback.userId)
    expect((await lead('北海道', null)).ownerId).toBe(fallback.userId)
  })

  it('refuses a rule that names a user and assigns by territory at once', async () => {
    const { admin } = await createTestTenant(t.app)
    const { AssignmentRulesPut } = await import('../leads/lead-rules.schema.ts')
    expect(AssignmentRulesPut.safeParse({ rules: [{ name: 'x', assignByTerritory: true, assignToUserId: admin.userId }] }).success).toBe(false)
    expect(AssignmentRulesPut.safeParse({ rules: [{ name: 'x', assignByTerritory: true }] }).success).toBe(true)
  })
})

describe('forecast by territory', () => {
  it('groups won and open deals by the territory of their account', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const { data } = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    const stages = data.find((p) => p.isDefault)!.stages
    const won = stages.find((s) => s.kind === 'won')!
    const open = stages.filter((s) => s.kind === 'open')
    const east = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '東日本', prefectures: ['東京都', '宮城県'], industries: [], ...noMembers }))
    const west = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '西日本', prefectures: ['大阪府', '福岡県'], industries: [], ...noMembers }))
    const tokyo = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '東京商事', prefecture: '東京都' }))
    const fukuoka = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '博多物産', prefecture: '福岡県' }))
    const sapporo = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '札幌', prefecture: '北海道' }))

    const wonDeal = async (accountId: string, amount: number) => {
      const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: `won ${amount}`, amount, accountId }))
      await asUser(t.app, admin, (ctx) => moveDeal(ctx, deal.id, { stageId: won.id }))
      await inTenantTransaction(t.app.db, tenantId, (tx) => sql`update deals set closed_at = '2027-05-10T10:00:00+09:00' where id = ${deal.id}`.execute(tx))
    }
    await wonDeal(tokyo.id, 3_000_000)
    await wonDeal(tokyo.id, 1_000_000)
    await wonDeal(fukuoka.id, 500_000)
    await wonDeal(sapporo.id, 200_000)
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: 'open west', amount: 2_000_000, accountId: fukuoka.id, stageId: open[2]!.id, expectedCloseDate: '2027-06-01' }))

    const forecast = await asUser(t.app, admin, (ctx) => getForecast(ctx, { from: '2027-04-01', to: '2027-06-30', groupBy: 'territory', currency: 'JPY' }))
    expect(forecast.groupBy).toBe('territory')
    const rows = Object.fromEntries(forecast.rows.map((r) => [r.name ?? '(none)', { id: r.id, won: r.won, wonCount: r.wonCount, pipeline: r.pipeline, quota: r.quota }]))
    expect(rows).toEqual({
      東日本: { id: east.id, won: 4_000_000, wonCount: 2, pipeline: 0, quota: null },
      西日本: { id: west.id, won: 500_000, wonCount: 1, pipeline: 2_000_000, quota: null },
      '(none)': { id: null, won: 200_000, wonCount: 1, pipeline: 0, quota: null },
    })
    expect(forecast.totals.won).toBe(4_700_000)
  })
})
