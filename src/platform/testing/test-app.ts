/**
 * Test support: a real app on a copy of the golden database (PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set), an in-process HTTP client, and small data factories.
 */
import type { LightMyRequestResponse } from 'fastify'
import { createApp, createHttpServer, type App } from '../../app.ts'
import { addMembership, createTenant, createUserAccount } from '../../modules/tenancy/index.ts'
import { loadConfig, type Config } from '../config.ts'
import type { ServiceContext } from '../context.ts'
import { inSystemTransaction, inTenantTransaction } from '../db/transaction.ts'
import { createLogger } from '../logger.ts'
import type { MailMessage, Mailer } from '../mail/mailer.ts'
import { resolveMembershipActor } from '../auth/actor.ts'

import { CSRF_HEADER, SESSION_COOKIE } from '../http/server.ts'
import type { HttpServer } from '../http/types.ts'
import { cloneGoldenDatabase } from './golden.ts'

export interface TestApp {
  app: App
  http: HttpServer
  /** Emails the app sent (unless a real mailer or an SMTP server was given). */
  outbox: MailMessage[]
  close(): Promise<void>
}

export async function startTestApp(options: { config?: Partial<Config>; mailer?: Mailer } = {}): Promise<TestApp> {
  const copy = await cloneGoldenDatabase()
  const outbox: MailMessage[] = []
  // With an SMTP server in the config (tests of real delivery) the app builds its real mailer.
  const mailer: Mailer | undefined = options.mailer ?? (options.config?.smtp ? undefined : { send: async (message) => void outbox.push(message) })
  const env = { ...process.env, NODE_ENV: 'test' }
  const config = loadConfig(env, {
    // Every test signs in from 127.0.0.1, so the per-IP sign-in throttle would trip in any
    // busy test file; the auth tests pass their own limits.
    login: { ...loadConfig(env).login, maxAttemptsPerIpPerMinute: 10_000 },
    databaseUrl: copy.databaseUrl,
    dataDir: copy.dataDir,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    poolSize: 10,
    // Many tests change sessions, tokens or roles straight in SQL and expect the next request
    // to see it; credential-cache.test.ts covers the cache with it switched on.
    authCacheMs: 0,
    ...options.config,
  })
  const app = await createApp({ config, logger: createLogger(config.logLevel), mailer })
  const http = await createHttpServer(app)
  await http.ready()
  return {
    app,
    http,
    outbox,
    close: async () => {
      await http.close()
      await app.close()
      await copy.drop()
    },
  }
}

export const TEST_PASSWORD = 'correct horse battery staple'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

export interface TestUser {
  userId: string
  email: string
  password: string
  tenantId: string
}

/** A tenant with an admin user. */
export async function createTestTenant(app: App, name = `Tenant ${unique()}`): Promise<{ tenantId: string; admin: TestUser }> {
  return inSystemTransaction(app.db, async (tx) => {
    const tenant = await createTenant(tx, { name, slug: `t-${unique()}` })
    const email = `admin-${unique()}@example.test`
    const userId = await createUserAccount(tx, { email, name: `Admin ${name}`, password: TEST_PASSWORD })
    await addMembership(tx, { tenantId: tenant.id, userId, roleKey: 'admin' })
    return { tenantId: tenant.id, admin: { userId, email, password: TEST_PASSWORD, tenantId: tenant.id } }
  })
}

/** A user in the tenant with a built-in role (by key) or a role id. */
export async function createTestUser(
  app: App,
  tenantId: string,
  role: { roleKey?: string; roleId?: string; teamId?: string | null; name?: string } = {},
): Promise<TestUser> {
  return inSystemTransaction(app.db, async (tx) => {
    const email = `user-${unique()}@example.test`
    const userId = await createUserAccount(tx, { email, name: role.name ?? `User ${email}`, password: TEST_PASSWORD })
    await addMembership(tx, { tenantId, userId, roleKey: role.roleKey, roleId: role.roleId, teamId: role.teamId })
    return { userId, email, password: TEST_PASSWORD, tenantId }
  })
}

export interface Credentials {
  cookie?: string
  csrfToken?: string
  bearer?: string
}

/** Signs in through the real login route and returns the cookie and CSRF token. */
export async function signIn(http: HttpServer, user: { email: string; password: string }): Promise<Credentials> {
  const response = await http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } })
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`)
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)
  if (!cookie) throw new Error('sign-in set no session cookie')
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken }
}

/** An in-process API client acting with the given credentials. */
export function client(http: HttpServer, credentials: Credentials = {}) {
  const request = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = {}
    if (credentials.cookie) headers.cookie = credentials.cookie
    if (credentials.csrfToken && method !== 'GET') headers[CSRF_HEADER] = credentials.csrfToken
    if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`
    return http.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  }
  return {
    get: (url: string) => request('GET', url),
    post: (url: string, payload?: unknown) => request('POST', url, payload ?? {}),
    patch: (url: string, payload: unknown) => request('PATCH', url, payload),
    put: (url: string, payload: unknown) => request('PUT', url, payload),
    delete: (url: string) => request('DELETE', url),
  }
}

/** A service context for a user, for service-level tests (runs `work` in a tenant transaction). */
export async function asUser<T>(app: App, user: { userId: string; tenantId: string }, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const actor = await resolveMembershipActor(app.db, user.userId, user.tenantId)
  if (!actor) throw new Error('user is not an active member of the tenant')
  return inTenantTransaction(app.db, user.tenantId, (tx) => work({ actor, tx, requestId: null, ip: null }))
}


