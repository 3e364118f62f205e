import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount, getAccount } from '../accounts/index.ts'
import { createContact, getContact } from '../contacts/index.ts'
import { mergeDuplicates } from './duplicates.merge.ts'
import { scanDuplicates } from './duplicates.scan.ts'
import { checkDuplicates, dismissDuplicateCandidate, listDuplicateCandidates, loadMatchInputs } from './duplicates.service.ts'
import { findCandidatePairs } from './match.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

type User = { userId: string; tenantId: string }
const scan = (u: User, type: 'contacts' | 'accounts') => inTenantTransaction(t.app.db, u.tenantId, (tx) => scanDuplicates(tx, u.tenantId, type))
const exec = <T>(u: User, q: ReturnType<typeof sql<T>>) => inTenantTransaction(t.app.db, u.tenantId, async (tx) => (await q.execute(tx)).rows)

describe('duplicate scan and queue', () => {
  it('pairs Japanese variants in SQL exactly as the engine does, best first, and a dismissed pair never comes back', async () => {
    const { admin } = await createTestTenant(t.app)
    const daifuku = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福' }))
    const daifuku2 = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '(株)大福' }))
    await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福堂' }))
    const c = (input: Parameters<typeof createContact>[1]) => asUser(t.app, admin, (ctx) => createContact(ctx, input))
    const taka1 = await c({ familyName: '髙橋', givenName: '一郎', accountId: daifuku.id })
    const taka2 = await c({ familyName: '高橋', givenName: '一郎', accountId: daifuku2.id })
    const tanaka1 = await c({ familyName: '田中', familyNameKana: 'ﾀﾅｶ', phones: [{ type: 'work', number: '03-1234-5678', primary: true }] })
    const tanaka2 = await c({ familyName: '田仲', familyNameKana: 'たなか', phones: [{ type: 'mobile', number: '0312345678', primary: true }] })
    await c({ familyName: '佐藤', emails: [{ type: 'work', address: 'sato@example.jp', primary: true }] })
    await c({ familyName: '鈴木', emails: [{ type: 'work', address: 'Suzuki@Example.JP', primary: true }] })
    await c({ familyName: '鈴木', emails: [{ type: 'work', address: 'suzuki@example.jp', primary: true }] })

    const contacts = await scan(admin, 'contacts')
    const accounts = await scan(admin, 'accounts')
    expect(accounts.candidates).toBe(1)
    const stored = await exec<{ recordA: string; recordB: string; score: number; reasons: string[] }>(
      admin,
      sql`select record_a, record_b, score, reasons from duplicate_candidates where object_type = 'contacts' order by score desc, record_a`,
    )
    const ids = await exec<{ id: string }>(admin, sql`select id from contacts`)
    const engine = await asUser(t.app, admin, async (ctx) => findCandidatePairs('contacts', await loadMatchInputs(ctx, 'contacts', ids.map((r) => r.id))))
    expect(contacts.candidates).toBe(3)
    expect(stored.map((r) => ({ a: r.recordA, b: r.recordB, score: r.score, reasons: r.reasons }))).toEqual(
      engine.map((p) => ({ a: p.a, b: p.b, score: p.score, reasons: p.reasons })),
    )
    const [x1, x2] = [taka1.id, taka2.id].sort()
    expect(stored).toContainEqual({ recordA: x1, recordB: x2, score: 0.8, reasons: ['name_company'] })
    const [y1, y2] = [tanaka1.id, tanaka2.id].sort()
    expect(stored).toContainEqual({ recordA: y1, recordB: y2, score: 0.7, reasons: ['phone'] })

    const queue = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 2 }))
    expect(queue.data.map((p) => p.level)).toEqual(['likely', 'likely'])
    expect(queue.data[0]!.score).toBeGreaterThanOrEqual(queue.data[1]!.score)
    const next = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 2, cursor: queue.nextCursor! }))
    expect(next.data).toHaveLength(1)
    expect(next.data[0]).toMatchObject({ level: 'possible', reasons: ['phone'] })

    await asUser(t.app, admin, (ctx) => dismissDuplicateCandidate(ctx, next.data[0]!.id))
    await scan(admin, 'contacts')
    const open = await asUser(t.app, admin, (ctx) => listDuplicateCandidates(ctx, { type: 'contacts', status: 'open', limit: 50 }))
    expect(open.data.map((p) => [p.a.id, p.b.id])).not.toContainEqual([y1, y2])
    expect(open.data).toHaveLength(2)
  })

  it('checks a record being entered against existing ones over HTTP', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福 Co., Ltd.', phone: '03-1111-2222' }))
    const person = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '髙橋', givenName: '一郎', familyNameKana: 'タカハシ', emails: [{ type: 'work', address: 'ichiro@daifuku.jp', primary: true }], accountId: account.id }),
    )
    const http = client(t.http, await signIn(t.http, admin))
    const check = await http.get(`/api/v1/duplicates/check?type=contacts&name=${encodeURIComponent('高橋 一郎')}&company=${encodeURIComponent('㈱大福')}&email=ICHIRO@daifuku.jp`)
    expect(check.statusCode).toBe(200)
    expect(check.json().data).toEqual([{ id: person.id, name: person.displayName, score: 0.98, level: 'likely', reasons: ['email', 'name_company'] }])
    const byKana = await http.get(`/api/v1/duplicates/check?type=contacts&kana=${encodeURIComponent('ﾀｶﾊｼ')}&company=${encodeURIComponent('大福')}`)
    expect(byKana.json().data.map((m: { id: string }) => m.id)).toEqual([person.id])
    const company = await http.get(`/api/v1/duplicates/check?type=accounts&name=${encodeURIComponent('株式会社 大福')}`)
    expect(company.json().data).toMatchObject([{ id: account.id, level: 'likely', reasons: ['company'] }])
    const none = await http.get(`/api/v1/duplicates/check?type=accounts&name=${encodeURIComponent('大福堂')}`)
    expect(none.json().data).toEqual([])
  })
})

