import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { startSmtpSink, type SmtpSink } from '../../platform/testing/smtp-sink.ts'
import { client, createTestTenant, signIn, startTestApp, TEST_PASSWORD, type TestApp } from '../../platform/testing/test-app.ts'

const PUBLIC_URL = 'https://crm.example.test'
let smtp: SmtpSink
let t: TestApp

beforeAll(async () => {
  smtp = await startSmtpSink()
  t = await startTestApp({
    config: {
      publicUrl: PUBLIC_URL,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Daifuku <no-reply@example.test>' },
    },
  })
})
afterAll(async () => {
  await t?.close()
  await smtp?.close()
})

let ipCounter = 0
function post(url: string, payload: object): Promise<LightMyRequestResponse> {
  return t.http.inject({ method: 'POST', url, payload, remoteAddress: `10.2.0.${++ipCounter}` })
}
const login = (email: string, password: string) => post('/api/v1/auth/login', { email, password })

function tokenFrom(text: string): string {
  const match = new RegExp(`${PUBLIC_URL}/reset-password\\?token=([\\w-]+)`).exec(text)
  if (!match) throw new Error(`no reset link in:\n${text}`)
  return match[1]!
}

describe('password reset', () => {
  it('emails a Japanese and English link through SMTP; the link sets a new password once and signs out everywhere', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const oldSession = client(t.http, await signIn(t.http, admin))
    const before = smtp.received.length

    const requested = await post('/api/v1/auth/password-reset', { email: admin.email.toUpperCase() })
    expect(requested.statusCode).toBe(202)
    const [mail] = (await smtp.waitFor(before + 1)).slice(before)
    expect(mail!.to).toEqual([admin.email])
    expect(mail!.subject).toContain('パスワード再設定のご案内')
    expect(mail!.text).toContain('様')
    expect(mail!.text).toContain('1 時間以内に新しいパスワードを設定してください')
    expect(mail!.text).toContain('We received a request to reset your Daifuku password.')
    const token = tokenFrom(mail!.text)

    const confirmed = await post('/api/v1/auth/password-reset/confirm', { token, password: 'すてきな新しいパスワード2026' })
    expect(confirmed.statusCode).toBe(204)
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(401)
    expect((await login(admin.email, 'すてきな新しいパスワード2026')).statusCode).toBe(200)
    expect((await oldSession.get('/api/v1/auth/session')).statusCode).toBe(401)

    const reused = await post('/api/v1/auth/password-reset/confirm', { token, password: 'yet another password' })
    expect(reused.statusCode).toBe(400)
    expect(reused.json().error.details[0].path).toBe('token')
    expect((await login(admin.email, 'yet another password')).statusCode).toBe(401)

    const audit = await inSystemTransaction(t.app.db, (tx) =>
      tx.selectFrom('auditLog').select(['action', 'tenantId']).where('actorUserId', '=', admin.userId).where('action', '=', 'password_reset').execute(),
    )
    expect(audit).toEqual([{ action: 'password_reset', tenantId }])
  })

  it('answers 202 for an unknown address too, and sends nothing', async () => {
    const { admin } = await createTestTenant(t.app)
    const before = smtp.received.length
    const unknown = await post('/api/v1/auth/password-reset', { email: `nobody-${newId()}@example.test` })
    const known = await post('/api/v1/auth/password-reset', { email: admin.email })
    expect(unknown.statusCode).toBe(202)
    expect(unknown.body).toBe(known.body)
    const mails = (await smtp.waitFor(before + 1)).slice(before)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(smtp.received.slice(before).map((m) => m.to[0])).toEqual([admin.email])
    expect(mails).toHaveLength(1)
  })

  it('refuses a weak password without spending the link, and refuses an expired link', async () => {
    const { admin } = await createTestTenant(t.app)
    const before = smtp.received.length
    await post('/api/v1/auth/password-reset', { email: admin.email })
    const token = tokenFrom((await smtp.waitFor(before + 1))[before]!.text)
    const weak = await post('/api/v1/auth/password-reset/confirm', { token, password: 'short' })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.details[0].path).toBe('password')

    await inSystemTransaction(t.app.db, (tx) =>
      tx.updateTable('passwordResets').set({ expiresAt: new Date(Date.now() - 1000) }).where('userId', '=', admin.userId).execute(),
    )
    const expired = await post('/api/v1/auth/password-reset/confirm', { token, password: 'a long enough password' })
    expect(expired.statusCode).toBe(400)
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('does not send a second email for a repeat request within a minute', async () => {
    const { admin } = await createTestTenant(t.app)
    const before = smtp.received.length
    await post('/api/v1/auth/password-reset', { email: admin.email })
    await post('/api/v1/auth/password-reset', { email: admin.email })
    await smtp.waitFor(before + 1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(smtp.received.length).toBe(before + 1)
  })

  it('lifts a lockout: after a reset the new password signs in at once', async () => {
    const { admin } = await createTestTenant(t.app)
    for (let i = 0; i < 5; i++) await login(admin.email, `wrong password ${i}`)
    expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(429)
    const before = smtp.received.length
    await post('/api/v1/auth/password-reset', { email: admin.email })
    const token = tokenFrom((await smtp.waitFor(before + 1))[before]!.text)
    expect((await post('/api/v1/auth/password-reset/confirm', { token, password: 'unlocked password 1' })).statusCode).toBe(204)
    expect((await login(admin.email, 'unlocked password 1')).statusCode).toBe(200)
  })

  it('limits reset requests to 10 a minute from one address', async () => {
    const ip = '10.77.0.1'
    const codes = []
    for (let i = 0; i < 11; i++) {
      const response = await t.http.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: `nobody-${i}@example.test` }, remoteAddress: ip })
      codes.push(response.statusCode)
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(202))
    expect(codes[10]).toBe(429)
  })
})
