import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Permissions } from '../../platform/db/schema.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, listAccounts, updateAccount } from '../accounts/index.ts'
import { createRole } from '../roles/roles.service.ts'
import { findJobHandler } from '../../platform/jobs/queue.ts'
import { recurringJobsFor } from '../../platform/jobs/recurring.ts'
import { GRAM_SHARES_JOB, refreshSearchGramShares } from './search.jobs.ts'
import { foldSearchQuery, queryGrams } from './search.match.ts'
import { search } from './search.service.ts'

let t: TestApp
let tenantId: string
let admin: TestUser
const ids: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestApp()
  ;({ tenantId, admin } = await createTestTenant(t.app))
  const accounts = {
    tanaka: { name: '田中太郎', nameKana: 'タナカタロウ', phone: '03-1234-5678', email: 'Taro.Tanaka@Example.JP' },
    tanabe: { name: '田辺工業', nameKana: 'タナベコウギョウ' },
    takahashi: { name: '髙橋商事', nameKana: 'タカハシショウジ' },
    daifuku: { name: '大福株式会社', nameKana: 'ダイフク' },
    daifukuShoji: { name: '大福商事', nameKana: 'ダイフクショウジ' },
    tokyoDaifuku: { name: '東京大福' },
    abc: { name: 'ＡＢＣ商会', phone: '+81 6 9876 5432' },
  }
  for (const [key, input] of Object.entries(accounts)) {
    ids[key] = (await asUser(t.app, admin, (ctx) => createAccount(ctx, input))).id
  }
})
afterAll(async () => {
  await t?.close()
})

const find = (user: TestUser, q: string, limit = 20) => asUser(t.app, user, (ctx) => search(ctx, { q, limit, types: ['accounts'] }))
const foundIds = async (user: TestUser, q: string) => (await find(user, q)).data.map((hit) => hit.id)

describe('global search on accounts', () => {
  it.each(['田中', '田中太郎', 'たなか', 'タナカ', 'ﾀﾅｶ', 'ﾀﾅｶ ﾀﾛｳ', 'たなか　たろう', 'taro.tanaka', 'TARO.TANAKA@EXAMPLE.JP', 'ｔａｒｏ'])(
    '「%s」 finds 田中太郎 by name, reading or email',
    async (q) => {
      expect(await foundIds(admin, q)).toContain(ids.tanaka)
    },
  )

  it.each(['03-1234-5678', '0312345678', '０３（１２３４）５６７８', '+81 3 1234 5678', '1234-5678', '5678'])('phone 「%s」 finds 田中太郎', async (q) => {
    expect(await foundIds(admin, q)).toEqual([ids.tanaka])
  })

  it('a number given in +81 form is found by its domestic digits', async () => {
    expect(await foundIds(admin, '06-9876-5432')).toEqual([ids.abc])
  })

  it('full-width and half-width letters match both ways', async () => {
    expect(await foundIds(admin, 'abc')).toEqual([ids.abc])
    expect(await foundIds(admin, 'ＡＢＣ')).toEqual([ids.abc])
    expect(await foundIds(admin, 'Abc商')).toEqual([ids.abc])
  })

  it('old and new kanji forms match both ways (髙橋 = 高橋)', async () => {
    expect(await foundIds(admin, '高橋')).toEqual([ids.takahashi])
    expect(await foundIds(admin, '髙橋')).toEqual([ids.takahashi])
  })

  it('a company is found with its legal form written another way ((株)大福 = 大福株式会社)', async () => {
    for (const q of ['(株)大福', '㈱大福', '株式会社大福', '大福株式会社', 'ﾀﾞｲﾌｸ']) {
      expect(await foundIds(admin, q)).toContain(ids.daifuku)
    }
  })

  it('one-character queries use the unigram path and still match only what contains it', async () => {
    const hits = await foundIds(admin, '辺')
    expect(hits).toEqual([ids.tanabe])
    expect(await foundIds(admin, '田')).toEqual(expect.arrayContaining([ids.tanaka, ids.tanabe]))
    expect(await foundIds(admin, '田')).not.toContain(ids.daifuku)
  })

  it('ranks an exact name first, then names starting with the query, then matches inside', async () => {
    const { data } = await find(admin, '大福')
    expect(data.slice(0, 3).map((h) => h.id)).toEqual([ids.daifuku, ids.daifukuShoji, ids.tokyoDaifuku])
    expect(data[0]).toMatchObject({ type: 'accounts', title: '大福株式会社', subtitle: 'ダイフク', score: 1 })
    expect(data[0]!.score).toBeGreaterThan(data[1]!.score)
    expect(data[1]!.score).toBeGreaterThan(data[2]!.score)
  })

  it('finds nothing for text no account has, and nothing for a query that folds to empty', async () => {
    expect(await foundIds(admin, '存在しない会社')).toEqual([])
    expect(await foundIds(admin, '・')).toEqual([])
  })

  it('respects the limit', async () => {
    expect((await find(admin, '田', 1)).data).toHaveLength(1)
  })

  it('keeps search_text current when an account is renamed or its phone cleared', async () => {
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '旧社名', phone: '045-111-2222' }))
    expect(await foundIds(admin, '0451112222')).toEqual([account.id])
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { name: '新社名ｶﾌﾞ', phone: null }))
    expect(await foundIds(admin, '旧社名')).toEqual([])
    expect(await foundIds(admin, '0451112222')).toEqual([])
    expect(await foundIds(admin, 'カブ')).toEqual([account.id])
  })

  it('the accounts list ?q= uses the same Japanese-aware matching', async () => {
    const list = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { q: 'ﾀﾅｶ', limit: 50, sort: 'name' }))
    expect(list.data.map((a) => a.id)).toEqual([ids.tanaka])
    const byPhone = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { q: '0312345678', limit: 50, sort: '-createdAt' }))
    expect(byPhone.data.map((a) => a.id)).toEqual([ids.tanaka])
  })
})

