/**
 * The bulk path of contact imports (docs/decisions/0021-bulk-import.md): batches of new contacts written with a few
 * statements each, yet the same outcome row by row as the service path — duplicates inside the file and across
 * batches, rejected rows reported in file order, all-or-nothing, the same audit trail and events.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createContact } from '../contacts/index.ts'
import { createRole } from '../roles/index.ts'
import { parseCsv } from './csv.ts'
import { runImport } from './imports.runner.ts'
import type { Import } from './imports.schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

type Api = ReturnType<typeof client>
const apiFor = async (user: TestUser): Promise<Api> => client(t.http, await signIn(t.http, user))

/** Uploads and queues the import; the test then runs it itself with a small batch size. */
async function queue(api: Api, csv: string, policy: 'skip' | 'update' | 'create' = 'skip'): Promise<Import> {
  const response = await api.post('/api/v1/imports', { objectType: 'contacts', fileName: 'contacts.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') })
  expect(response.statusCode, response.body).toBe(201)
  const created = response.json() as Import
  if (policy !== 'skip') expect((await api.patch(`/api/v1/imports/${created.id}`, { duplicatePolicy: policy })).statusCode).toBe(200)
  expect((await api.post(`/api/v1/imports/${created.id}/run`)).statusCode).toBe(202)
  return created
}

const TABLES = ['contacts', 'accounts', 'account_contacts', 'audit_log', 'outbox_events'] as const
async function counts(tenantId: string): Promise<Record<(typeof TABLES)[number], number>> {
  return inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const out = {} as Record<(typeof TABLES)[number], number>
    for (const table of TABLES) out[table] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n
    return out
  })
}

async function reportRows(api: Api, id: string): Promise<string[][]> {
  const response = await api.get(`/api/v1/imports/${id}/report.csv?lang=en`)
  expect(response.statusCode).toBe(200)
  return [...parseCsv(response.rawPayload.subarray(3).toString('utf8'))].map((r) => r.fields).slice(1)
}

const HEADER = '氏名,フリガナ,会社名,メールアドレス,携帯電話'
const COMPANIES = ['株式会社大福商事', '(株)大福商事', '有限会社さくら']
/** Row i (spreadsheet row i + 2): a person at one of two companies, written in three notations. */
const person = (i: number, email = `p${i}@example.jp`, mobile = '') => `山田 太郎${i},ヤマダ タロウ,${COMPANIES[i % 3]},${email},${mobile}`

