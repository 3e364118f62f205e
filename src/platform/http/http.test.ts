import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newApiToken } from '../auth/credentials.ts'
import { inSystemTransaction } from '../db/transaction.ts'
import { newId } from '../ids.ts'
import { client, createTestTenant, startTestApp, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let api: ReturnType<typeof client>
let bearer: string

beforeAll(async () => {
  t = await startTestApp({ config: { bodyLimitBytes: 10_000 } })
  const { tenantId, admin } = await createTestTenant(t.app)
  const token = newApiToken()
  await inSystemTransaction(t.app.db, async (tx) => {
    const role = await tx.selectFrom('roles').select('id').where('tenantId', '=', tenantId).where('key', '=', 'admin').executeTakeFirstOrThrow()
    await tx
      .insertInto('apiTokens')
      .values({ id: newId(), tenantId, userId: admin.userId, roleId: role.id, name: 'test', prefix: token.prefix, tokenHash: token.hash })
      .execute()
  })
  bearer = token.token
  api = client(t.http, { bearer })
})
afterAll(async () => {
  await t?.close()
})

function expectErrorShape(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } })
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules/) // never a stack trace
}

describe('the HTTP API', () => {
  it('answers liveness and readiness', async () => {
    expect((await t.http.inject({ url: '/health' })).json()).toEqual({ status: 'ok' })
    const ready = await t.http.inject({ url: '/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toMatchObject({ status: 'ready' })
  })

  it('publishes an OpenAPI 3.1 document and browsable docs', async () => {
    const doc = (await t.http.inject({ url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/api/v1/accounts/{id}')
    expect(Object.keys(doc.components.schemas)).toContain('AccountCreateInput')
    const docs = await t.http.inject({ url: '/api/docs/' })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toMatch(/text\/html/)
  })

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const own = await t.http.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } })
    expect(own.headers['x-request-id']).toBe('abc-123')
    const generated = await t.http.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces' } })
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('refuses calls without credentials, and with a wrong token, as 401 in the error shape', async () => {
    const none = await t.http.inject({ url: '/api/v1/accounts' })
    expect(none.statusCode).toBe(401)
    expectErrorShape(none.json(), 'unauthenticated')
    const wrong = await client(t.http, { bearer: 'dfk_nope_nope' }).get('/api/v1/accounts')
    expect(wrong.statusCode).toBe(401)
  })

  it('rejects malformed JSON with a 400 that says so', async () => {
    const response = await t.http.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      payload: '{"name": "broken',
    })
    expect(response.statusCode).toBe(400)
    expectErrorShape(response.json(), 'invalid')
    expect(response.json().error.message).toMatch(/JSON/)
  })

  it('rejects unknown fields, naming each one', async () => {
    const response = await api.post('/api/v1/accounts', { name: 'Acme', colour: 'red', shoeSize: 42 })
    expect(response.statusCode).toBe(400)
    expectErrorShape(response.json(), 'invalid')
    const paths = response.json().error.details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['colour', 'shoeSize']))
  })

  it('rejects wrong types and missing fields, naming each field', async () => {
    const response = await api.post('/api/v1/accounts', { annualRevenue: 'lots', employeeCount: -1 })
    expect(response.statusCode).toBe(400)
    const paths = response.json().error.details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'annualRevenue', 'employeeCount']))
  })

  it('rejects a malformed id in the path as 400, not 500', async () => {
    const response = await api.get('/api/v1/accounts/not-a-uuid')
    expect(response.statusCode).toBe(400)
    expectErrorShape(response.json(), 'invalid')
  })

  it('rejects an oversized body with 413', async () => {
    const response = await api.post('/api/v1/accounts', { name: 'x', notes: 'あ'.repeat(20_000) })
    expect(response.statusCode).toBe(413)
    expectErrorShape(response.json(), 'payload_too_large')
  })

  it('rejects an unsupported content type with 415', async () => {
    const response = await t.http.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    })
    expect(response.statusCode).toBe(415)
    expectErrorShape(response.json(), 'invalid')
  })

  it('answers unknown routes with a JSON 404', async () => {
    const response = await api.get('/api/v1/no-such-thing')
    expect(response.statusCode).toBe(404)
    expectErrorShape(response.json(), 'not_found')
    const unknownMethod = await t.http.inject({ method: 'PUT', url: '/health' })
    expect(unknownMethod.statusCode).toBe(404)
  })

  it('returns 404 for a well-formed id that does not exist', async () => {
    const response = await api.get(`/api/v1/accounts/${newId()}`)
    expect(response.statusCode).toBe(404)
    expectErrorShape(response.json(), 'not_found')
  })

  it('round-trips an account through the API with a bearer token', async () => {
    const created = await api.post('/api/v1/accounts', { name: '株式会社テスト', annualRevenue: 5_000_000 })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    expect((await api.get(`/api/v1/accounts/${id}`)).json()).toMatchObject({ name: '株式会社テスト', annualRevenue: 5_000_000 })
    expect((await api.patch(`/api/v1/accounts/${id}`, { name: '株式会社テスト改' })).json()).toMatchObject({ name: '株式会社テスト改' })
    expect((await api.delete(`/api/v1/accounts/${id}`)).statusCode).toBe(204)
    expect((await api.get(`/api/v1/accounts/${id}`)).statusCode).toBe(404)
  })
})

describe('rate limits', () => {
  it('answers 429 in the error shape past the per-minute limit', async () => {
    // A built web app of two files, as `npm run build:web` leaves it.
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-web-'))
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Daifuku</title>')
    fs.mkdirSync(path.join(webDir, 'assets'))
    fs.writeFileSync(path.join(webDir, 'assets', 'ContactListPage.js'), 'export default 1')
    const limited = await startTestApp({ config: { rateLimitPerMinute: 3, webDir } })
    try {
      const codes = []
      for (let i = 0; i < 5; i++) codes.push((await limited.http.inject({ url: '/api/v1/accounts' })).statusCode)
      expect(codes.slice(0, 3)).toEqual([401, 401, 401])
      const last = await limited.http.inject({ url: '/api/v1/accounts' })
      expect(last.statusCode).toBe(429)
      expectErrorShape(last.json(), 'rate_limited')
      // The web app's files and pages are not API calls: an office behind one address loading the app many
      // times a minute must not see a script refused (a page with a missing chunk does not load).
      for (let i = 0; i < 5; i++) {
        expect((await limited.http.inject({ url: '/assets/ContactListPage.js' })).statusCode).toBe(200)
        expect((await limited.http.inject({ url: '/contacts', headers: { accept: 'text/html' } })).statusCode).toBe(200)
      }
    } finally {
      fs.rmSync(webDir, { recursive: true, force: true })
      await limited.close()
    }
  })
})