describe('search and permissions', () => {
  const role = (objects: Permissions['objects'], fields: Permissions['fields'] = {}): Permissions => ({ objects, fields })

  it('never returns another tenant’s accounts', async () => {
    const other = await createTestTenant(t.app)
    const theirs = await asUser(t.app, other.admin, (ctx) => createAccount(ctx, { name: '田中太郎', phone: '03-1234-5678' }))
    expect(await foundIds(other.admin, '田中')).toEqual([theirs.id])
    expect(await foundIds(admin, '田中')).not.toContain(theirs.id)
    expect(await foundIds(admin, '0312345678')).toEqual([ids.tanaka])
  })

  it('a role that sees only its own records finds only those', async () => {
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const mine = await asUser(t.app, sales, (ctx) => createAccount(ctx, { name: '田中物産' }))
    expect(await foundIds(sales, '田中')).toEqual([mine.id])
  })

  it('a hidden field can neither be searched nor shown', async () => {
    const noPhone = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, { name: 'No phone', permissions: role({ accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' } }, { accounts: { phone: 'hidden' } }) }),
    )
    const user = await createTestUser(t.app, tenantId, { roleId: noPhone.id })
    expect(await foundIds(user, '0312345678')).toEqual([])
    const byName = await find(user, '田中太郎')
    expect(byName.data.map((h) => h.id)).toEqual([ids.tanaka])
    expect(JSON.stringify(byName.data)).not.toContain('1234')
  })

  it('a role that may not read accounts gets no results rather than an error', async () => {
    const nothing = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Nothing', permissions: role({}) }))
    const user = await createTestUser(t.app, tenantId, { roleId: nothing.id })
    expect(await foundIds(user, '田中')).toEqual([])
  })
})

describe('GET /api/v1/search', () => {
  it('returns ranked hits for a signed-in user', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.get(`/api/v1/search?q=${encodeURIComponent('ﾀﾅｶ')}&types=accounts&limit=5`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as { data: { type: string; id: string; title: string; score: number }[] }
    expect(body.data[0]).toMatchObject({ type: 'accounts', id: ids.tanaka, title: '田中太郎' })
    const all = await api.get(`/api/v1/search?q=${encodeURIComponent('田中')}`)
    expect((all.json() as { data: { id: string }[] }).data.map((h) => h.id)).toContain(ids.tanaka)
  })

  it('is described in the OpenAPI document', async () => {
    const response = await t.http.inject({ url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json() as { paths: Record<string, { get?: { parameters?: { name: string }[] } }>; components: { schemas: Record<string, unknown> } }
    expect(doc.paths['/api/v1/search']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'types', 'limit']))
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['SearchHit', 'SearchResults']))
  })

  it('rejects an unknown type, an empty query and a missing sign-in', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.get('/api/v1/search?q=a&types=accounts,planets')).statusCode).toBe(400)
    expect((await api.get('/api/v1/search?q=')).statusCode).toBe(400)
    expect((await client(t.http).get('/api/v1/search?q=a')).statusCode).toBe(401)
  })
})

