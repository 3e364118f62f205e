import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { readSessionsOf } from '../../platform/db/database.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { getHierarchyOfVisibleAccount, setAccountParent } from '../accounts/accounts.hierarchy.ts'
import { createAccount, updateAccount } from '../accounts/index.ts'
import { createActivity } from '../activities/index.ts'
import { createContact } from '../contacts/index.ts'
import { createDeal, listPipelines, moveDeal } from '../deals/index.ts'
import { createRole } from '../roles/index.ts'
import { createComment, deleteComment, getAccountOverview, getContactOverview, getStages, getTimeline, listComments, setStages, updateComment } from './index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function notificationsOf(user: { userId: string; tenantId: string }) {
  return inTenantTransaction(t.app.db, user.tenantId, (tx) =>
    tx.selectFrom('notifications').select(['kind', 'title', 'body', 'link', 'objectType', 'objectId']).where('userId', '=', user.userId).execute(),
  )
}

describe('stages and customer type', () => {
  it('records each stage move with who, when and from → to, audited and announced; a no-op records nothing', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社ステージ' }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'reaching', relationshipStage: 'awareness' }))
    const stages = await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'acquisition', customerType: 'loyal' }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'acquisition' }))
    expect(stages).toMatchObject({ lifecycleStage: 'acquisition', relationshipStage: 'awareness', customerType: 'loyal' })
    expect(stages.history.map((h) => [h.field, h.from, h.to])).toEqual(
      expect.arrayContaining([
        ['lifecycleStage', 'reaching', 'acquisition'],
        ['customerType', null, 'loyal'],
        ['lifecycleStage', null, 'reaching'],
        ['relationshipStage', null, 'awareness'],
      ]),
    )
    expect(stages.history).toHaveLength(4)
    expect(stages.history.slice(0, 2).map((h) => h.field).sort()).toEqual(['customerType', 'lifecycleStage'])
    expect(stages.history[0]).toMatchObject({ changedBy: admin.userId, changedByName: expect.any(String), changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) })
    const [audit, events] = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      Promise.all([
        tx.selectFrom('auditLog').select(['action', 'changes']).where('objectId', '=', account.id).where('action', '=', 'set_stage').orderBy('id').execute(),
        tx.selectFrom('outboxEvents').select(['type', 'payload']).where('objectId', '=', account.id).where('type', '=', 'account.stage_changed').execute(),
      ]),
    )
    expect(audit).toHaveLength(2)
    expect(audit[1]!.changes).toEqual({ lifecycleStage: { before: 'reaching', after: 'acquisition' }, customerType: { before: null, after: 'loyal' } })
    expect(events).toHaveLength(2)
  })

  it('works for contacts too and clears a value with null', async () => {
    const { admin } = await createTestTenant(t.app)
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '山田', givenName: '花子' }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'contacts', contact.id, { relationshipStage: 'exploration', customerType: 'door_opener' }))
    const cleared = await asUser(t.app, admin, (ctx) => setStages(ctx, 'contacts', contact.id, { customerType: null }))
    expect(cleared).toMatchObject({ relationshipStage: 'exploration', customerType: null })
    expect(cleared.history[0]).toMatchObject({ field: 'customerType', from: 'door_opener', to: null })
  })

  it('needs update rights on the record: read-only is forbidden, an unseen record is not found', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const seller = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '権限テスト' }))
    await expect(asUser(t.app, reader, (ctx) => getStages(ctx, 'accounts', account.id))).resolves.toMatchObject({ lifecycleStage: null })
    await expect(asUser(t.app, reader, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'conversion' }))).rejects.toMatchObject({ code: 'forbidden' })
    // A salesperson without a team sees only their own accounts.
    await expect(asUser(t.app, seller, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'conversion' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, admin, (ctx) => getStages(ctx, 'accounts', account.id))).resolves.toMatchObject({ lifecycleStage: null, history: [] })
  })

  it('refuses unknown stage values over HTTP with a 400 naming the field', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'HTTP検証' }))
    const http = client(t.http, await signIn(t.http, admin))
    const bad = await http.put(`/api/v1/accounts/${account.id}/stages`, { lifecycleStage: 'dreaming' })
    expect(bad.statusCode).toBe(400)
    const ok = await http.put(`/api/v1/accounts/${account.id}/stages`, { lifecycleStage: 'retention' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().lifecycleStage).toBe('retention')
  })
})

