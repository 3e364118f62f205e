import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { createWorker } from '../../platform/jobs/index.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, listAccounts } from '../accounts/index.ts'
import { parseCsv } from './csv.ts'
import { discardStaleImportFiles, findImportContent } from './imports.queries.ts'
import { runImport, STALE_IMPORT_FILE_DAYS } from './imports.runner.ts'
import type { Import } from './imports.schema.ts'
import { readImportFile } from './rows.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

type Api = ReturnType<typeof client>

async function apiFor(user: TestUser): Promise<Api> {
  return client(t.http, await signIn(t.http, user))
}

async function upload(api: Api, content: Buffer | string, fileName = 'accounts.csv'): Promise<Import> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  const response = await api.post('/api/v1/imports', { objectType: 'accounts', fileName, contentBase64: bytes.toString('base64') })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as Import
}

/** Runs queued jobs in this process until none is due (what the worker does in production). */
async function drainJobs(): Promise<void> {
  const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false })
  while (await worker.runOnce()) {
    /* next */
  }
}

async function runToEnd(api: Api, id: string): Promise<Import> {
  const started = await api.post(`/api/v1/imports/${id}/run`)
  expect(started.statusCode, started.body).toBe(202)
  expect((started.json() as Import).status).toBe('queued')
  await drainJobs()
  return (await api.get(`/api/v1/imports/${id}`)).json() as Import
}

async function accountNames(user: TestUser): Promise<string[]> {
  const page = await asUser(t.app, user, (ctx) => listAccounts(ctx, { limit: 200, sort: 'name' }))
  return page.data.map((a) => a.name!)
}

async function countRows(tenantId: string, table: 'accounts' | 'audit_log' | 'outbox_events'): Promise<number> {
  return inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)
    return result.rows[0]!.n
  })
}

const report = async (api: Api, id: string, lang = 'en') => {
  const response = await api.get(`/api/v1/imports/${id}/report.csv?lang=${lang}`)
  expect(response.statusCode).toBe(200)
  expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  return [...parseCsv(response.rawPayload.subarray(3).toString('utf8'))].map((r) => r.fields)
}