describe('search_text in the database', () => {
  it('rows written by raw SQL get search_text from the trigger and are found', async () => {
    const id = await inTenantTransaction(t.app.db, tenantId, async (tx) => {
      const row = await sql<{ id: string }>`insert into accounts (id, tenant_id, name, name_kana, phone)
        values (gen_random_uuid(), ${tenantId}, '㈱渡邉製作所', 'ﾜﾀﾅﾍﾞｾｲｻｸｼｮ', '０９０-１１１１-２２２２') returning id`.execute(tx)
      return row.rows[0]!.id
    })
    expect(await foundIds(admin, '渡辺製作所')).toEqual([id])
    expect(await foundIds(admin, 'わたなべ')).toEqual([id])
    expect(await foundIds(admin, '09011112222')).toEqual([id])
    await inTenantTransaction(t.app.db, tenantId, (tx) => sql`update accounts set name = '渡辺工務店' where id = ${id}`.execute(tx))
    expect(await foundIds(admin, '製作所')).toEqual([])
    expect(await foundIds(admin, '工務店')).toEqual([id])
  })

  it('short and long queries are answered from the gram index', async () => {
    // As the table owner (no row-level security), so the only index that can answer the filter is the gram index.
    const plans = await t.app.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx)
      const out: string[] = []
      for (const grams of [['田'], ['田中'], ['たな', 'なか']]) {
        const plan = await sql<Record<string, string>>`explain select id from accounts
          where coalesce(search_grams, daifuku_search_grams(search_text)) @> array[${sql.join(grams)}]::text[]`.execute(tx)
        out.push(plan.rows.map((r) => Object.values(r)[0]).join('\n'))
      }
      return out
    })
    for (const plan of plans) expect(plan).toContain('accounts_search_grams_idx')
  })

  it('daifuku_search_ids finds through the index for the current tenant only, and only on searchable tables', async () => {
    const other = await createTestTenant(t.app)
    const theirs = await asUser(t.app, other.admin, (ctx) => createAccount(ctx, { name: '田中太郎' }))
    const found = await inTenantTransaction(t.app.db, tenantId, async (tx) =>
      (await sql<{ id: string }>`select daifuku_search_ids('accounts'::regclass, array['田中']::text[], '田中') as id`.execute(tx)).rows.map((r) => r.id),
    )
    expect(found).toContain(ids.tanaka)
    expect(found).not.toContain(theirs.id)
    await expect(
      inTenantTransaction(t.app.db, tenantId, (tx) => sql`select daifuku_search_ids('users'::regclass, array['a']::text[], 'a')`.execute(tx)),
    ).rejects.toThrow(/has no search_text/)
    // Without a tenant in the session nothing is returned, even to the owner.
    const none = await sql<{ n: number }>`select count(*)::int as n from daifuku_search_ids('accounts'::regclass, array['田中']::text[], '田中')`.execute(t.app.db)
    expect(none.rows[0]!.n).toBe(0)
  })

  it('the capped lookup returns at most max_rows ids, taken from the records the viewer may see', async () => {
    const { tenantId: tid, admin: boss } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tid, { roleKey: 'sales' })
    for (let i = 0; i < 12; i += 1) await asUser(t.app, boss, (ctx) => createAccount(ctx, { name: `田中商店${i}` }))
    const mine = await asUser(t.app, sales, (ctx) => createAccount(ctx, { name: '田中商店（営業担当分）' }))
    const lookup = (visibility: string, viewer: string, max: number) =>
      inTenantTransaction(t.app.db, tid, async (tx) =>
        (
          await sql<{ id: string }>`select daifuku_search_ids('accounts'::regclass, array['田中']::text[], '田中', ${max}::int, ${visibility}::text, ${viewer}::uuid, null::uuid) as id`.execute(tx)
        ).rows.map((r) => r.id),
      )
    expect(await lookup('all', boss.userId, 5)).toHaveLength(5)
    expect(await lookup('all', boss.userId, 100)).toHaveLength(13)
    // Twelve of the boss's accounts match first, but a cap of 1 still finds the one the sales rep owns.
    expect(await lookup('own', sales.userId, 1)).toEqual([mine.id])
    expect(await lookup('team', sales.userId, 5)).toEqual([mine.id])
    expect(await foundIds(sales, '田中商店')).toEqual([mine.id])
  })
})