describe('comments and @mentions', () => {
  it('notifies mentioned colleagues who can see the record, and nobody who cannot', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager', name: '佐藤部長' })
    const seller = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '極秘商事' }))
    const comment = await asUser(t.app, admin, (ctx) =>
      createComment(ctx, { recordType: 'accounts', recordId: account.id, body: '@佐藤部長 ご確認をお願いします', mentionUserIds: [manager.userId, seller.userId, admin.userId] }),
    )
    expect(comment.mentions.map((m) => m.userId).sort()).toEqual([manager.userId, seller.userId, admin.userId].sort())
    expect(await notificationsOf(manager)).toEqual([
      { kind: 'mention', title: '極秘商事', body: expect.stringMatching(/: @佐藤部長 ご確認をお願いします$/), link: `/accounts/${account.id}`, objectType: 'accounts', objectId: account.id },
    ])
    // The salesperson may not see the account, so the mention must not reveal it; the author is not self-notified.
    expect(await notificationsOf(seller)).toEqual([])
    expect(await notificationsOf(admin)).toEqual([])
  })

  it('refuses to mention someone from another tenant', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const account = await asUser(t.app, a.admin, (ctx) => createAccount(ctx, { name: 'A社' }))
    await expect(
      asUser(t.app, a.admin, (ctx) => createComment(ctx, { recordType: 'accounts', recordId: account.id, body: 'hi', mentionUserIds: [b.admin.userId] })),
    ).rejects.toMatchObject({ code: 'invalid' })
    expect(await notificationsOf(b.admin)).toEqual([])
  })

  it('comments on deals and contacts; only the author edits or deletes, and an edit notifies only newly mentioned people', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'marketing' })
    const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '大型案件', amount: 5_000_000 }))
    const comment = await asUser(t.app, admin, (ctx) => createComment(ctx, { recordType: 'deals', recordId: deal.id, body: '初稿', mentionUserIds: [colleague.userId] }))
    await expect(asUser(t.app, colleague, (ctx) => updateComment(ctx, comment.id, { body: '改ざん' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, colleague, (ctx) => deleteComment(ctx, comment.id))).rejects.toMatchObject({ code: 'forbidden' })
    const edited = await asUser(t.app, admin, (ctx) => updateComment(ctx, comment.id, { body: '修正版', mentionUserIds: [colleague.userId, other.userId] }))
    expect(edited).toMatchObject({ body: '修正版', editedAt: expect.any(String) })
    expect(await notificationsOf(colleague)).toHaveLength(1)
    expect(await notificationsOf(other)).toHaveLength(1)
    const listed = await asUser(t.app, colleague, (ctx) => listComments(ctx, { recordType: 'deals', recordId: deal.id, limit: 50 }))
    expect(listed.data.map((c) => c.body)).toEqual(['修正版'])
    await asUser(t.app, admin, (ctx) => deleteComment(ctx, comment.id))
    expect((await asUser(t.app, admin, (ctx) => listComments(ctx, { recordType: 'deals', recordId: deal.id, limit: 50 }))).data).toEqual([])

    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '鈴木' }))
    const onContact = await asUser(t.app, admin, (ctx) => createComment(ctx, { recordType: 'contacts', recordId: contact.id, body: '名刺交換済み' }))
    expect(onContact).toMatchObject({ recordType: 'contacts', recordId: contact.id, authorId: admin.userId })
  })
})

