import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorker } from '../../platform/jobs/index.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount, getAccount, listAccounts, updateAccount } from '../accounts/index.ts'
import { createDeal, getDeal, updateDeal } from '../deals/deals.service.ts'
import { createTeam } from '../teams/index.ts'
import { chooseTerritory } from './prefectures.ts'
import { createTerritory, deleteTerritory, updateTerritory } from './territories.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

/** Runs queued jobs in this process until none is due (what the worker does in production). */
async function drainJobs(): Promise<void> {
  const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false })
  while (await worker.runOnce()) {
    /* next */
  }
}

const KANTO = ['茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県'] as const

describe('territory placement', () => {
  it('picks the most specific matching territory (prefecture and industry > prefecture > industry > catch-all; fewer prefectures first)', () => {
    const territories = [
      { id: '1-catchall', prefectures: [], industries: [] },
      { id: '2-kanto', prefectures: [...KANTO], industries: [] },
      { id: '3-tokyo', prefectures: ['東京都'], industries: [] },
      { id: '4-it', prefectures: [], industries: ['IT'] },
      { id: '5-tokyo-it', prefectures: ['東京都'], industries: ['IT', '通信'] },
    ]
    expect(chooseTerritory(territories, { prefecture: '東京都', industry: 'ｉｔ' })).toBe('5-tokyo-it')
    expect(chooseTerritory(territories, { prefecture: '東京都', industry: '製造' })).toBe('3-tokyo')
    expect(chooseTerritory(territories, { prefecture: '神奈川県', industry: 'IT' })).toBe('2-kanto')
    expect(chooseTerritory(territories, { prefecture: '北海道', industry: 'IT' })).toBe('4-it')
    expect(chooseTerritory(territories, { prefecture: null, industry: null })).toBe('1-catchall')
    expect(chooseTerritory(territories.slice(1), { prefecture: '北海道', industry: null })).toBeNull()
  })

  it('places accounts on save, takes the prefecture from the address, and moves them when the address or industry changes', async () => {
    const { admin } = await createTestTenant(t.app)
    const kanto = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '関東', prefectures: [...KANTO], industries: [], memberUserIds: [], memberTeamIds: [] }))
    const tokyoIt = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '東京IT', prefectures: ['東京都'], industries: ['IT'], memberUserIds: [], memberTeamIds: [] }))
    const kansai = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '関西', prefectures: ['大阪府', '京都府', '兵庫県'], industries: [], memberUserIds: [], memberTeamIds: [] }))

    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福商事', industry: '製造', postalCode: '１００－０００５', address: '東京都千代田区丸の内1-1' }))
    expect(account).toMatchObject({ prefecture: '東京都', address: '千代田区丸の内1-1', postalCode: '100-0005', territoryId: kanto.id, territoryName: '関東' })

    const it1 = await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { industry: 'IT' }))
    expect(it1.territoryId).toBe(tokyoIt.id)
    const moved = await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { address: '大阪府大阪市北区梅田1-1' }))
    expect(moved).toMatchObject({ prefecture: '大阪府', address: '大阪市北区梅田1-1', territoryId: kansai.id })
    const nowhere = await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { prefecture: '沖縄県' }))
    expect(nowhere.territoryId).toBeNull()
  })

  it('recomputes every account in a background job when a territory’s rules change or it is deleted', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const a = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'A', prefecture: '福岡県', industry: '小売' }))
    const b = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'B', prefecture: '佐賀県', industry: '小売' }))
    const created = await api.post('/api/v1/territories', { name: '九州', prefectures: ['福岡県', '佐賀県'] })
    expect(created.statusCode, created.body).toBe(201)
    const kyushu = created.json() as { id: string }
    // Until the job runs, existing accounts keep their old placement.
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, a.id))).territoryId).toBeNull()
    await drainJobs()
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, a.id))).territoryId).toBe(kyushu.id)
    expect((await api.get(`/api/v1/territories/${kyushu.id}`)).json()).toMatchObject({ accountCount: 2 })

    const fukuoka = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '福岡', prefectures: ['福岡県'], industries: [], memberUserIds: [], memberTeamIds: [] }))
    await asUser(t.app, admin, (ctx) => updateTerritory(ctx, kyushu.id, { prefectures: ['佐賀県', '長崎県'] }))
    await drainJobs()
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, a.id))).territoryId).toBe(fukuoka.id)
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, b.id))).territoryId).toBe(kyushu.id)

    await asUser(t.app, admin, (ctx) => deleteTerritory(ctx, fukuoka.id))
    await drainJobs()
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, a.id))).territoryId).toBeNull()
  })

  it('serves the 47 prefectures with JIS codes and regions, and refuses an unknown prefecture', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const catalog = (await api.get('/api/v1/territories/prefectures')).json() as { prefectures: { code: string; name: string }[]; regions: { key: string; prefectures: string[] }[] }
    expect(catalog.prefectures).toHaveLength(47)
    expect(catalog.prefectures.find((p) => p.name === '東京都')!.code).toBe('13')
    expect(catalog.prefectures.find((p) => p.name === '沖縄県')!.code).toBe('47')
    expect(catalog.regions.find((r) => r.key === 'kanto')!.prefectures).toEqual([...KANTO])
    const bad = await api.post('/api/v1/territories', { name: 'X', prefectures: ['東京'] })
    expect(bad.statusCode).toBe(400)
  })
})