describe('CSV import of accounts', () => {
  it('imports a Shift_JIS file with Japanese names, detecting encoding, header and mapping, and exports it back in Shift_JIS', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const csv = '取引先名,フリガナ,電話番号,従業員数,備考\r\n株式会社髙橋製作所,タカハシセイサクショ,03-1234-5678,"1,200",㈱表記あり\r\n有限会社さくら商店,サクラショウテン,06-9876-5432,12,\r\n'
    const created = await upload(api, iconv.encode(csv, 'cp932'), '取引先.csv')
    expect(created).toMatchObject({
      format: 'csv',
      encoding: 'cp932',
      delimiter: ',',
      headers: ['取引先名', 'フリガナ', '電話番号', '従業員数', '備考'],
      rowCount: 2,
      mapping: ['name', 'nameKana', 'phone', 'employeeCount', 'notes'],
      mappingSource: 'guessed',
      status: 'uploaded',
    })
    expect(created.preview[0]).toEqual(['株式会社髙橋製作所', 'タカハシセイサクショ', '03-1234-5678', '1,200', '㈱表記あり'])

    const done = await runToEnd(api, created.id)
    expect(done).toMatchObject({ status: 'done', progress: { done: 2, total: 2 }, counts: { created: 2, updated: 0, skipped: 0, errors: 0 } })
    const accounts = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 10, sort: 'name' }))
    expect(accounts.data.map((a) => [a.name, a.nameKana, a.employeeCount])).toEqual([
      ['有限会社さくら商店', 'サクラショウテン', 12],
      ['株式会社髙橋製作所', 'タカハシセイサクショ', 1200],
    ])
    // Written through the accounts service: audited like any other create.
    expect(await countRows(admin.tenantId, 'audit_log')).toBeGreaterThanOrEqual(2)

    const exported = await api.get('/api/v1/exports/accounts?encoding=shift_jis&sort=name')
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-type']).toContain('Shift_JIS')
    const text = iconv.decode(exported.rawPayload, 'cp932')
    const rows = [...parseCsv(text)].map((r) => r.fields)
    expect(rows[0]!.slice(0, 3)).toEqual(['取引先名', '取引先名（カナ）', '業種'])
    expect(rows.slice(1).map((r) => r[0])).toEqual(['有限会社さくら商店', '株式会社髙橋製作所'])
    expect(rows[2]).toContain('㈱表記あり')

    // The exported file imports straight back: detected as Shift_JIS, every column pre-mapped.
    const again = await upload(api, exported.rawPayload, 'export.csv')
    expect(again.encoding).toBe('cp932')
    expect(again.mapping.slice(0, 10)).toEqual(['name', 'nameKana', 'industry', 'phone', 'email', 'website', 'annualRevenue', 'employeeCount', 'notes', 'ownerId'])
  })

  it('accepts the file as the raw request body, and refuses an empty one and one over the server\'s limit', async () => {
    const { admin } = await createTestTenant(t.app)
    const creds = await signIn(t.http, admin)
    const send = (payload: Buffer, contentType: string) =>
      t.http.inject({
        method: 'POST',
        url: `/api/v1/imports/file?objectType=accounts&fileName=${encodeURIComponent('取引先.csv')}`,
        headers: { cookie: creds.cookie!, 'x-csrf-token': creds.csrfToken!, 'content-type': contentType },
        payload,
      })
    const response = await send(iconv.encode('取引先名\t電話番号\r\n大福\t03-1111-2222\r\n', 'cp932'), 'text/csv')
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({ fileName: '取引先.csv', encoding: 'cp932', delimiter: '\t', rowCount: 1, mapping: ['name', 'phone'] })
    const empty = await send(Buffer.alloc(0), 'application/octet-stream')
    expect(empty.statusCode).toBe(400)
    // The size this server takes depends on where it keeps the file: 50 MB embedded, 256 MB on PostgreSQL.
    const limits = await client(t.http, creds).get('/api/v1/imports/limits')
    expect(limits.json()).toEqual({ maxFileBytes: (t.app.database.kind === 'postgres' ? 256 : 50) * 1024 * 1024, maxJsonFileBytes: 15 * 1024 * 1024 })
    const tooLarge = await send(Buffer.alloc(limits.json().maxFileBytes + 1, 0x61), 'text/csv')
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json().error.code).toBe('payload_too_large')
  })

  it('reads a stored file back in pieces that join to the uploaded bytes, and the pieces read as the file', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const csv = iconv.encode('取引先名,電話番号\r\n株式会社髙橋製作所,03-1234-5678\r\n㈱さくら商店,06-9876-5432\r\n', 'cp932')
    const created = await upload(api, csv)
    const pieces = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => findImportContent(tx, created.id, 7))
    expect(pieces!.map((p) => p.byteLength)).toEqual([...Array.from({ length: Math.floor(csv.length / 7) }, () => 7), csv.length % 7].filter(Boolean))
    expect(Buffer.concat(pieces!)).toEqual(csv)
    const file = readImportFile(pieces!, { encoding: 'cp932' })
    expect([...file.records()].map((r) => r.fields)).toEqual([
      ['株式会社髙橋製作所', '03-1234-5678'],
      ['㈱さくら商店', '06-9876-5432'],
    ])
    expect(await inTenantTransaction(t.app.db, admin.tenantId, (tx) => findImportContent(tx, '0190a0b0-0000-7000-8000-000000000000'))).toBeUndefined()
  })

  it('assigns owners named by email or by name, and rejects a name nobody in the tenant has', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: '営業 花子' })
    const api = await apiFor(admin)
    const created = await upload(api, `取引先名,担当者\n株式会社メール指定,${sales.email.toUpperCase()}\n株式会社氏名指定,営業　花子\n株式会社不明,山田 不明\n`)
    expect(created.mapping).toEqual(['name', 'ownerId'])
    const done = await runToEnd(api, created.id)
    expect(done.counts).toMatchObject({ created: 2, errors: 1 })
    const accounts = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 10, sort: 'name' }))
    expect(accounts.data.map((a) => [a.name, a.ownerId])).toEqual([
      ['株式会社メール指定', sales.userId],
      ['株式会社氏名指定', sales.userId],
    ])
    const rows = await report(api, created.id, 'ja')
    expect(rows[1]).toEqual(['4', '担当者', '担当者', 'エラー', 'このメールアドレス・氏名のユーザーはいません：「山田 不明」'])
  })

  it('exports UTF-8 with a BOM for Excel, with the same filters as the list', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    for (const name of ['大福商事', '大福物産', 'Acme']) await asUser(t.app, admin, (ctx) => createAccount(ctx, { name }))
    const response = await api.get(`/api/v1/exports/accounts?q=${encodeURIComponent('大福')}&sort=name&lang=en`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="accounts-\d{8}\.csv"/)
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = [...parseCsv(response.rawPayload.subarray(3).toString('utf8'))].map((r) => r.fields)
    expect(rows[0]![0]).toBe('Name')
    expect(rows.slice(1).map((r) => r[0])).toEqual(['大福商事', '大福物産'])
  })

  it('streams an export longer than one page without losing or repeating rows', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const lines = Array.from({ length: 450 }, (_, i) => `Company ${String(i).padStart(4, '0')}`)
    const created = await upload(api, `Name\n${lines.join('\n')}\n`)
    expect((await runToEnd(api, created.id)).counts.created).toBe(450)
    const response = await api.get('/api/v1/exports/accounts?sort=name')
    const rows = [...parseCsv(response.rawPayload.subarray(3).toString('utf8'))].map((r) => r.fields[0])
    expect(rows.slice(1)).toEqual(lines)
  })

  it('reports every bad row by row number, column and reason, and writes the good ones', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const csv = [
      'Name,Email,Employees,Website',
      'Good One,good@example.jp,10,https://good.example.jp',
      ',nobody@example.jp,5,', // row 3: no name
      'Bad Mail,not-an-email,5,', // row 4
      '"Multi',
      'line note",ok@example.jp,lots,', // row 5 (a quoted line break is still one row)
      'Bad Site,,1,ftp://x', // row 6
      'Good Two,,,',
    ].join('\r\n')
    const created = await upload(api, csv)
    expect(created.mapping).toEqual(['name', 'email', 'employeeCount', 'website'])
    const done = await runToEnd(api, created.id)
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 4 })
    expect(await accountNames(admin)).toEqual(['Good One', 'Good Two'])
    const rows = await report(api, created.id)
    expect(rows[0]).toEqual(['row', 'column', 'field', 'kind', 'reason'])
    const byRow = new Map(rows.slice(1).map((r) => [r[0], r]))
    expect([...byRow.keys()]).toEqual(['3', '4', '5', '6'])
    expect(byRow.get('3')!.slice(0, 4)).toEqual(['3', 'Name', 'Name', 'error'])
    expect(byRow.get('3')![4]).toBe('Required field is empty or not mapped')
    expect(byRow.get('4')!.slice(0, 3)).toEqual(['4', 'Email', 'Email'])
    expect(byRow.get('4')![4]).toBe('Not a valid email address: "not-an-email"')
    expect(byRow.get('5')!.slice(0, 3)).toEqual(['5', 'Employees', 'Employees'])
    expect(byRow.get('5')![4]).toContain('lots')
    expect(byRow.get('6')!.slice(0, 3)).toEqual(['6', 'Website', 'Website'])
    const ja = await report(api, created.id, 'ja')
    expect(ja[0]).toEqual(['行', '列', '項目', '種別', '理由'])
    expect(ja[1]![3]).toBe('エラー')
    expect(ja.find((r) => r[0] === '4')![4]).toBe('メールアドレスの形式が正しくありません：「not-an-email」')
    expect(ja.find((r) => r[0] === '5')![4]).toBe('数値として読み取れません：「lots」')
  })

  it('a dry run checks every row and reports what would happen, writing no record, audit entry or event', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福' }))
    const before = { accounts: await countRows(admin.tenantId, 'accounts'), audit: await countRows(admin.tenantId, 'audit_log'), events: await countRows(admin.tenantId, 'outbox_events') }
    const created = await upload(api, 'Name,Email\n大福株式会社,\nNew KK,\nNew KK,\n,x@example.jp\n')
    const dry = await api.post(`/api/v1/imports/${created.id}/dry-run`)
    expect(dry.statusCode, dry.body).toBe(200)
    // 大福株式会社 is 株式会社大福; the second "New KK" duplicates the first row of the file.
    expect(dry.json()).toMatchObject({ total: 4, counts: { created: 1, updated: 0, skipped: 2, errors: 1 }, issueCount: 3 })
    expect(dry.json().issues[1].reason).toContain('row 3 of this file')
    expect(dry.json().issues.map((i: { row: number; kind: string }) => [i.row, i.kind])).toEqual([
      [2, 'skipped'],
      [4, 'skipped'],
      [5, 'error'],
    ])
    const after = { accounts: await countRows(admin.tenantId, 'accounts'), audit: await countRows(admin.tenantId, 'audit_log'), events: await countRows(admin.tenantId, 'outbox_events') }
    expect(after).toEqual(before)
    const stored = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(stored.status).toBe('uploaded')
    expect(stored.dryRun?.counts).toEqual({ created: 1, updated: 0, skipped: 2, errors: 1 })
  })

  describe('duplicate policies (match by normalised name or phone)', () => {
    const file = 'Name,Phone,Notes\n(株)大福商事,,updated by name\nＯｔｈｅｒ Name,0312345678,updated by phone\nBrand New,,fresh\n'
    async function setUp(policy: 'skip' | 'update' | 'create') {
      const { admin } = await createTestTenant(t.app)
      const api = await apiFor(admin)
      const existing = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事', phone: '03-1234-5678', notes: 'original' }))
      const created = await upload(api, file)
      const patched = await api.patch(`/api/v1/imports/${created.id}`, { duplicatePolicy: policy })
      expect(patched.statusCode, patched.body).toBe(200)
      return { admin, api, existing, done: await runToEnd(api, created.id) }
    }

    it('skip: leaves the existing record alone and lists the skipped rows in the report', async () => {
      const { admin, api, done } = await setUp('skip')
      expect(done.counts).toEqual({ created: 1, updated: 0, skipped: 2, errors: 0 })
      expect(await accountNames(admin)).toEqual(['Brand New', '株式会社大福商事'])
      const rows = await report(api, done.id)
      expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
        ['2', 'Name', 'skipped'],
        ['3', 'Phone', 'skipped'],
      ])
    })

    it('update: writes the non-empty cells into the matched record (name first, then phone)', async () => {
      const { admin, existing, done } = await setUp('update')
      expect(done.counts).toEqual({ created: 1, updated: 2, skipped: 0, errors: 0 })
      const accounts = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 10, sort: 'name' }))
      expect(accounts.data).toHaveLength(2)
      // Both rows matched the same account; the later row wins.
      const updated = accounts.data.find((a) => a.id === existing.id)!
      expect(updated).toMatchObject({ name: 'Ｏｔｈｅｒ Name', phone: '0312345678', notes: 'updated by phone' })
    })

    it('create: adds every row as a new record', async () => {
      const { admin, done } = await setUp('create')
      expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, errors: 0 })
      expect(await accountNames(admin)).toHaveLength(4)
    })
  })

  it('a run that dies half-way leaves no rows, audit entries or events behind and is marked failed', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const names = Array.from({ length: 10 }, (_, i) => `Rollback ${i}`)
    const created = await upload(api, `Name\n${names.join('\n')}\n`)
    await api.post(`/api/v1/imports/${created.id}/run`)
    const before = { audit: await countRows(admin.tenantId, 'audit_log'), events: await countRows(admin.tenantId, 'outbox_events') }
    let written = 0
    await expect(
      runImport(t.app.db, {
        importId: created.id,
        tenantId: admin.tenantId,
        userId: admin.userId,
        progressEvery: 2,
        onRecord: async (done) => {
          written = done
          // Five accounts are already inserted in the run's transaction when the crash comes.
          if (done === 5) throw new Error('simulated crash: connection lost')
        },
      }),
    ).rejects.toThrow('simulated crash')
    expect(written).toBe(5)
    expect(await countRows(admin.tenantId, 'accounts')).toBe(0)
    expect({ audit: await countRows(admin.tenantId, 'audit_log'), events: await countRows(admin.tenantId, 'outbox_events') }).toEqual(before)
    const failed = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
    expect(failed).toMatchObject({ status: 'failed', counts: { created: 0, updated: 0, skipped: 0, errors: 0 }, progress: { done: 0, total: 10 } })
    expect(failed.failure).toContain('nothing was written')

    // Nothing was written, so it can simply run again; the file is discarded once it succeeds.
    const again = await runToEnd(api, created.id)
    expect(again).toMatchObject({ status: 'done', counts: { created: 10 }, failure: null })
    const size = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('imports').select(sql<number>`octet_length(content)`.as('n')).where('id', '=', created.id).executeTakeFirstOrThrow())
    expect(size.n).toBe(0)
    expect((await api.post(`/api/v1/imports/${created.id}/run`)).statusCode).toBe(409)
  })

  // PGlite has one connection, which the run holds to the end: progress shows there only when it is done.
  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL the import shows its progress while the job runs', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const created = await upload(api, `Name\n${Array.from({ length: 300 }, (_, i) => `Progress ${i}`).join('\n')}\n`)
    await api.post(`/api/v1/imports/${created.id}/run`)
    const seen: Import[] = []
    await runImport(t.app.db, {
      importId: created.id,
      tenantId: admin.tenantId,
      userId: admin.userId,
      progressEvery: 50,
      onRecord: async (done) => {
        if (done !== 200) return
        // Another request, on another connection, while the run's transaction is open.
        for (let i = 0; i < 50; i++) {
          const current = (await api.get(`/api/v1/imports/${created.id}`)).json() as Import
          if (current.progress.done >= 150) {
            seen.push(current)
            break
          }
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      },
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ status: 'running', progress: { total: 300 } })
    expect(seen[0]!.progress.done).toBeGreaterThanOrEqual(150)
    expect(seen[0]!.progress.done).toBeLessThanOrEqual(200)
    // Not yet visible to others: the rows arrive all at once when the run commits.
    expect(seen[0]!.counts.created).toBe(0)
    expect(((await api.get(`/api/v1/imports/${created.id}`)).json() as Import)).toMatchObject({ status: 'done', progress: { done: 300 }, counts: { created: 300 } })
  })

  it('a worker shutdown mid-run rolls back and queues the import to start over; the next run completes', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const created = await upload(api, 'Name\nA\nB\nC\nD\n')
    await api.post(`/api/v1/imports/${created.id}/run`)
    const controller = new AbortController()
    await expect(
      runImport(t.app.db, {
        importId: created.id,
        tenantId: admin.tenantId,
        userId: admin.userId,
        signal: controller.signal,
        onRecord: (done) => {
          if (done === 2) controller.abort()
        },
      }),
    ).rejects.toMatchObject({ name: 'JobAbortedError' })
    expect(await countRows(admin.tenantId, 'accounts')).toBe(0)
    expect(((await api.get(`/api/v1/imports/${created.id}`)).json() as Import).status).toBe('queued')
    await runImport(t.app.db, { importId: created.id, tenantId: admin.tenantId, userId: admin.userId })
    expect(await accountNames(admin)).toEqual(['A', 'B', 'C', 'D'])
  })

  it('remembers the mapping for the tenant, object and header set (in any column order)', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const first = await upload(api, '会社,TEL番号,社内メモ\n大福,03-1111-2222,x\n')
    expect(first.mapping).toEqual([null, null, null])
    const patched = await api.patch(`/api/v1/imports/${first.id}`, { mapping: ['name', 'phone', 'notes'] })
    expect(patched.json()).toMatchObject({ mappingSource: 'chosen', mapping: ['name', 'phone', 'notes'] })
    const second = await upload(api, 'TEL番号,社内メモ,会社\n03-1111-3333,y,桜\n')
    expect(second).toMatchObject({ mappingSource: 'remembered', mapping: ['phone', 'notes', 'name'] })
    // Another tenant's layouts are its own.
    const theirs = await upload(await apiFor(other.admin), '会社,TEL番号,社内メモ\n大福,03-1111-2222,x\n')
    expect(theirs).toMatchObject({ mappingSource: 'guessed', mapping: [null, null, null] })
    const bad = await api.patch(`/api/v1/imports/${second.id}`, { mapping: ['name', 'name', 'nope'] })
    expect(bad.statusCode).toBe(400)
  })

  it('another tenant can neither see, run nor download an import', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const apiA = await apiFor(a.admin)
    const apiB = await apiFor(b.admin)
    const created = await upload(apiA, 'Name\nSecret KK\n')
    expect((await apiB.get(`/api/v1/imports/${created.id}`)).statusCode).toBe(404)
    expect((await apiB.post(`/api/v1/imports/${created.id}/run`)).statusCode).toBe(404)
    expect((await apiB.post(`/api/v1/imports/${created.id}/dry-run`)).statusCode).toBe(404)
    expect((await apiB.get(`/api/v1/imports/${created.id}/report.csv`)).statusCode).toBe(404)
    expect((await apiB.get('/api/v1/imports')).json().data).toEqual([])
    expect((await apiA.get('/api/v1/imports')).json().data.map((i: Import) => i.id)).toEqual([created.id])
    const raw = await inTenantTransaction(t.app.db, b.tenantId, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from imports where id = ${created.id}`.execute(tx)).rows[0]!.n)
    expect(raw).toBe(0)
  })

  it('users who see only their own or their team\'s records see only the imports they made', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const otherSales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const adminImport = await upload(await apiFor(admin), 'Name\n秘密の取引先\n')
    const salesApi = await apiFor(sales)
    const own = await upload(salesApi, 'Name\n自分の取引先\n')
    expect((await salesApi.get(`/api/v1/imports/${adminImport.id}`)).statusCode).toBe(404)
    expect((await salesApi.get('/api/v1/imports')).json().data.map((i: Import) => i.id)).toEqual([own.id])
    expect((await (await apiFor(otherSales)).get(`/api/v1/imports/${own.id}`)).statusCode).toBe(404)
    // The administrator sees every import of the tenant.
    expect((await (await apiFor(admin)).get('/api/v1/imports')).json().data.map((i: Import) => i.id)).toEqual([own.id, adminImport.id])
  })

  it('drops the stored file of an import left unrun for a month', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const old = await upload(api, 'Name\n古い取引先\n')
    const fresh = await upload(api, 'Name\n新しい取引先\n')
    await inSystemTransaction(t.app.db, (tx) => sql`update imports set created_at = now() - interval '31 days' where id = ${old.id}`.execute(tx))
    expect(await inSystemTransaction(t.app.db, (tx) => discardStaleImportFiles(tx, STALE_IMPORT_FILE_DAYS))).toBeGreaterThanOrEqual(1)
    const sizes = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('imports').select(['id', sql<number>`octet_length(content)`.as('n')]).where('id', 'in', [old.id, fresh.id]).execute(),
    )
    expect(Object.fromEntries(sizes.map((r) => [r.id, r.n]))).toEqual({ [old.id]: 0, [fresh.id]: Buffer.byteLength('Name\n新しい取引先\n') })
    expect((await api.post(`/api/v1/imports/${old.id}/run`)).statusCode).toBe(409)
    expect((await api.post(`/api/v1/imports/${old.id}/dry-run`)).statusCode).toBe(409)
  })

  it('the read-only role may export but not import', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const adminApi = await apiFor(admin)
    const readerApi = await apiFor(reader)
    const response = await readerApi.post('/api/v1/imports', { objectType: 'accounts', fileName: 'a.csv', contentBase64: Buffer.from('Name\nX\n').toString('base64') })
    expect(response.statusCode).toBe(403)
    const created = await upload(adminApi, 'Name\nX\n')
    expect((await readerApi.get(`/api/v1/imports/${created.id}`)).statusCode).toBe(200)
    expect((await readerApi.post(`/api/v1/imports/${created.id}/run`)).statusCode).toBe(403)
    expect((await readerApi.post(`/api/v1/imports/${created.id}/dry-run`)).statusCode).toBe(403)
    expect((await readerApi.patch(`/api/v1/imports/${created.id}`, { duplicatePolicy: 'create' })).statusCode).toBe(403)
    expect((await readerApi.get('/api/v1/exports/accounts')).statusCode).toBe(200)
  })
})
