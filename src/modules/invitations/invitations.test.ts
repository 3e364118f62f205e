import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/credentials.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { client, createTestTenant, createTestUser, signIn, startTestApp, TEST_PASSWORD, type TestApp } from '../../platform/testing/test-app.ts'

const PUBLIC_URL = 'https://crm.example.test'
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ config: { publicUrl: PUBLIC_URL } })
})
afterAll(async () => {
  await t?.close()
})

let counter = 0
const freshEmail = () => `invitee-${Date.now().toString(36)}-${counter++}@example.test`

async function roleId(tenantId: string, key: string): Promise<string> {
  const row = await inSystemTransaction(t.app.db, (tx) =>
    tx.selectFrom('roles').select('id').where('tenantId', '=', tenantId).where('key', '=', key).executeTakeFirstOrThrow(),
  )
  return row.id
}

async function adminOf(name?: string) {
  const tenant = await createTestTenant(t.app, name)
  return { ...tenant, api: client(t.http, await signIn(t.http, tenant.admin)) }
}

const tokenOf = (acceptUrl: string) => new URL(acceptUrl).searchParams.get('token')!
// Public calls come from their own addresses so the per-IP limit of the link routes never trips.
let ipCounter = 0
const freshIp = () => `10.3.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`
const accept = (payload: object) => t.http.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload, remoteAddress: freshIp() })
const preview = (token: string) => t.http.inject({ method: 'GET', url: `/api/v1/invitations/${token}/preview`, remoteAddress: freshIp() })