describe('territory visibility', () => {
  it('lets members read the accounts and deals of their territory, while changing them still needs the role’s own visibility', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西日本' }))
    const owner = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const member = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const teamMate = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const outsider = await createTestUser(t.app, tenantId, { roleKey: 'sales' })

    const account = await asUser(t.app, owner, (ctx) => createAccount(ctx, { name: '札幌物産', prefecture: '北海道' }))
    const deal = await asUser(t.app, owner, (ctx) => createDeal(ctx, { name: '札幌案件', accountId: account.id, amount: 1_000_000 }))
    const ownAccount = await asUser(t.app, member, (ctx) => createAccount(ctx, { name: '自社担当', prefecture: '大阪府' }))

    // Before any territory, another team's sales rep sees neither.
    await expect(asUser(t.app, member, (ctx) => getAccount(ctx, account.id))).rejects.toMatchObject({ code: 'not_found' })
    const territory = await asUser(t.app, admin, (ctx) => createTerritory(ctx, { name: '北海道', prefectures: ['北海道'], industries: [], memberUserIds: [member.userId], memberTeamIds: [] }))
    await drainJobs()

    expect((await asUser(t.app, member, (ctx) => getAccount(ctx, account.id))).territoryId).toBe(territory.id)
    expect((await asUser(t.app, member, (ctx) => getDeal(ctx, deal.id))).name).toBe('札幌案件')
    const listed = await asUser(t.app, member, (ctx) => listAccounts(ctx, { limit: 50, sort: '-createdAt' }))
    expect(listed.data.map((a) => a.name).sort()).toEqual(['自社担当', '札幌物産'].sort())
    // Seeing is not changing: the sales role updates only what its own/team visibility covers.
    await expect(asUser(t.app, member, (ctx) => updateAccount(ctx, account.id, { notes: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, member, (ctx) => updateDeal(ctx, deal.id, { amount: 1 }))).rejects.toMatchObject({ code: 'not_found' })
    expect((await asUser(t.app, member, (ctx) => updateAccount(ctx, ownAccount.id, { notes: 'ok' }))).notes).toBe('ok')

    // Non-members see nothing; a team membership grants the whole team.
    await expect(asUser(t.app, outsider, (ctx) => getAccount(ctx, account.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, teamMate, (ctx) => getDeal(ctx, deal.id))).rejects.toMatchObject({ code: 'not_found' })
    await asUser(t.app, admin, (ctx) => updateTerritory(ctx, territory.id, { memberUserIds: [], memberTeamIds: [west.id] }))
    expect((await asUser(t.app, teamMate, (ctx) => getDeal(ctx, deal.id))).id).toBe(deal.id)

    // Through HTTP as well.
    const api = client(t.http, await signIn(t.http, outsider))
    expect((await api.get(`/api/v1/accounts/${account.id}`)).statusCode).toBe(404)
  })
})