describe('timeline', () => {
  it('merges every kind newest first and pages with a keyset cursor, none twice and none skipped', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '時系列工業' }))
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'call', subject: '初回架電', accountId: account.id }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { phone: '03-1111-2222' }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '導入案件', accountId: account.id, amount: 1_200_000 }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'conversion' }))
    await asUser(t.app, admin, (ctx) => createComment(ctx, { recordType: 'accounts', recordId: account.id, body: '次回訪問は来週' }))

    const all = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 100 }))
    expect(all.data.map((i) => [i.kind, i.subtype])).toEqual([
      ['comment', null],
      ['stage', 'lifecycleStage'],
      ['deal', 'created'],
      ['change', 'update'],
      ['activity', 'call'],
      ['change', 'create'],
    ])
    expect(all.data.find((i) => i.kind === 'change' && i.subtype === 'update')!.changes).toEqual([{ field: 'phone', before: null, after: '03-1111-2222' }])
    expect(all.data[1]!.details).toEqual({ from: null, to: 'conversion' })
    expect(all.data[0]!.actorId).toBe(admin.userId)

    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 2, cursor }))
      expect(page.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.data.map((i) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(all.data.map((i) => i.id))

    const onlyTalk = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 100, kinds: 'comment,activity' }))
    expect(onlyTalk.data.map((i) => i.kind)).toEqual(['comment', 'activity'])
    await expect(asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 10, kinds: 'gossip' }))).rejects.toMatchObject({ code: 'invalid' })
    await expect(asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 10, cursor: 'nonsense' }))).rejects.toMatchObject({ code: 'invalid' })
  })

  it('a contact timeline holds activities filed under them and meetings they attended', async () => {
    const { admin } = await createTestTenant(t.app)
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '田中', givenName: '一郎' }))
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'note', subject: '展示会で名刺交換', contactId: contact.id }))
    await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'meeting', subject: '製品デモ', startsAt: '2030-01-10T01:00:00Z', endsAt: '2030-01-10T02:00:00Z', attendeeContactIds: [contact.id] }),
    )
    const timeline = await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'contacts', contact.id, { limit: 50, kinds: 'activity' }))
    expect(timeline.data.map((i) => i.details.subject)).toEqual(['製品デモ', '展示会で名刺交換'])
  })

  it('hides fields the role hides, and edits that touched only hidden fields', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: '年商非表示',
        permissions: {
          objects: {
            accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' },
            activities: { create: false, read: true, update: false, delete: false, visibility: 'all' },
            deals: { create: false, read: true, update: false, delete: false, visibility: 'all' },
          },
          fields: { accounts: { annualRevenue: 'hidden' }, activities: { body: 'hidden' }, deals: { amount: 'hidden' } },
        },
      }),
    )
    const viewer = await createTestUser(t.app, tenantId, { roleId: role.id })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '非公開情報株式会社', annualRevenue: 900_000_000 }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { annualRevenue: 950_000_000 }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { annualRevenue: 990_000_000, industry: '製造業' }))
    await asUser(t.app, admin, (ctx) => createActivity(ctx, { kind: 'note', subject: '面談メモ', body: '社外秘の内容', accountId: account.id }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '秘密の商談', accountId: account.id, amount: 77_777_777 }))

    const seen = await asUser(t.app, viewer, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 100 }))
    const text = JSON.stringify(seen)
    for (const secret of ['900000000', '950000000', '990000000', 'annualRevenue', '社外秘', '77777777']) expect(text).not.toContain(secret)
    expect(seen.data.filter((i) => i.kind === 'change').map((i) => i.subtype)).toEqual(['update', 'create'])
    expect(seen.data.find((i) => i.subtype === 'update')!.changes).toEqual([{ field: 'industry', before: null, after: '製造業' }])
    expect(seen.data.find((i) => i.kind === 'activity')!.details.subject).toBe('面談メモ')
    const overview = await asUser(t.app, viewer, (ctx) => getAccountOverview(ctx, account.id))
    expect(JSON.stringify(overview)).not.toContain('77777777')
    expect(overview.canUpdate).toBe(false)
    // The admin sees everything.
    const full = JSON.stringify(await asUser(t.app, admin, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 100 })))
    expect(full).toContain('社外秘')
  })

  it('leaves out deals the viewer may not see', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const seller = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, seller, (ctx) => createAccount(ctx, { name: '共有取引先' }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '管理者の商談', accountId: account.id }))
    await asUser(t.app, seller, (ctx) => createDeal(ctx, { name: '自分の商談', accountId: account.id }))
    const timeline = await asUser(t.app, seller, (ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 50, kinds: 'deal' }))
    expect(timeline.data.map((i) => i.details.name)).toEqual(['自分の商談'])
  })
})