describe('bulk contact import', () => {
  it('crosses batch boundaries: duplicates inside the file and of existing records, a bad row reported, companies created once', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '既存', emails: [{ type: 'work', address: 'existing@example.jp', primary: true }] }))
    const rows = Array.from({ length: 12 }, (_, i) => person(i))
    rows[9] = person(9, 'P1@EXAMPLE.JP') // row 11: the same person as row 3, two batches later
    rows[10] = person(10, 'not-an-email') // row 12: refused by the contacts rules
    rows[11] = person(11, 'Existing@Example.jp') // row 13: already in the CRM
    const created = await queue(api, [HEADER, ...rows].join('\n'))
    const before = await counts(tenantId)
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId, batchSize: 4 })

    const done = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(done).toMatchObject({ status: 'done', counts: { created: 9, updated: 0, skipped: 2, errors: 1 }, progress: { done: 12, total: 12 } })
    const report = await reportRows(api, created.id)
    expect(report.map((r) => r[0])).toEqual(['11', '12', '13'])
    expect(report[0]!.join(' ')).toContain('row 3 of this file')
    expect(report[1]!.join(' ')).toContain('Email')
    expect(report[2]!.join(' ')).toContain('existing record')
    const after = await counts(tenantId)
    // 大福商事 in two notations is one account; さくら the other. Every new contact is linked, audited and announced.
    expect({ contacts: after.contacts - before.contacts, accounts: after.accounts - before.accounts, links: after.account_contacts - before.account_contacts }).toEqual({ contacts: 9, accounts: 2, links: 9 })
    // 9 contacts + 2 accounts, each with its audit row and event, plus the import's own summary entry and event.
    expect({ audit: after.audit_log - before.audit_log, events: after.outbox_events - before.outbox_events }).toEqual({ audit: 12, events: 12 })
    const found = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('contacts').select(['displayName', 'primaryEmail', 'searchText']).where('primaryEmail', '=', 'p5@example.jp').executeTakeFirstOrThrow(),
    )
    // Derived columns as the service computes them: the company name is searchable on the contact.
    expect(found.displayName).toBe('山田 太郎5')
    expect(found.searchText).toContain('さくら')
    // Tenant isolation: nothing of it is visible from another tenant.
    const other = await createTestTenant(t.app)
    expect(await counts(other.tenantId)).toMatchObject({ contacts: 0, accounts: 0, account_contacts: 0 })
  })

  it('update policy: a later row matching a contact this file created (still waiting in its batch) updates it', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const rows = Array.from({ length: 6 }, (_, i) => person(i))
    rows[4] = person(4, 'P1@example.jp', '090-1111-2222') // row 6 matches row 3, created in the same batch of 10
    const created = await queue(api, [HEADER, ...rows].join('\n'), 'update')
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId, batchSize: 10 })
    const done = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(done.counts).toEqual({ created: 5, updated: 1, skipped: 0, errors: 0 })
    const p1 = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('contacts').select(['familyName', 'givenName', 'phones']).where('primaryEmail', '=', 'p1@example.jp').executeTakeFirstOrThrow(),
    )
    expect(p1).toMatchObject({ familyName: '山田', givenName: '太郎4', phones: [{ type: 'mobile', number: '090-1111-2222', primary: true }] })
  })

  it('update policy in bulk: existing contacts updated across batches, one contact twice in a batch, a refused update reported, audit and events as updateContact', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const existing = await asUser(t.app, admin, async (ctx) => {
      const out = []
      for (let i = 0; i < 4; i++) out.push(await createContact(ctx, { familyName: '既存', givenName: `${i}`, emails: [{ type: 'work', address: `old${i}@example.jp`, primary: true }] }))
      return out
    })
    const rows = [
      '既存 0,キゾン ゼロ,old0@example.jp,090-0000-0000', // row 2: updated
      '既存 1,,OLD1@example.jp,090-1111-1111', // row 3: updated
      '既存 0,,old0@example.jp,090-0000-9999', // row 4: the same contact again, in the same batch: its mobile wins
      '既存 2,ABC,old2@example.jp,', // row 5: a reading that is not kana, refused by the contacts rules
      '新規 花子,,new@example.jp,', // row 6: created
      '既存 3,,old3@example.jp,', // row 7: nothing changes — no audit entry, no event
    ]
    const created = await queue(api, ['氏名,フリガナ,メールアドレス,携帯電話', ...rows].join('\n'), 'update')
    const before = await counts(tenantId)
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId, batchSize: 3 })
    const done = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(done.counts).toEqual({ created: 1, updated: 4, skipped: 0, errors: 1 })
    expect((await reportRows(api, created.id)).map((r) => r[0])).toEqual(['5'])
    const stored = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('contacts').select(['id', 'familyNameKana', 'phones', 'searchText']).execute())
    const byId = new Map(stored.map((c) => [c.id, c]))
    expect(byId.get(existing[0]!.id)).toMatchObject({ familyNameKana: 'キゾン', phones: [{ type: 'mobile', number: '090-0000-9999', primary: true }] })
    expect(byId.get(existing[0]!.id)!.searchText).toContain('きぞん')
    expect(byId.get(existing[1]!.id)!.phones).toEqual([{ type: 'mobile', number: '090-1111-1111', primary: true }])
    expect(byId.get(existing[2]!.id)!.familyNameKana).toBeNull()
    const after = await counts(tenantId)
    // Audit/events: 3 real updates (row 2, 3, 4) + 1 create + the summary; row 7 changed nothing, row 5 was refused.
    expect({ audit: after.audit_log - before.audit_log, events: after.outbox_events - before.outbox_events }).toEqual({ audit: 5, events: 5 })
    const updates = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select(['objectId', 'changes']).where('action', '=', 'update').where('requestId', '=', `import:${created.id}`).orderBy('id').execute(),
    )
    expect(updates.map((u) => u.objectId)).toEqual([existing[0]!.id, existing[1]!.id, existing[0]!.id])
    expect(updates[2]!.changes).toMatchObject({ phones: { before: [{ number: '090-0000-0000' }], after: [{ number: '090-0000-9999' }] } })
  })

  it('a crash in a later batch leaves nothing behind: no contacts, companies, links, audit rows or events', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const created = await queue(api, [HEADER, ...Array.from({ length: 12 }, (_, i) => person(i))].join('\n'))
    const before = await counts(tenantId)
    await expect(
      runImport(t.app.db, {
        importId: created.id,
        tenantId,
        userId: admin.userId,
        batchSize: 3,
        onRecord: (done) => {
          // Three batches (9 contacts, 2 companies) are already written in the run's transaction.
          if (done === 10) throw new Error('simulated crash in batch 4')
        },
      }),
    ).rejects.toThrow('simulated crash')
    expect(await counts(tenantId)).toEqual(before)
    const failed = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(failed).toMatchObject({ status: 'failed', counts: { created: 0, updated: 0, skipped: 0, errors: 0 } })
  })

  it('a company refused in its savepoint while the previous batch is still being written rolls back only its own row', async () => {
    // Accounts with a required custom field: each new company is created at once in a savepoint, and refused here.
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const field = await api.post('/api/v1/custom-fields', { object: 'accounts', key: 'code', label: { ja: '取引先コード', en: 'Account code' }, type: 'text', required: true })
    expect(field.statusCode, field.body).toBe(201)
    const lines = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? `鈴木 花子${i},,新会社${i},s${i}@example.jp,` : `佐藤 一郎${i},,,a${i}@example.jp,`))
    const created = await queue(api, [HEADER, ...lines].join('\n'))
    const before = await counts(tenantId)
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId, batchSize: 2 })
    const done = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(done.counts).toEqual({ created: 8, updated: 0, skipped: 0, errors: 4 })
    const after = await counts(tenantId)
    // Every contact counted as created is there, with its audit row and event; no company was made.
    expect(after.contacts - before.contacts).toBe(8)
    expect(after.accounts).toBe(before.accounts)
    expect(after.outbox_events - before.outbox_events).toBe(8 + 1)
    expect((await reportRows(api, created.id)).map((r) => r[0])).toEqual(['4', '7', '10', '13'])
  })

  it("applies the role's rules as createContact does: a read-only field or a company it may not create rejects only that row", async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: 'Contacts only, no titles',
        permissions: { objects: { contacts: { create: true, read: true, update: false, delete: false, visibility: 'all' } }, fields: { contacts: { title: 'readonly' } } },
      }),
    )
    const limited = await createTestUser(t.app, tenantId, { roleId: role.id })
    const api = await apiFor(limited)
    const created = await queue(api, ['氏名,役職,会社名', '山田 太郎,,', '佐藤 花子,部長,', '鈴木 一郎,,株式会社テスト'].join('\n'))
    await runImport(t.app.db, { importId: created.id, tenantId, userId: limited.userId })
    const done = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(done.counts).toEqual({ created: 1, updated: 0, skipped: 0, errors: 2 })
    const report = await reportRows(api, created.id)
    expect(report.map((r) => r.slice(0, 2))).toEqual([
      ['3', '役職'],
      // createAccount's refusal names no field (as on the service path): the row, without a column.
      ['4', ''],
    ])
    expect(await counts(tenantId)).toMatchObject({ contacts: 1, accounts: 0, account_contacts: 0 })
  })

  it('writes the audit trail and events createContact writes, tagged with the import, plus one summary', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const viaService = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '鈴木', givenName: '花子', familyNameKana: 'スズキ', givenNameKana: 'ハナコ', emails: [{ type: 'work', address: 'hanako@example.jp', primary: true }], phones: [{ type: 'mobile', number: '090-3333-4444', primary: true }] }),
    )
    const created = await queue(api, ['氏名,フリガナ,メールアドレス,携帯電話', '鈴木 花子,スズキ ハナコ,hanako2@example.jp,090-3333-4444'].join('\n'))
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId })
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select(['objectType', 'objectId', 'action', 'changes', 'requestId', 'actorUserId']).orderBy('id').execute(),
    )
    const service = audit.find((a) => a.objectId === viaService.id)!
    const imported = audit.find((a) => a.objectType === 'contacts' && a.objectId !== viaService.id)!
    expect(imported).toMatchObject({ action: 'create', actorUserId: admin.userId, requestId: `import:${created.id}` })
    // Field for field the same entry, apart from the record's own id and email.
    const comparable = (changes: unknown) => {
      const { id: _id, emails: _emails, ...rest } = changes as Record<string, unknown>
      return rest
    }
    expect(comparable(imported.changes)).toEqual(comparable(service.changes))
    expect(Object.keys(imported.changes as object).sort()).toEqual(Object.keys(service.changes as object).sort())
    const summary = audit.find((a) => a.objectType === 'imports')!
    expect(summary).toMatchObject({ objectId: created.id, action: 'import', requestId: `import:${created.id}` })
    expect(summary.changes).toMatchObject({ objectType: { after: 'contacts' }, rows: { after: 1 }, created: { after: 1 }, errors: { after: 0 } })

    const events = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('outboxEvents').select(['type', 'objectId', 'payload', 'requestId']).orderBy('id').execute())
    expect(events.map((e) => e.type)).toEqual(['contact.created', 'contact.created', 'import.completed'])
    expect(events[1]).toMatchObject({ objectId: imported.objectId, payload: { displayName: '鈴木 花子', accountId: null }, requestId: `import:${created.id}` })
    expect(events[2]!.payload).toMatchObject({ objectType: 'contacts', created: 1 })
  })

  it('gives imported contacts the custom fields\' defaults and leaves existing custom values alone on update', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const field = await api.post('/api/v1/custom-fields', { object: 'contacts', key: 'rank', label: { ja: 'ランク', en: 'Rank' }, type: 'text', defaultValue: 'C' })
    expect(field.statusCode, field.body).toBe(201)
    const existing = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '既存', emails: [{ type: 'work', address: 'p1@example.jp', primary: true }], custom: { rank: 'A' } }))
    const created = await queue(api, [HEADER, person(1), person(2)].join('\n'), 'update')
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId, batchSize: 2 })
    const rows = await inTenantTransaction(t.app.db, tenantId, (tx) => sql<{ email: string; rank: string | null }>`select primary_email as email, custom->>'rank' as rank from contacts order by primary_email`.execute(tx))
    expect(rows.rows).toEqual([
      { email: 'p1@example.jp', rank: 'A' },
      { email: 'p2@example.jp', rank: 'C' },
    ])
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => sql<{ custom: unknown }>`select changes->'custom'->'after' as custom from audit_log where object_type = 'contacts' and action = 'create' and object_id <> ${existing.id}`.execute(tx))
    expect(audit.rows.map((r) => r.custom)).toEqual([{ rank: 'C' }])
  })
  it('sends each new contact\'s search grams with it, and a later change of its search text drops them (0407)', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const created = await queue(api, [HEADER, person(0), person(1)].join('\n'))
    await runImport(t.app.db, { importId: created.id, tenantId, userId: admin.userId })
    const stored = () =>
      inTenantTransaction(t.app.db, tenantId, async (tx) =>
        (
          await sql<{ id: string; stored: string[] | null; computed: string[] }>`select id, search_grams as stored,
            array(select distinct g from unnest(daifuku_search_grams(search_text)) g) as computed
            from contacts order by display_name`.execute(tx)
        ).rows,
      )
    const rows = await stored()
    expect(rows).toHaveLength(2)
    // Exactly the set the database would have computed from the stored text.
    for (const row of rows) expect([...(row.stored ?? [])].sort()).toEqual([...row.computed].sort())
    const found = async (q: string) => ((await api.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).json() as { data: { id: string }[] }).data.map((c) => c.id)
    expect(await found('山田太郎0')).toEqual([rows[0]!.id])
    // The 名寄せ keys sent with them (0408) are the ones the database computes.
    const keysApart = await inTenantTransaction(t.app.db, tenantId, async (tx) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from contacts where match_name is distinct from daifuku_person_key(family_name, given_name, display_name)
          or match_kana is distinct from daifuku_kana_key(family_name_kana, given_name_kana)
          or match_emails is distinct from daifuku_email_keys(emails) or match_phones is distinct from daifuku_phone_keys(phones)`.execute(tx)
      ).rows[0]!.n,
    )
    expect(keysApart).toBe(0)

    // A rename rewrites search_text but sends no grams: the stored ones must not keep answering for the old name.
    expect((await api.patch(`/api/v1/contacts/${rows[0]!.id}`, { familyName: '佐藤', givenName: '花子' })).statusCode).toBe(200)
    const renamed = (await stored()).find((r) => r.id === rows[0]!.id)!
    expect(renamed.stored).toBeNull()
    expect(await found('佐藤花子')).toEqual([rows[0]!.id])
    expect(await found('山田太郎0')).toEqual([])
    expect(await found('山田太郎1')).toEqual([rows[1]!.id])
  })
})
