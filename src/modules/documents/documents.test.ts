import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../platform/config.ts'
import { CSRF_HEADER } from '../../platform/http/server.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type Credentials, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContract } from '../contracts/index.ts'

const LIMIT = 64 * 1024
let t: TestApp
let filesDir: string
beforeAll(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-files-'))
  t = await startTestApp({ config: { filesDir, fileMaxBytes: LIMIT } })
})
afterAll(async () => {
  await t?.close()
  fs.rmSync(filesDir, { recursive: true, force: true })
})

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\n%%EOF\n`, 'utf8')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

function upload(creds: Credentials, id: string, fileName: string, contentType: string, bytes: Buffer) {
  return t.http.inject({
    method: 'PUT',
    url: `/api/v1/documents/${id}/content`,
    headers: { cookie: creds.cookie!, [CSRF_HEADER]: creds.csrfToken!, 'content-type': contentType, 'x-file-name': encodeURIComponent(fileName) },
    payload: bytes,
  })
}

async function accountWithDocument(user: TestUser, options: { ownerId?: string } = {}) {
  const account = await asUser(t.app, user, (ctx) => createAccount(ctx, { name: '株式会社大福商事', ...(options.ownerId ? { ownerId: options.ownerId } : {}) }))
  const creds = await signIn(t.http, user)
  const created = await client(t.http, creds).post('/api/v1/documents', { recordType: 'account', recordId: account.id, name: '製品カタログ', category: 'brochure' })
  expect(created.statusCode, created.body).toBe(201)
  return { account, creds, document: created.json() as { id: string } }
}

describe('documents', () => {
  it('round-trips a file with a Japanese name: stored as version 1, downloaded byte for byte with an RFC 5987 filename', async () => {
    const { admin } = await createTestTenant(t.app)
    const { creds, document } = await accountWithDocument(admin)
    const bytes = PDF('カタログ')
    const response = await upload(creds, document.id, '製品カタログ 2026年版.pdf', 'application/pdf', bytes)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json()
    expect(body.currentVersion).toMatchObject({ version: 1, fileName: '製品カタログ 2026年版.pdf', size: bytes.length, contentType: 'application/pdf' })
    expect(body.currentVersion.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))

    const download = await client(t.http, creds).get(`/api/v1/documents/${document.id}/content`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.rawPayload.equals(bytes)).toBe(true)
    const disposition = String(download.headers['content-disposition'])
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('製品カタログ 2026年版.pdf')}`)
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"/)
  })

  it('a new upload is a new version; older versions stay downloadable', async () => {
    const { admin } = await createTestTenant(t.app)
    const { creds, account, document } = await accountWithDocument(admin)
    await upload(creds, document.id, '価格表.pdf', 'application/pdf', PDF('v1'))
    const second = await upload(creds, document.id, '価格表_改訂.pdf', 'application/pdf', PDF('v2 改訂'))
    expect(second.statusCode).toBe(201)
    const api = client(t.http, creds)
    const list = (await api.get(`/api/v1/documents?recordType=account&recordId=${account.id}`)).json()
    expect(list.data).toHaveLength(1)
    expect(list.data[0].currentVersion.version).toBe(2)
    expect(list.data[0].versions.map((v: { version: number; fileName: string }) => [v.version, v.fileName])).toEqual([
      [2, '価格表_改訂.pdf'],
      [1, '価格表.pdf'],
    ])
    expect((await api.get(`/api/v1/documents/${document.id}/content`)).rawPayload.equals(PDF('v2 改訂'))).toBe(true)
    expect((await api.get(`/api/v1/documents/${document.id}/content?version=1`)).rawPayload.equals(PDF('v1'))).toBe(true)
    expect((await api.get(`/api/v1/documents/${document.id}/content?version=3`)).statusCode).toBe(404)
    const audit = await asUser(t.app, admin, (ctx) => ctx.tx.selectFrom('auditLog').select('action').where('objectId', '=', document.id).execute())
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update', 'update'])
    const events = await asUser(t.app, admin, (ctx) => ctx.tx.selectFrom('outboxEvents').select('type').where('objectId', '=', document.id).execute())
    expect(events.filter((e) => e.type === 'document.version_uploaded')).toHaveLength(2)
  })

  it('refuses a file over the size limit with 413 and a clear error, and records no version', async () => {
    const { admin } = await createTestTenant(t.app)
    const { creds, document } = await accountWithDocument(admin)
    const big = Buffer.concat([PDF('big'), Buffer.alloc(LIMIT, 0x20)])
    const response = await upload(creds, document.id, '大きい資料.pdf', 'application/pdf', big)
    expect(response.statusCode).toBe(413)
    expect(response.json().error).toMatchObject({ code: 'payload_too_large' })
    expect(response.json().error.message).toContain('limit')
    const after = (await client(t.http, creds).get(`/api/v1/documents/${document.id}`)).json()
    expect(after.versions).toEqual([])
    expect(loadConfig({}).fileMaxBytes).toBe(25 * 1024 * 1024)
  })

  it('sniffs the bytes: a .pdf that is really an exe, an exe, and binary .txt are refused; a real png is accepted', async () => {
    const { admin } = await createTestTenant(t.app)
    const { creds, document } = await accountWithDocument(admin)
    // The real start of a Windows executable (DOS header: MZ, 0x90, 0x00 …).
    const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]), Buffer.alloc(200, 0x90)])
    const fakePdf = await upload(creds, document.id, '見積書.pdf', 'application/pdf', exe)
    expect(fakePdf.statusCode).toBe(400)
    expect(fakePdf.json().error.message).toContain('not a real .pdf')
    expect((await upload(creds, document.id, 'setup.exe', 'application/octet-stream', exe)).statusCode).toBe(400)
    expect((await upload(creds, document.id, 'memo.txt', 'text/plain', exe)).statusCode).toBe(400)
    expect((await upload(creds, document.id, '図面.png', 'image/jpeg', PNG)).statusCode).toBe(400)
    const png = await upload(creds, document.id, '図面.png', 'image/png', PNG)
    expect(png.statusCode, png.body).toBe(201)
    expect(png.json().versions).toHaveLength(1)
  })

  it('follows the record: a rep who cannot see the account cannot list, read or download its documents; read-only users cannot upload', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const { account, creds, document } = await accountWithDocument(admin, { ownerId: admin.userId })
    await upload(creds, document.id, '仕様書.pdf', 'application/pdf', PDF('spec'))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const repApi = client(t.http, await signIn(t.http, rep))
    expect((await repApi.get(`/api/v1/documents?recordType=account&recordId=${account.id}`)).statusCode).toBe(404)
    expect((await repApi.get(`/api/v1/documents/${document.id}`)).statusCode).toBe(404)
    expect((await repApi.get(`/api/v1/documents/${document.id}/content`)).statusCode).toBe(404)
    expect((await repApi.post('/api/v1/documents', { recordType: 'account', recordId: account.id, name: 'x' })).statusCode).toBe(400)

    const viewer = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const viewerCreds = await signIn(t.http, viewer)
    expect((await client(t.http, viewerCreds).get(`/api/v1/documents/${document.id}/content`)).statusCode).toBe(200)
    expect((await upload(viewerCreds, document.id, '仕様書.pdf', 'application/pdf', PDF('no'))).statusCode).toBe(403)
  })

  it('keeps tenants apart: another tenant gets 404, and a version row pointing at another tenant’s key is never served', async () => {
    const a = await createTestTenant(t.app)
    const { creds, document } = await accountWithDocument(a.admin)
    const uploaded = (await upload(creds, document.id, '契約書.pdf', 'application/pdf', PDF('secret'))).json()
    const b = await createTestTenant(t.app)
    const bCreds = await signIn(t.http, b.admin)
    const bApi = client(t.http, bCreds)
    expect((await bApi.get(`/api/v1/documents/${document.id}`)).statusCode).toBe(404)
    expect((await bApi.get(`/api/v1/documents/${document.id}/content`)).statusCode).toBe(404)
    expect((await upload(bCreds, document.id, 'x.pdf', 'application/pdf', PDF('x'))).statusCode).toBe(404)

    // Tenant B forges a version whose storage key is tenant A's file.
    const own = await accountWithDocument(b.admin)
    const aKey = `${a.tenantId}/${document.id}/${uploaded.currentVersion.id}`
    await asUser(t.app, b.admin, async (ctx) => {
      const id = crypto.randomUUID()
      await ctx.tx
        .insertInto('documentVersions')
        .values({ id, tenantId: b.tenantId, documentId: own.document.id, version: 1, fileName: 'stolen.pdf', sizeBytes: 10, contentType: 'application/pdf', sha256: 'x', storageKey: aKey, uploadedBy: b.admin.userId })
        .execute()
      await ctx.tx.updateTable('documents').set({ currentVersionId: id }).where('id', '=', own.document.id).execute()
    })
    const stolen = await bApi.get(`/api/v1/documents/${own.document.id}/content`)
    expect(stolen.statusCode).toBe(404)
    expect(stolen.body).not.toContain('secret')
  })

  it('attaches a file to a contract (契約), visible only to whoever may see the contract', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    const contract = await asUser(t.app, admin, (ctx) => createContract(ctx, { title: '保守契約', accountId: account.id, startDate: '2026-04-01', endDate: '2027-03-31' }))
    const creds = await signIn(t.http, admin)
    const api = client(t.http, creds)
    const created = await api.post('/api/v1/documents', { recordType: 'contract', recordId: contract.id, name: '契約書', category: 'contract' })
    expect(created.statusCode, created.body).toBe(201)
    expect((await upload(creds, created.json().id, '契約書.pdf', 'application/pdf', PDF('signed'))).statusCode).toBe(201)
    const list = (await api.get(`/api/v1/documents?recordType=contract&recordId=${contract.id}`)).json()
    expect(list.data.map((d: { name: string; currentVersion: { version: number } }) => [d.name, d.currentVersion.version])).toEqual([['契約書', 1]])
    // A sales rep who does not own the contract cannot see it, so neither its documents.
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const repApi = client(t.http, await signIn(t.http, rep))
    expect((await repApi.get(`/api/v1/documents?recordType=contract&recordId=${contract.id}`)).statusCode).toBe(404)
    expect((await api.post('/api/v1/documents', { recordType: 'contract', recordId: crypto.randomUUID(), name: 'x' })).statusCode).toBe(400)
  })
})