describe('invitations', () => {
  it('invites a new person by email; they preview, accept, get an account with the role and are signed in', async () => {
    const { tenantId, admin, api } = await adminOf('株式会社招待テスト')
    const email = freshEmail()
    const salesRole = await roleId(tenantId, 'sales')
    const created = await api.post('/api/v1/invitations', { email: email.toUpperCase(), roleId: salesRole })
    expect(created.statusCode).toBe(201)
    const invitation = created.json()
    expect(invitation).toMatchObject({ email, roleId: salesRole, roleName: '営業', acceptedAt: null })
    expect(invitation.acceptUrl).toMatch(new RegExp(`^${PUBLIC_URL}/invite\\?token=[\\w-]{30,}$`))
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3_600_000)
    const token = tokenOf(invitation.acceptUrl)

    const mail = t.outbox.find((m) => m.to === email)!
    expect(mail.subject).toContain('株式会社招待テスト')
    expect(mail.text).toContain(invitation.acceptUrl)
    expect(mail.text).toContain(`Admin 株式会社招待テスト 様より、Daifuku の「株式会社招待テスト」へのご招待が届いております（ロール：営業）。`)
    expect(mail.text).toContain('has invited you to join 株式会社招待テスト on Daifuku (role: 営業)')

    // Only the token's hash is stored.
    const stored = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('invitations').select('tokenHash').where('id', '=', invitation.id).executeTakeFirstOrThrow())
    expect(stored.tokenHash).toBe(hashSecret(token))
    expect((await api.get('/api/v1/invitations')).json().data.map((i: { id: string }) => i.id)).toEqual([invitation.id])

    const previewed = await preview(token)
    expect(previewed.statusCode).toBe(200)
    expect(previewed.json()).toEqual({ email, tenantName: '株式会社招待テスト' })

    const weak = await accept({ token, name: '佐藤 花子', password: 'short' })
    expect(weak.statusCode).toBe(400)
    const accepted = await accept({ token, name: '佐藤 花子', password: 'hanako no password' })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ user: { email, name: '佐藤 花子' }, tenant: { id: tenantId }, role: { key: 'sales' } })
    const cookie = accepted.cookies.find((c) => c.name === 'daifuku_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    const member = client(t.http, { cookie: `daifuku_session=${cookie.value}`, csrfToken: accepted.json().csrfToken })
    expect((await member.get('/api/v1/auth/session')).json().user.email).toBe(email)
    expect((await client(t.http).post('/api/v1/auth/login', { email, password: 'hanako no password' })).statusCode).toBe(200)

    // The link is spent.
    expect((await preview(token)).statusCode).toBe(404)
    expect((await accept({ token, name: 'x', password: 'hanako no password' })).statusCode).toBe(404)
    expect((await api.get('/api/v1/invitations')).json().data[0].acceptedAt).not.toBeNull()

    const audit = await inSystemTransaction(t.app.db, (tx) =>
      tx.selectFrom('auditLog').select(['objectType', 'action', 'actorUserId']).where('tenantId', '=', tenantId).where('objectType', 'in', ['invitations', 'users']).orderBy('id').execute(),
    )
    expect(audit.map((a) => `${a.objectType}:${a.action}`)).toEqual(['invitations:create', 'invitations:accept', 'users:create'])
    expect(audit[0]!.actorUserId).toBe(admin.userId)
    const events = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('outboxEvents').select('type').where('tenantId', '=', tenantId).orderBy('id').execute())
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted', 'user.added']))
  })

  it('adds an existing account to the tenant only with that account’s password, keeping its name', async () => {
    const home = await createTestTenant(t.app, 'ホーム株式会社')
    const person = await createTestUser(t.app, home.tenantId, { name: '既存 一郎' })
    const { tenantId, api } = await adminOf('ゲスト株式会社')
    const created = (await api.post('/api/v1/invitations', { email: person.email, roleId: await roleId(tenantId, 'readonly') })).json()
    const token = tokenOf(created.acceptUrl)

    const wrong = await accept({ token, name: '別名', password: 'not their password' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.details[0].path).toBe('password')
    const ok = await accept({ token, name: '別名', password: TEST_PASSWORD })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ user: { id: person.userId, name: '既存 一郎' }, tenant: { id: tenantId }, role: { key: 'readonly' } })
    expect(ok.json().tenants.map((x: { name: string }) => x.name).sort()).toEqual(['ゲスト株式会社', 'ホーム株式会社'].sort())
  })

  it('counts wrong passwords at accept towards the account lockout', async () => {
    const home = await createTestTenant(t.app)
    const person = await createTestUser(t.app, home.tenantId)
    const { tenantId, api } = await adminOf()
    const token = tokenOf((await api.post('/api/v1/invitations', { email: person.email, roleId: await roleId(tenantId, 'sales') })).json().acceptUrl)
    for (let i = 0; i < 5; i++) expect((await accept({ token, name: 'x', password: `guess number ${i}` })).statusCode).toBe(400)
    const locked = await accept({ token, name: 'x', password: TEST_PASSWORD })
    expect(locked.statusCode).toBe(429)
    expect((await client(t.http).post('/api/v1/auth/login', { email: person.email, password: TEST_PASSWORD })).statusCode).toBe(429)
  })

  it('refuses to invite a current member, an unknown role, or on behalf of a non-admin', async () => {
    const { tenantId, admin, api } = await adminOf()
    const other = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const member = await api.post('/api/v1/invitations', { email: sales.email, roleId: await roleId(tenantId, 'sales') })
    expect(member.statusCode).toBe(409)
    const foreignRole = await api.post('/api/v1/invitations', { email: freshEmail(), roleId: await roleId(other.tenantId, 'admin') })
    expect(foreignRole.statusCode).toBe(400)
    expect(foreignRole.json().error.details[0].path).toBe('roleId')
    const asSales = client(t.http, await signIn(t.http, sales))
    expect((await asSales.post('/api/v1/invitations', { email: freshEmail(), roleId: await roleId(tenantId, 'admin') })).statusCode).toBe(403)
    expect((await asSales.get('/api/v1/invitations')).statusCode).toBe(403)
    expect(admin.tenantId).toBe(tenantId)
  })

  it('revokes a pending invitation (its link stops working); an accepted one cannot be revoked', async () => {
    const { tenantId, api } = await adminOf()
    const role = await roleId(tenantId, 'sales')
    const pending = (await api.post('/api/v1/invitations', { email: freshEmail(), roleId: role })).json()
    expect((await api.delete(`/api/v1/invitations/${pending.id}`)).statusCode).toBe(204)
    expect((await preview(tokenOf(pending.acceptUrl))).statusCode).toBe(404)
    expect((await api.delete(`/api/v1/invitations/${pending.id}`)).statusCode).toBe(404)

    const used = (await api.post('/api/v1/invitations', { email: freshEmail(), roleId: role })).json()
    expect((await accept({ token: tokenOf(used.acceptUrl), name: '山本', password: 'yamamoto password' })).statusCode).toBe(200)
    expect((await api.delete(`/api/v1/invitations/${used.id}`)).statusCode).toBe(409)
  })

  it('a second invitation to the same address replaces the first; an expired link is refused', async () => {
    const { tenantId, api } = await adminOf()
    const email = freshEmail()
    const role = await roleId(tenantId, 'sales')
    const first = (await api.post('/api/v1/invitations', { email, roleId: role })).json()
    const second = (await api.post('/api/v1/invitations', { email, roleId: role })).json()
    expect((await api.get('/api/v1/invitations')).json().data.map((i: { id: string }) => i.id)).toEqual([second.id])
    expect((await preview(tokenOf(first.acceptUrl))).statusCode).toBe(404)

    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('invitations').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', second.id).execute())
    const expired = await accept({ token: tokenOf(second.acceptUrl), name: 'x', password: 'long enough password' })
    expect(expired.statusCode).toBe(404)
    expect(expired.json().error.message).toMatch(/expired/)
  })

  it('pages through invitations newest first', async () => {
    const { tenantId, api } = await adminOf()
    const role = await roleId(tenantId, 'sales')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await api.post('/api/v1/invitations', { email: freshEmail(), roleId: role })).json().id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (await api.get(`/api/v1/invitations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json()
      seen.push(...page.data.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
  })

  it('limits the public invitation routes to 30 calls a minute from one address', async () => {
    const codes = []
    for (let i = 0; i < 31; i++) {
      codes.push((await t.http.inject({ method: 'GET', url: `/api/v1/invitations/${'x'.repeat(20)}${i}/preview`, remoteAddress: '10.99.0.1' })).statusCode)
    }
    expect(codes.slice(0, 30)).toEqual(Array(30).fill(404))
    expect(codes[30]).toBe(429)
  })
})