async function related(u: User, contactId: string, accountId: string) {
  const activity = newId()
  await exec(u, sql`insert into activities (id, tenant_id, kind, subject, contact_id, account_id) values (${activity}, ${u.tenantId}, 'call', '電話', ${contactId}, ${accountId})`)
  await exec(u, sql`insert into activity_attendees (id, tenant_id, activity_id, contact_id) values (${newId()}, ${u.tenantId}, ${activity}, ${contactId})`)
  await exec(u, sql`insert into sales_documents (id, tenant_id, kind, number, status, account_id, contact_id, recipient_name, issue_date)
    values (${newId()}, ${u.tenantId}, 'quote', ${'Q-' + newId()}, 'draft', ${accountId}, ${contactId}, '大福', current_date)`)
  await exec(u, sql`insert into deals (id, tenant_id, name, pipeline_id, stage_id, account_id, board_position)
    select ${newId()}, ${u.tenantId}, '商談', p.id, s.id, ${accountId}, 1 from pipelines p join pipeline_stages s on s.pipeline_id = p.id limit 1`)
  return activity
}

describe('merge', () => {
  it('merges contacts: chosen fields, every related record re-pointed, old id resolves, audited, one transaction', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福' }))
    const survivor = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '高橋', givenName: '一郎', accountId: account.id }))
    const merged = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '髙橋', givenName: '一郎', title: '部長', emails: [{ type: 'work', address: 'i@daifuku.jp', primary: true }], accountId: account.id }),
    )
    const activity = await related(admin, merged.id, account.id)
    await related(admin, survivor.id, account.id)
    await scan(admin, 'contacts')

    const result = await asUser(t.app, admin, (ctx) =>
      mergeDuplicates(ctx, { type: 'contacts', survivorId: survivor.id, mergedIds: [merged.id], fields: { familyName: merged.id, title: merged.id, emails: merged.id, givenName: survivor.id } }),
    )
    expect(result.repointed).toMatchObject({ accountContacts: 1, activities: 1, activityAttendees: 1, salesDocuments: 1 })
    const after = await asUser(t.app, admin, (ctx) => getContact(ctx, survivor.id))
    expect(after).toMatchObject({ familyName: '髙橋', givenName: '一郎', title: '部長', emails: [{ address: 'i@daifuku.jp' }] })
    // The old id answers with the survivor.
    expect((await asUser(t.app, admin, (ctx) => getContact(ctx, merged.id))).id).toBe(survivor.id)
    const count = (q: ReturnType<typeof sql<{ n: number }>>) => exec(admin, q).then((r) => r[0]!.n)
    expect(await count(sql`select count(*)::int as n from contacts where id = ${merged.id}`)).toBe(0)
    expect(await count(sql`select count(*)::int as n from activities where contact_id = ${survivor.id}`)).toBe(2)
    expect(await count(sql`select count(*)::int as n from activity_attendees where activity_id = ${activity} and contact_id = ${survivor.id}`)).toBe(1)
    expect(await count(sql`select count(*)::int as n from sales_documents where contact_id = ${survivor.id}`)).toBe(2)
    // Both worked at 大福: one current link, the merged one kept as history.
    expect(await count(sql`select count(*)::int as n from account_contacts where contact_id = ${survivor.id} and ended_on is null`)).toBe(1)
    expect(await count(sql`select count(*)::int as n from account_contacts where contact_id = ${survivor.id}`)).toBe(2)
    expect(await count(sql`select count(*)::int as n from duplicate_candidates where status = 'merged'`)).toBe(1)
    const audit = await exec<{ objectId: string; changes: Record<string, { after: unknown }> }>(admin, sql`select object_id, changes from audit_log where action = 'merge' order by object_id`)
    expect(audit).toHaveLength(2)
    const survivorRow = audit.find((a) => a.objectId === survivor.id)!
    expect(survivorRow.changes.mergedIds!.after).toEqual([merged.id])
    expect(audit.find((a) => a.objectId === merged.id)!.changes.mergedInto!.after).toBe(survivor.id)
    // Audit rows of the merged record stay.
    expect(await count(sql`select count(*)::int as n from audit_log where object_id = ${merged.id} and action = 'create'`)).toBe(1)
  })

  it('merges accounts: deals, activities, documents, people and subsidiaries follow the survivor; the old id resolves', async () => {
    const { admin } = await createTestTenant(t.app)
    const survivor = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福' }))
    const merged = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福 Co., Ltd.', phone: '03-1234-5678' }))
    const child = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福物流' }))
    await exec(admin, sql`update accounts set parent_account_id = ${merged.id} where id = ${child.id}`)
    const person = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '山田', accountId: merged.id }))
    await related(admin, person.id, merged.id)
    const result = await asUser(t.app, admin, (ctx) => mergeDuplicates(ctx, { type: 'accounts', survivorId: survivor.id, mergedIds: [merged.id], fields: { phone: merged.id } }))
    expect(result.repointed).toMatchObject({ accountContacts: 1, activities: 1, deals: 1, salesDocuments: 1, subsidiaries: 1 })
    expect(await asUser(t.app, admin, (ctx) => getAccount(ctx, merged.id))).toMatchObject({ id: survivor.id, phone: '03-1234-5678' })
    const rows = await exec<{ n: number }>(admin, sql`select (select count(*) from deals where account_id = ${survivor.id})::int +
      (select count(*) from accounts where parent_account_id = ${survivor.id})::int + (select count(*) from account_contacts where account_id = ${survivor.id})::int as n`)
    expect(rows[0]!.n).toBe(3)
    expect(await exec(admin, sql`select old_id, survivor_id from merged_records`)).toEqual([{ oldId: merged.id, survivorId: survivor.id }])
  })

  it("keeps every entry of both records' lists with 'all': each address once, one primary, and refuses 'all' elsewhere", async () => {
    const { admin } = await createTestTenant(t.app)
    const survivor = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, {
        familyName: '高橋',
        emails: [{ type: 'work', address: 'ichiro@daifuku.jp', primary: true }],
        phones: [{ type: 'work', number: '03-1234-5678', primary: true }],
        tags: ['展示会'],
      }),
    )
    const merged = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, {
        familyName: '髙橋',
        emails: [
          { type: 'personal', address: 'ichiro@example.jp', primary: true },
          { type: 'work', address: 'Ichiro@Daifuku.jp', primary: false },
        ],
        phones: [{ type: 'mobile', number: '090-1111-2222', primary: true }],
        tags: ['展示会', '紹介'],
      }),
    )
    const input = { type: 'contacts' as const, survivorId: survivor.id, mergedIds: [merged.id] }
    await expect(asUser(t.app, admin, (ctx) => mergeDuplicates(ctx, { ...input, fields: { familyName: 'all' } }))).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'fields.familyName' }],
    })
    await asUser(t.app, admin, (ctx) => mergeDuplicates(ctx, { ...input, fields: { emails: 'all', phones: 'all', tags: 'all', familyName: merged.id } }))
    const after = await asUser(t.app, admin, (ctx) => getContact(ctx, survivor.id))
    expect(after.familyName).toBe('髙橋')
    expect(after.emails).toEqual([
      { type: 'work', address: 'ichiro@daifuku.jp', primary: true },
      { type: 'personal', address: 'ichiro@example.jp', primary: false },
    ])
    expect(after.phones!.map((p) => [p.number, p.primary])).toEqual([
      ['03-1234-5678', true],
      ['090-1111-2222', false],
    ])
    expect(after.tags).toEqual(['展示会', '紹介'])
  })

  it('needs update and delete on the object, and never reaches another tenant', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const one = await asUser(t.app, a.admin, (ctx) => createContact(ctx, { familyName: '一' }))
    const two = await asUser(t.app, a.admin, (ctx) => createContact(ctx, { familyName: '二' }))
    const input = { type: 'contacts' as const, survivorId: one.id, mergedIds: [two.id], fields: {} }
    const marketing = await createTestUser(t.app, a.tenantId, { roleKey: 'marketing' })
    await expect(asUser(t.app, marketing, (ctx) => mergeDuplicates(ctx, input))).rejects.toMatchObject({ code: 'forbidden' })
    const reader = await createTestUser(t.app, a.tenantId, { roleKey: 'readonly' })
    await expect(asUser(t.app, reader, (ctx) => mergeDuplicates(ctx, input))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, b.admin, (ctx) => mergeDuplicates(ctx, input))).rejects.toMatchObject({ code: 'not_found' })
    const own = await asUser(t.app, b.admin, (ctx) => createContact(ctx, { familyName: '三' }))
    await expect(asUser(t.app, b.admin, (ctx) => mergeDuplicates(ctx, { ...input, survivorId: own.id }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => checkDuplicates(ctx, { type: 'contacts', name: '一' }))).resolves.toEqual({ data: [] })
    // Nothing moved in tenant A.
    expect((await asUser(t.app, a.admin, (ctx) => getContact(ctx, two.id))).id).toBe(two.id)
    // A bad field choice rolls everything back.
    await expect(asUser(t.app, a.admin, (ctx) => mergeDuplicates(ctx, { ...input, fields: { familyName: own.id } }))).rejects.toMatchObject({ code: 'invalid' })
    expect((await asUser(t.app, a.admin, (ctx) => getContact(ctx, two.id))).id).toBe(two.id)
  })
})