describe('common and rare grams (decision 0008, item 11)', () => {
  const queries = ['田中', '田中太郎', 'たなか', '大福', 'ダイフク', '商事', '東京大福', 'abc', '03-1234', '髙橋', '田中商店', '存在しない会社', 'taro.tanaka@example', 'ダイフクショウジ', '0312345678']
  const lookup = (q: string, visibility: string, viewer: string) =>
    inTenantTransaction(t.app.db, tenantId, async (tx) =>
      (
        await sql<{ id: string }>`select daifuku_search_ids('accounts'::regclass, ${queryGrams(foldSearchQuery(q))}::text[], ${foldSearchQuery(q)}, 200, ${visibility}::text, ${viewer}::uuid, null::uuid) as id`.execute(tx)
      ).rows
        .map((r) => r.id)
        .sort(),
    )
  const everyLookup = async () => {
    const out: Record<string, { all: string[]; own: string[] }> = {}
    for (const q of queries) out[q] = { all: await lookup(q, 'all', admin.userId), own: await lookup(q, 'own', admin.userId) }
    return out
  }

  it('copies the gram index statistics after ANALYZE, and each lookup finds the same ids with them as without', async () => {
    await sql`delete from search_gram_shares`.execute(t.app.db)
    const withoutShares = await everyLookup()
    expect(withoutShares['田中']!.all).toContain(ids.tanaka)
    await sql`analyze accounts`.execute(t.app.db)
    expect(await refreshSearchGramShares(t.app.db)).toBeGreaterThan(0)
    const kept = await sql<{ share: number }>`select share from search_gram_shares where table_name = 'accounts' and gram = ''`.execute(t.app.db)
    expect(kept.rows[0]!.share).toBeGreaterThan(0)
    expect(await everyLookup()).toEqual(withoutShares)
  })

  it('finds the same whether a query counts as rare (index first) or common (sample first)', async () => {
    const baseline = await everyLookup()
    for (const share of [0, 1]) {
      // Every gram of the queries is given the same share: 0 sends each lookup to the index, 1 to the sample.
      await sql`delete from search_gram_shares`.execute(t.app.db)
      await sql`insert into search_gram_shares (table_name, gram, share) values ('accounts', '', 0.001)`.execute(t.app.db)
      const grams = [...new Set(queries.flatMap((q) => queryGrams(foldSearchQuery(q))))]
      for (const gram of grams) await sql`insert into search_gram_shares (table_name, gram, share) values ('accounts', ${gram}, ${share})`.execute(t.app.db)
      expect(await everyLookup()).toEqual(baseline)
    }
  })

  it('looks the index up with the three rarest grams (item 13), and finds the same as with all of them', async () => {
    const rarest = async (grams: string[]) =>
      (await sql<{ grams: string[] | null }>`select daifuku_rarest_search_grams('accounts'::regclass, ${grams}::text[], 3) as grams`.execute(t.app.db)).rows[0]!.grams
    const baseline = await everyLookup()
    await sql`delete from search_gram_shares`.execute(t.app.db)
    expect(await rarest(['ta', 'ar', 'ro'])).toBeNull()
    // Shares that make 'ta', 'ar' and 'ro' the commonest grams; 'ka' is not listed, so it is rarer than any listed one.
    await sql`insert into search_gram_shares (table_name, gram, share) values ('accounts', '', 0.001),
      ('accounts', 'ta', 0.9), ('accounts', 'ar', 0.8), ('accounts', 'ro', 0.7), ('accounts', 'o.', 0.01), ('accounts', '.t', 0.02)`.execute(t.app.db)
    expect(await rarest(['ta', 'ar', 'ro', 'o.', '.t', 'ka'])).toEqual(['ka', 'o.', '.t'])
    expect(await rarest(['ta', 'ar'])).toEqual(['ar', 'ta'])
    // Every query goes to the index (its rarest gram has share 0) with at most three of its grams.
    await sql`delete from search_gram_shares where gram <> ''`.execute(t.app.db)
    expect(await everyLookup()).toEqual(baseline)
    expect(baseline['taro.tanaka@example']!.all).toEqual([ids.tanaka])
    expect(baseline['ダイフクショウジ']!.all).toEqual([ids.daifukuShoji])
  })

  it('refreshes from the statistics as a recurring job', async () => {
    expect(recurringJobsFor('pglite').map((d) => d.type)).toContain(GRAM_SHARES_JOB)
    expect(recurringJobsFor('postgres').map((d) => d.type)).toContain(GRAM_SHARES_JOB)
    await sql`delete from search_gram_shares`.execute(t.app.db)
    await sql`analyze accounts`.execute(t.app.db)
    await findJobHandler(GRAM_SHARES_JOB)!({ db: t.app.db, payload: {}, job: {} as never, logger: { info: () => {} } as never, signal: new AbortController().signal })
    const copied = await sql<{ n: number }>`select count(*)::int as n from search_gram_shares where table_name = 'accounts'`.execute(t.app.db)
    expect(copied.rows[0]!.n).toBeGreaterThan(1)
  })
})
