import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret, newApiToken } from '../../platform/auth/credentials.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { addMembership } from '../tenancy/index.ts'
import { client, createTestTenant, createTestUser, signIn, startTestApp, TEST_PASSWORD, type TestApp } from '../../platform/testing/test-app.ts'
import { BAD_CREDENTIALS_MESSAGE } from './login.service.ts'
import { purgeExpiredAuthRecords } from './purge.ts'

// The production defaults: 5 failures lock for 15 minutes, 20 attempts per IP per minute.
const LOGIN_LIMITS = { maxFailuresPerAccount: 5, lockoutMinutes: 15, maxAttemptsPerIpPerMinute: 20 }

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ config: { login: LOGIN_LIMITS } })
})
afterAll(async () => {
  await t?.close()
})

// Each test signs in from its own address so the per-IP throttle of one never trips another.
let ipCounter = 0
const freshIp = () => `10.1.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`

function login(email: string, password: string, ip = freshIp()): Promise<LightMyRequestResponse> {
  return t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip })
}

function credentialsOf(response: LightMyRequestResponse) {
  const cookie = response.cookies.find((c) => c.name === 'daifuku_session')
  if (!cookie) throw new Error('no session cookie')
  return { cookie: `daifuku_session=${cookie.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken }
}

function auditRows(userId: string) {
  return inSystemTransaction(t.app.db, (tx) =>
    tx.selectFrom('auditLog').selectAll().where('actorUserId', '=', userId).where('objectType', '=', 'session').orderBy('id').execute(),
  )
}

describe('signing in', () => {
  it('returns the session with user, tenant, role and CSRF token, and sets an HttpOnly SameSite=Lax cookie', async () => {
    const { tenantId, admin } = await createTestTenant(t.app, '株式会社サインイン')
    const response = await login(admin.email.toUpperCase(), TEST_PASSWORD)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      user: { id: admin.userId, email: admin.email, locale: null, timeZone: 'Asia/Tokyo' },
      tenant: { id: tenantId, name: '株式会社サインイン' },
      tenants: [{ id: tenantId, name: '株式会社サインイン', roleName: '管理者' }],
      role: { key: 'admin', name: '管理者' },
    })
    expect(body.role.permissions.objects.accounts).toEqual({ create: true, read: true, update: true, delete: true, visibility: 'all' })
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/)
    const cookie = response.cookies.find((c) => c.name === 'daifuku_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie.secure).toBeFalsy()
    expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now() + 24 * 3_600_000)
    // Only the hash of the cookie value is stored.
    const stored = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('sessions').select(['id', 'tenantId']).where('userId', '=', admin.userId).execute())
    expect(stored).toEqual([{ id: hashSecret(cookie.value), tenantId }])
    expect(JSON.stringify(stored)).not.toContain(cookie.value)
  })

  it('answers a wrong password and an unknown email with the same 401 and message', async () => {
    const { admin } = await createTestTenant(t.app)
    const wrong = await login(admin.email, 'not the password at all')
    const unknown = await login(`nobody-${newId()}@example.test`, 'not the password at all')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())
    expect(wrong.json().error).toMatchObject({ code: 'unauthenticated', message: BAD_CREDENTIALS_MESSAGE })
    expect(wrong.cookies).toHaveLength(0)
  })

  it('records login and login_failed in the audit trail of the user’s tenant', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    await login(admin.email, 'wrong password here', '10.9.9.9')
    await login(admin.email, TEST_PASSWORD, '10.9.9.9')
    const rows = await auditRows(admin.userId)
    expect(rows.map((r) => r.action)).toEqual(['login_failed', 'login'])
    for (const row of rows) {
      expect(row).toMatchObject({ tenantId, objectId: admin.userId, ip: '10.9.9.9' })
      expect(row.changes.email).toEqual({ before: null, after: admin.email })
      expect(row.requestId).toBeTruthy()
    }
    const unknownEmail = `ghost-${newId()}@example.test`
    await login(unknownEmail, 'whatever password')
    const ghost = await inSystemTransaction(t.app.db, (tx) =>
      tx.selectFrom('auditLog').selectAll().where(sql`changes->'email'->>'after'`, '=', unknownEmail).execute(),
    )
    expect(ghost).toMatchObject([{ action: 'login_failed', tenantId: null, actorUserId: null }])
  })

  it('locks the account after 5 failures, refusing even the right password, until the lockout passes', async () => {
    const { admin } = await createTestTenant(t.app)
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await login(admin.email, `wrong password ${i}`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401])
    const locked = await login(admin.email, TEST_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error).toMatchObject({ code: 'rate_limited' })
    expect(locked.json().error.message).toMatch(/locked for 15 more minutes/)
    expect(locked.cookies).toHaveLength(0)
    expect((await auditRows(admin.userId)).map((r) => r.action)).toContain('locked')

    // Sixteen minutes later (moved back in time in the database) the right password works.
    await inSystemTransaction(t.app.db, async (tx) => {
      await sql`update login_attempts set created_at = created_at - interval '16 minutes' where email = ${admin.email}`.execute(tx)
      await tx.updateTable('users').set({ lockedUntil: sql<Date>`locked_until - interval '16 minutes'` }).where('id', '=', admin.userId).execute()
    })
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(200)
    // A success clears the count: four new failures do not lock again.
    for (let i = 0; i < 4; i++) await login(admin.email, `wrong again ${i}`)
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('locks unknown addresses the same way, so the lockout does not reveal which accounts exist', async () => {
    const email = `unknown-${newId()}@example.test`
    for (let i = 0; i < 5; i++) expect((await login(email, `guess ${i} guess`)).statusCode).toBe(401)
    const sixth = await login(email, 'another guess')
    expect(sixth.statusCode).toBe(429)
    expect(sixth.json().error.message).toMatch(/locked/)
  })

  it('throttles one IP address to 20 attempts a minute, whatever the account', async () => {
    const { admin } = await createTestTenant(t.app)
    const ip = '10.200.0.1'
    for (let i = 0; i < 20; i++) {
      expect((await login(`spray-${i}-${newId()}@example.test`, 'password123456', ip)).statusCode).toBe(401)
    }
    const throttled = await login(admin.email, TEST_PASSWORD, ip)
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().error.message).toMatch(/network/)
    // Another address is not affected.
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('refuses a user whose only membership is disabled', async () => {
    const { tenantId } = await createTestTenant(t.app)
    const user = await createTestUser(t.app, tenantId)
    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('memberships').set({ status: 'disabled' }).where('userId', '=', user.userId).execute())
    const response = await login(user.email, TEST_PASSWORD)
    expect(response.statusCode).toBe(401)
    expect(response.cookies).toHaveLength(0)
  })

  it('lands in the first company by name, skipping one where the membership is disabled', async () => {
    const zeta = await createTestTenant(t.app, 'Zeta 株式会社')
    const alpha = await createTestTenant(t.app, 'Alpha 株式会社')
    const beta = await createTestTenant(t.app, 'Beta 株式会社')
    const person = await createTestUser(t.app, zeta.tenantId)
    await inSystemTransaction(t.app.db, async (tx) => {
      await addMembership(tx, { tenantId: alpha.tenantId, userId: person.userId, roleKey: 'sales' })
      await addMembership(tx, { tenantId: beta.tenantId, userId: person.userId, roleKey: 'sales' })
      await tx.updateTable('memberships').set({ status: 'disabled' }).where('userId', '=', person.userId).where('tenantId', '=', alpha.tenantId).execute()
    })
    const body = (await login(person.email, TEST_PASSWORD)).json()
    expect(body.tenant.id).toBe(beta.tenantId)
    expect(body.tenants.map((x: { name: string }) => x.name)).toEqual(['Beta 株式会社', 'Zeta 株式会社'])
  })

  it('treats an expired session as signed out', async () => {
    const { admin } = await createTestTenant(t.app)
    const creds = await signIn(t.http, admin)
    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1000) }).where('userId', '=', admin.userId).execute())
    const response = await client(t.http, creds).get('/api/v1/auth/session')
    expect(response.statusCode).toBe(401)
  })

  it('sets the Secure flag when the public URL is https', async () => {
    const secure = await startTestApp({ config: { secureCookies: true } })
    try {
      const { admin } = await createTestTenant(secure.app)
      const response = await secure.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } })
      expect(response.cookies.find((c) => c.name === 'daifuku_session')).toMatchObject({ secure: true, httpOnly: true })
    } finally {
      await secure.close()
    }
  })
})

describe('sessions', () => {
  it('needs the CSRF token on cookie writes, but not on API-token writes', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const creds = await signIn(t.http, admin)
    const noToken = await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: creds.cookie! }, payload: { name: 'No CSRF' } })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json().error.details[0].path).toBe('X-CSRF-Token')
    const wrongToken = await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: creds.cookie!, 'x-csrf-token': 'nope' }, payload: { name: 'x' } })
    expect(wrongToken.statusCode).toBe(403)
    expect((await client(t.http, creds).patch('/api/v1/me', { name: 'With CSRF' })).statusCode).toBe(200)

    const token = newApiToken()
    await inSystemTransaction(t.app.db, async (tx) => {
      const role = await tx.selectFrom('roles').select('id').where('tenantId', '=', tenantId).where('key', '=', 'admin').executeTakeFirstOrThrow()
      await tx.insertInto('apiTokens').values({ id: newId(), tenantId, userId: admin.userId, roleId: role.id, name: 't', prefix: token.prefix, tokenHash: token.hash }).execute()
    })
    const viaToken = await client(t.http, { bearer: token.token }).patch('/api/v1/me', { name: 'Via token' })
    expect(viaToken.statusCode).toBe(200)
    expect(viaToken.json().name).toBe('Via token')
    const session = await client(t.http, { bearer: token.token }).get('/api/v1/auth/session')
    expect(session.json()).toMatchObject({ user: { name: 'Via token' }, csrfToken: '' })
  })

  it('signing in again from a browser with a session replaces that session', async () => {
    const { admin } = await createTestTenant(t.app)
    const first = await signIn(t.http, admin)
    const again = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie!, 'x-csrf-token': first.csrfToken! },
      payload: { email: admin.email, password: TEST_PASSWORD },
      remoteAddress: freshIp(),
    })
    expect(again.statusCode).toBe(200)
    expect((await client(t.http, first).get('/api/v1/auth/session')).statusCode).toBe(401)
    expect((await client(t.http, credentialsOf(again)).get('/api/v1/auth/session')).statusCode).toBe(200)
  })

  it('documents the auth, me and invitation routes in the OpenAPI document', async () => {
    const doc = (await t.http.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/session', '/api/v1/auth/password-reset/confirm', '/api/v1/me', '/api/v1/me/password', '/api/v1/invitations/accept', '/api/v1/invitations/{token}/preview']),
    )
  })

  it('logout ends the session, clears the cookie and is audited', async () => {
    const { admin } = await createTestTenant(t.app)
    const creds = await signIn(t.http, admin)
    const api = client(t.http, creds)
    expect((await api.get('/api/v1/auth/session')).statusCode).toBe(200)
    const out = await api.post('/api/v1/auth/logout')
    expect(out.statusCode).toBe(204)
    const cleared = out.cookies.find((c) => c.name === 'daifuku_session')!
    expect(cleared.value).toBe('')
    expect((await api.get('/api/v1/auth/session')).statusCode).toBe(401)
    expect((await auditRows(admin.userId)).map((r) => r.action)).toEqual(['login', 'logout'])
    // Without a session, logout still answers 204 so the browser can clear a stale cookie.
    expect((await client(t.http).post('/api/v1/auth/logout')).statusCode).toBe(204)
  })

  it('switches only to tenants the user belongs to, and the next sign-in lands in the last one', async () => {
    const first = await createTestTenant(t.app, 'あさひ商事')
    const second = await createTestTenant(t.app, 'みなと物産')
    const stranger = await createTestTenant(t.app, 'よその会社')
    await inSystemTransaction(t.app.db, (tx) => addMembership(tx, { tenantId: second.tenantId, userId: first.admin.userId, roleKey: 'sales' }))
    const creds = await signIn(t.http, first.admin)
    const api = client(t.http, creds)
    const before = (await api.get('/api/v1/auth/session')).json()
    expect(before.tenants.map((x: { name: string }) => x.name)).toEqual(['あさひ商事', 'みなと物産'])

    const switched = await api.post('/api/v1/auth/switch-tenant', { tenantId: second.tenantId })
    expect(switched.statusCode).toBe(200)
    expect(switched.json()).toMatchObject({ tenant: { id: second.tenantId, name: 'みなと物産' }, role: { key: 'sales' }, csrfToken: creds.csrfToken })
    expect((await api.get('/api/v1/auth/session')).json().tenant.id).toBe(second.tenantId)

    const refused = await api.post('/api/v1/auth/switch-tenant', { tenantId: stranger.tenantId })
    expect(refused.statusCode).toBe(403)
    expect((await api.get('/api/v1/auth/session')).json().tenant.id).toBe(second.tenantId)

    const again = await login(first.admin.email, TEST_PASSWORD)
    expect(again.json().tenant.id).toBe(second.tenantId)
  })
})

describe('me', () => {
  it('updates name, language and time zone, rejecting unknown time zones', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const updated = await api.patch('/api/v1/me', { name: '山田 太郎', locale: 'en', timeZone: 'Europe/London' })
    expect(updated.statusCode).toBe(200)
    expect(updated.json()).toEqual({ id: admin.userId, email: admin.email, name: '山田 太郎', locale: 'en', timeZone: 'Europe/London' })
    const bad = await api.patch('/api/v1/me', { timeZone: 'Mars/Olympus_Mons' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: 'timeZone' })])
    expect((await api.patch('/api/v1/me', { locale: 'fr' })).statusCode).toBe(400)
    const reset = await api.patch('/api/v1/me', { locale: null })
    expect(reset.json()).toMatchObject({ locale: null, timeZone: 'Europe/London' })
    expect((await api.get('/api/v1/auth/session')).json().user).toMatchObject({ name: '山田 太郎', locale: null })
  })

  it('changes the password only with the current one, and signs out the other sessions', async () => {
    const { admin } = await createTestTenant(t.app)
    const here = client(t.http, await signIn(t.http, admin))
    const elsewhere = client(t.http, await signIn(t.http, admin))
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.details[0].path).toBe('currentPassword')
    const weak = await here.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.details[0].path).toBe('newPassword')

    const changed = await here.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })
    expect(changed.statusCode).toBe(204)
    expect((await here.get('/api/v1/auth/session')).statusCode).toBe(200)
    expect((await elsewhere.get('/api/v1/auth/session')).statusCode).toBe(401)
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(401)
    expect((await login(admin.email, 'a brand new passphrase')).statusCode).toBe(200)
    const audit = await inSystemTransaction(t.app.db, (tx) =>
      tx.selectFrom('auditLog').select(['objectType', 'action', 'changes']).where('actorUserId', '=', admin.userId).where('action', '=', 'password_change').execute(),
    )
    expect(audit).toEqual([{ objectType: 'users', action: 'password_change', changes: { otherSessionsRevoked: { before: null, after: 1 } } }])
  })
})

describe('purgeExpiredAuthRecords', () => {
  it('removes expired sessions and reset links and day-old attempts, keeping live ones', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const live = await signIn(t.http, admin)
    await inSystemTransaction(t.app.db, async (tx) => {
      await tx
        .insertInto('sessions')
        .values({ id: 'expired-session-' + newId(), userId: admin.userId, tenantId, csrfToken: 'x', lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) })
        .execute()
      await tx.insertInto('passwordResets').values({ id: newId(), userId: admin.userId, tokenHash: hashSecret(newId()), expiresAt: new Date(Date.now() - 1000) }).execute()
      await tx
        .insertInto('loginAttempts')
        .values({ id: newId(), email: admin.email, ip: null, succeeded: false, createdAt: new Date(Date.now() - 25 * 3_600_000) })
        .execute()
    })
    const result = await purgeExpiredAuthRecords(t.app.db)
    expect(result.sessions).toBeGreaterThanOrEqual(1)
    expect(result.passwordResets).toBeGreaterThanOrEqual(1)
    expect(result.loginAttempts).toBeGreaterThanOrEqual(1)
    const left = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('sessions').select('id').where('userId', '=', admin.userId).execute())
    expect(left).toHaveLength(1)
    expect((await client(t.http, live).get('/api/v1/auth/session')).statusCode).toBe(200)
  })
})