describe('overview and tenant isolation', () => {
  it('returns the whole 360° page in one call', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福物産' }))
    const contact = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '高橋', accountId: account.id }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '年間契約', accountId: account.id, amount: 3_000_000 }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { relationshipStage: 'commitment' }))
    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.get(`/api/v1/accounts/${account.id}/overview`)
    expect(response.statusCode).toBe(200)
    const overview = response.json()
    expect(overview).toMatchObject({ recordType: 'accounts', account: { id: account.id, name: '大福物産' }, contact: null, canUpdate: true, rfm: null })
    expect(overview.stages.relationshipStage).toBe('commitment')
    expect(overview.contacts.map((c: { contactId: string }) => c.contactId)).toEqual([contact.id])
    expect(overview.deals).toMatchObject({ openCount: 1, openAmount: 3_000_000, wonCount: 0, topOpen: [{ name: '年間契約', amount: 3_000_000 }] })
    expect(overview.timeline.data[0].kind).toBe('stage')
    const ofContact = await asUser(t.app, admin, (ctx) => getContactOverview(ctx, contact.id))
    expect(ofContact.accounts.map((a) => a.accountId)).toEqual([account.id])
    expect((await http.get(`/api/v1/contacts/${contact.id}/timeline?kinds=change`)).json().data[0].subtype).toBe('create')
  })

  it("sums the account's deals by status and lists its five largest open ones, those without an amount last", async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '商談集計' }))
    const other = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '別の取引先' }))
    const empty = await asUser(t.app, admin, (ctx) => getAccountOverview(ctx, account.id))
    expect(empty.deals).toEqual({ openCount: 0, openAmount: 0, wonCount: 0, lostCount: 0, topOpen: [] })
    const { data } = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    const stages = data.find((p) => p.isDefault)!.stages
    const open = stages.filter((s) => s.kind === 'open')
    for (const [name, amount] of [['小', 100_000], ['無額', null], ['大', 5_000_000], ['中', 1_000_000], ['中2', 1_000_000], ['特大', 9_000_000]] as const) {
      await asUser(t.app, admin, (ctx) => createDeal(ctx, { name, accountId: account.id, amount, stageId: open[1]!.id }))
    }
    const won = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '受注', accountId: account.id, amount: 7_000_000 }))
    await asUser(t.app, admin, (ctx) => moveDeal(ctx, won.id, { stageId: stages.find((s) => s.kind === 'won')!.id }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '他社分', accountId: other.id, amount: 8_000_000 }))

    const { deals } = await asUser(t.app, admin, (ctx) => getAccountOverview(ctx, account.id))
    expect(deals).toMatchObject({ openCount: 6, openAmount: 16_100_000, wonCount: 1, lostCount: 0 })
    // Equal amounts: the newer deal first.
    expect(deals!.topOpen.map((d) => [d.name, d.amount, d.stageName])).toEqual([
      ['特大', 9_000_000, open[1]!.name],
      ['大', 5_000_000, open[1]!.name],
      ['中2', 1_000_000, open[1]!.name],
      ['中', 1_000_000, open[1]!.name],
      ['小', 100_000, open[1]!.name],
    ])
  })

  it('shows the parent and subsidiaries on the 360° page', async () => {
    const { admin } = await createTestTenant(t.app)
    const hd = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福ホールディングス' }))
    const mid = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福商事' }))
    const sub = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福物流' }))
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, mid.id, { parentAccountId: hd.id }))
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, sub.id, { parentAccountId: mid.id }))
    const related = (overview: { relatedAccounts: { id: string; relation: string }[] }) => overview.relatedAccounts.map((r) => [r.id, r.relation])
    const group = [
      [hd.id, 'parent'],
      [sub.id, 'subsidiary'],
    ]
    expect(related(await asUser(t.app, admin, (ctx) => getAccountOverview(ctx, mid.id)))).toEqual(group)
    expect(related(await asUser(t.app, admin, (ctx) => getAccountOverview(ctx, hd.id)))).toEqual([[mid.id, 'subsidiary']])
    // A caller whose copy of the account lacks the parent id: it is read again.
    const unknownParent = await asUser(t.app, admin, (ctx) => getHierarchyOfVisibleAccount(ctx, { id: mid.id }))
    expect([unknownParent.parent?.id, unknownParent.children.map((c) => c.id)]).toEqual([hd.id, [sub.id]])
  })

  it('serves the 360° page, its timeline and stages from a read session on a PostgreSQL server (decision 0035)', async () => {
    const reader = readSessionsOf(t.app.db)
    if (!reader) return
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '読み取り専用' }))
    await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'retention' }))
    const http = client(t.http, await signIn(t.http, admin))
    for (const part of ['overview', 'timeline', 'stages']) {
      const response = await http.get(`/api/v1/accounts/${account.id}/${part}`)
      expect(response.statusCode).toBe(200)
    }
    expect((await http.get(`/api/v1/accounts/${account.id}/overview`)).json().stages.lifecycleStage).toBe('retention')
    // The pool lends its most recently returned session first: the one the page was read on. The timeline's statement
    // is prepared on the session that ran it.
    const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(reader)
    expect(prepared.rows.some((p) => p.statement.includes('from customer_stage_changes sc'))).toBe(true)
  })

  it('another tenant can neither read nor write any 360° data of the record', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const account = await asUser(t.app, a.admin, (ctx) => createAccount(ctx, { name: 'A社の秘密' }))
    const comment = await asUser(t.app, a.admin, (ctx) => createComment(ctx, { recordType: 'accounts', recordId: account.id, body: 'A社内のコメント' }))
    const asB = <T>(work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, b.admin, work)
    for (const attempt of [
      () => asB((ctx) => getAccountOverview(ctx, account.id)),
      () => asB((ctx) => getTimeline(ctx, 'accounts', account.id, { limit: 10 })),
      () => asB((ctx) => getStages(ctx, 'accounts', account.id)),
      () => asB((ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'reaching' })),
      () => asB((ctx) => createComment(ctx, { recordType: 'accounts', recordId: account.id, body: 'x' })),
      () => asB((ctx) => updateComment(ctx, comment.id, { body: 'x' })),
      () => asB((ctx) => deleteComment(ctx, comment.id)),
      () => asB((ctx) => listComments(ctx, { recordType: 'accounts', recordId: account.id, limit: 10 })),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'not_found' })
    }
    const still = await asUser(t.app, a.admin, (ctx) => getStages(ctx, 'accounts', account.id))
    expect(still.lifecycleStage).toBeNull()
  })

  it('documents every 360° route in the OpenAPI document', async () => {
    const response = await t.http.inject({ url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }
    for (const type of ['accounts', 'contacts']) {
      expect(Object.keys(doc.paths[`/api/v1/${type}/{id}/stages`] ?? {}).sort()).toEqual(['get', 'put'])
      expect(doc.paths[`/api/v1/${type}/{id}/timeline`]).toHaveProperty('get')
      expect(doc.paths[`/api/v1/${type}/{id}/overview`]).toHaveProperty('get')
    }
    expect(Object.keys(doc.paths['/api/v1/comments/{id}'] ?? {}).sort()).toEqual(['delete', 'patch'])
    expect(doc.components.schemas).toHaveProperty('CustomerOverview')
    expect(doc.components.schemas).toHaveProperty('CommentCreateInput')
  })
})
