/**
 * Tenant isolation across the whole API: tenant A's admin walks EVERY route the server
 * registers (collected with an onRoute hook, so new modules are covered without edits)
 * using tenant B's record ids in paths, query filters and bodies. Nothing may succeed on
 * a B record, no response may carry a B id or B text, and B's rows must be unchanged.
 * A deliberately leaky probe route proves the walker notices a leak.
 */
import { sql } from 'kysely'
import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { App } from '../app.ts'
import { hashSecret } from '../platform/auth/credentials.ts'
import { inSystemTransaction } from '../platform/db/transaction.ts'
import { buildHttpServer, type RouteRegistrar } from '../platform/http/server.ts'
import type { HttpServer } from '../platform/http/types.ts'
import { newId } from '../platform/ids.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.ts'
import { createAccount } from './accounts/index.ts'
import { setAccountParent } from './accounts/accounts.hierarchy.ts'
import { createContact } from './contacts/index.ts'
import { createApiToken } from './api-tokens/index.ts'
import { createDeal } from './deals/index.ts'
import { createDocument } from './billing/index.ts'
import { saveMyDay } from './daily-reports/index.ts'
import { createCustomerGroup, createProduct, createShareLink, putConfigurator, setAccountCustomerGroup } from './products/index.ts'
import { createPriceList } from './products/products.service.ts'
import { createRole, listRoles } from './roles/index.ts'
import { routeRegistrars } from './routes.ts'
import { createTeam } from './teams/index.ts'
import { createLead, createWebForm, replaceAssignmentRules, replaceScoringRules } from './leads/index.ts'
import { createComment, setStages } from './customer-360/index.ts'

interface CollectedRoute {
  method: string
  url: string
  body?: z.ZodType
  querystring?: z.ZodType
}

interface Violation {
  request: string
  status: number
  reason: string
}

interface Tenant {
  tenantId: string
  admin: TestUser
  /** A unique string inside every text field of this tenant's records. */
  marker: string
}

let t: TestApp
let a: Tenant
let b: Tenant
let aToken: string

beforeAll(async () => {
  t = await startTestApp({ config: { rateLimitPerMinute: 1_000_000 } })
  a = await seedTenant('A')
  b = await seedTenant('B')
  const adminRoleId = (await asUser(t.app, a.admin, (ctx) => listRoles(ctx, { limit: 200 }))).data.find((r) => r.key === 'admin')!.id
  aToken = (await asUser(t.app, a.admin, (ctx) => createApiToken(ctx, { name: 'isolation walker', roleId: adminRoleId }))).token
}, 120_000)

afterAll(async () => {
  await t?.close()
})

/** One record of every kind, made through the services (so audit rows and events exist too). */
async function seedTenant(label: string): Promise<Tenant> {
  const marker = `ISO${label}${newId().slice(-10).replace(/-/g, '')}`
  const { tenantId, admin } = await createTestTenant(t.app, `${marker} 株式会社`)
  const parent = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: `${marker} 営業本部` }))
  const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: `${marker} 東京`, parentId: parent.id }))
  const role = await asUser(t.app, admin, (ctx) =>
    createRole(ctx, {
      name: `${marker} role`,
      permissions: { objects: { accounts: { create: true, read: true, update: true, delete: false, visibility: 'team' } }, fields: { accounts: { annualRevenue: 'hidden' } } },
    }),
  )
  const member = await createTestUser(t.app, tenantId, { roleId: role.id, teamId: team.id, name: `${marker} member` })
  const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: `${marker} 取引先`, notes: marker, ownerId: member.userId, teamId: team.id }))
  const memberAccount = await asUser(t.app, member, (ctx) => createAccount(ctx, { name: `${marker} 担当取引先` }))
  await asUser(t.app, admin, (ctx) => setAccountParent(ctx, memberAccount.id, { parentAccountId: account.id }))
  await asUser(t.app, admin, (ctx) =>
    createContact(ctx, { familyName: `${marker} 担当者`, emails: [{ type: 'work', address: `${marker.toLowerCase()}@contact.example`, primary: true }], tags: [marker], accountId: account.id }),
  )
  await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: `${marker} token`, roleId: role.id }))
  await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: `${marker} 商談`, notes: marker, amount: 1_000_000, ownerId: member.userId }))
  const product = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: `${marker}-P`, name: `${marker} 製品`, unitPrice: 1000 }))
  const group = await asUser(t.app, admin, (ctx) => createCustomerGroup(ctx, { name: `${marker} 代理店` }))
  await asUser(t.app, admin, (ctx) => setAccountCustomerGroup(ctx, account.id, { customerGroupId: group.id }))
  await asUser(t.app, admin, (ctx) => createPriceList(ctx, { name: `${marker} 価格表`, customerGroupId: group.id, prices: [{ productId: product.id, unitPrice: 900 }] }))
  await asUser(t.app, admin, (ctx) =>
    putConfigurator(ctx, product.id, { optionGroups: [{ key: 'g', name: `${marker} 色`, selection: 'single', required: false, options: [{ key: 'red', name: `${marker} 赤`, priceDelta: 100 }] }], rules: [] }),
  )
  await asUser(t.app, admin, (ctx) => createShareLink(ctx, { name: `${marker} カタログ` }))
  const billed = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: `${marker} 請求先` }))
  await asUser(t.app, admin, (ctx) =>
    createDocument(ctx, { kind: 'invoice', accountId: billed.id, notes: marker, lines: [{ productId: product.id, quantity: 2 }] }),
  )
  await asUser(t.app, admin, (ctx) => saveMyDay(ctx, { date: '2026-11-24', summary: `${marker} 日報` }))
  await asUser(t.app, admin, (ctx) => replaceScoringRules(ctx, { rules: [{ category: 'fit', field: 'industry', operator: 'contains', value: marker, points: 5 }] }))
  await asUser(t.app, admin, (ctx) =>
    replaceAssignmentRules(ctx, { rules: [{ name: `${marker} 割り当て`, field: 'prefecture', operator: 'in', value: '東京都', assignToUserId: member.userId }] }),
  )
  await asUser(t.app, admin, (ctx) => createWebForm(ctx, { name: `${marker} フォーム`, fields: [{ key: 'email', required: true }], ownerId: member.userId }))
  await asUser(t.app, admin, (ctx) =>
    createLead(ctx, { familyName: `${marker} 見込み`, companyName: `${marker} 商会`, email: `${marker.toLowerCase()}@lead.example`, notes: marker, ownerId: member.userId }),
  )
  await asUser(t.app, admin, (ctx) => setStages(ctx, 'accounts', account.id, { lifecycleStage: 'retention', customerType: 'loyal' }))
  await asUser(t.app, admin, (ctx) => createComment(ctx, { recordType: 'accounts', recordId: account.id, body: `${marker} コメント`, mentionUserIds: [member.userId] }))
  // Invitations are written directly: the walk must not depend on how (or whether) the
  // invitations module creates them.
  await inSystemTransaction(t.app.db, (tx) =>
    tx
      .insertInto('invitations')
      .values({
        id: newId(),
        tenantId,
        email: `${marker.toLowerCase()}@example.test`,
        roleId: role.id,
        teamId: team.id,
        tokenHash: hashSecret(newId()),
        invitedBy: admin.userId,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .execute(),
  )
  return { tenantId, admin, marker }
}

/** Every tenant-scoped table (any table with a tenant_id column), found in the catalogue. */
async function tenantTables(app: App): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select table_name as name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by table_name`.execute(app.db)
  return result.rows.map((r) => r.name)
}

/** All of a tenant's rows, table by table, plus its tenant row and its members' user rows. */
async function snapshotTenant(app: App, tenantId: string): Promise<Record<string, unknown[]>> {
  const tables = await tenantTables(app)
  return inSystemTransaction(app.db, async (tx) => {
    const snapshot: Record<string, unknown[]> = {}
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(tx)
      snapshot[table] = rows.rows.map((row) => JSON.parse(JSON.stringify(row))).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
    }
    snapshot.tenants = (await sql`select * from tenants where id = ${tenantId}`.execute(tx)).rows
    snapshot.users = (
      await sql`select u.* from users u join memberships m on m.user_id = u.id where m.tenant_id = ${tenantId} order by u.id`.execute(tx)
    ).rows
    return snapshot
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Every uuid that identifies something of the tenant: row ids, member user ids, the tenant id. */
async function tenantIds(snapshot: Record<string, unknown[]>, tenantId: string): Promise<{ all: Set<string>; probes: string[] }> {
  const all = new Set<string>([tenantId])
  const probes: string[] = [tenantId]
  for (const [table, rows] of Object.entries(snapshot)) {
    const ids = rows.map((row) => (row as { id?: unknown }).id).filter((id): id is string => typeof id === 'string' && UUID.test(id))
    ids.forEach((id) => all.add(id))
    // A few per table keep the walk quick; every one still counts as a leak if it shows up.
    probes.push(...ids.slice(0, table === 'audit_log' || table === 'outbox_events' ? 2 : 4))
  }
  return { all, probes: [...new Set(probes)] }
}

/** Unwraps optional/nullable/default wrappers of a Zod schema. */
function inner(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type) && def.innerType) return inner(def.innerType)
  if (def.type === 'pipe' && def.in) return inner(def.in)
  return schema
}

function defOf(schema: z.ZodType): Record<string, unknown> & { type: string } {
  return (inner(schema) as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
}

function isOptional(schema: z.ZodType): boolean {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional'
}

/** A plausible value for a schema, with `uuid` wherever an id goes. */
function sample(schema: z.ZodType, uuid: string, email: string, key = ''): unknown {
  const def = defOf(schema)
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sample(v, uuid, email, k)]))
    }
    case 'string': {
      const format = def.format as string | undefined
      if (format === 'uuid' || format === 'guid') return uuid
      if (format === 'email') return email
      if (format === 'datetime') return new Date(Date.now() + 86_400_000).toISOString()
      if (format === 'url') return 'https://example.test/'
      if (/password/i.test(key)) return 'isolation probe password'
      if (/^(key|token)$/i.test(key)) return 'probe'
      if (/id$/i.test(key)) return uuid
      return 'isolation probe'
    }
    case 'number':
    case 'int':
    case 'bigint':
      return 1
    case 'boolean':
      return false
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0]
    case 'literal':
      return (def.values as unknown[])[0]
    case 'array':
      return [sample(def.element as z.ZodType, uuid, email, key)]
    case 'record':
      return {}
    case 'union':
      return sample((def.options as z.ZodType[])[0]!, uuid, email, key)
    default:
      return undefined
  }
}

/** Bodies to try: all fields, required fields only, and required plus each optional field alone. */
function bodies(schema: z.ZodType | undefined, uuid: string, email: string): unknown[] {
  if (!schema) return [undefined]
  const def = defOf(schema)
  if (def.type !== 'object') return [sample(schema, uuid, email)]
  const shape = def.shape as Record<string, z.ZodType>
  const full = sample(schema, uuid, email) as Record<string, unknown>
  const required = Object.fromEntries(Object.entries(full).filter(([k]) => !isOptional(shape[k]!)))
  const variants: unknown[] = [full, required]
  for (const key of Object.keys(shape)) if (isOptional(shape[key]!)) variants.push({ ...required, [key]: full[key] })
  return variants
}

/** Query-string variants for a list route: none, then each id-like filter set to a B id. */
function queries(schema: z.ZodType | undefined, uuid: string): string[] {
  const variants = ['']
  if (!schema) return variants
  const def = defOf(schema)
  if (def.type !== 'object') return variants
  for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
    const fieldDef = defOf(field)
    if (fieldDef.type === 'string' && (fieldDef.format === 'uuid' || /id$/i.test(key))) variants.push(`?${key}=${uuid}`)
  }
  return variants
}

/** Builds a server with the app's registrars (plus extras) and records every route they add. */
async function serverWithRouteList(app: App, extra: RouteRegistrar[] = []): Promise<{ http: HttpServer; routes: CollectedRoute[] }> {
  const routes: CollectedRoute[] = []
  const collect: RouteRegistrar = (http) => {
    http.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue
        const schema = (route.schema ?? {}) as { body?: z.ZodType; querystring?: z.ZodType }
        routes.push({ method, url: route.url, body: schema.body, querystring: schema.querystring })
      }
    })
  }
  const http = await buildHttpServer(app, [collect, ...routeRegistrars, ...extra])
  await http.ready()
  return { http, routes: routes.filter((r) => r.url.startsWith('/api/v1/')) }
}

/** Walks every route as A's admin with B's ids and returns what went wrong. */
async function walk(http: HttpServer, routes: CollectedRoute[], bIds: { all: Set<string>; probes: string[] }): Promise<{ violations: Violation[]; requests: number }> {
  const violations: Violation[] = []
  let requests = 0
  const bEmail = b.admin.email
  // Free-text fields echo what they are given, so the walk never sends B's own text or email.
  const probeEmail = 'isolation-probe@example.test'
  const leakIn = (body: string, allowed: string | null): string | null => {
    if (body.includes(b.marker)) return `contains B's text ${b.marker}`
    if (body.includes(bEmail)) return `contains B's email`
    for (const id of bIds.all) if (id !== allowed && body.includes(id)) return `contains B's id ${id}`
    return null
  }
  // A request that carries no B id is the same whatever the probe: sending it once per probe only
  // repeats work (and, for create routes with many optional fields, thousands of identical writes).
  const sent = new Set<string>()
  for (const route of routes) {
    const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!)
    for (const probe of bIds.probes) {
      const path = params.reduce((url, name) => url.replace(`:${name}`, probe), route.url)
      const urls = params.length > 0 ? [path] : route.method === 'GET' ? queries(route.querystring, probe).map((q) => path + q) : [path]
      const payloads = route.method === 'GET' || route.method === 'DELETE' ? [undefined] : bodies(route.body, probe, probeEmail)
      for (const url of urls) {
        for (const payload of payloads) {
          const key = `${route.method} ${url} ${JSON.stringify(payload ?? null)}`
          if (!key.includes(probe) && sent.has(key)) continue
          sent.add(key)
          const response = await http.inject({
            method: route.method as 'GET',
            url,
            headers: { authorization: `Bearer ${aToken}` },
            ...(payload !== undefined ? { payload: payload as object } : {}),
          })
          requests++
          const label = `${route.method} ${url}${payload !== undefined ? ` ${JSON.stringify(payload)}` : ''}`
          // 429: a public route's own rate limit (e.g. invitation preview, 30/min) stopped the walk's
          // many probes — a refusal too; its body is still checked for leaks below.
          if (params.length > 0 && ![400, 401, 403, 404, 429].includes(response.statusCode)) {
            violations.push({ request: label, status: response.statusCode, reason: 'a B id in the path was not refused with 400/401/403/404/429' })
          }
          // An error may name the id it was given; a success may not mention B at all.
          const leak = leakIn(response.body, response.statusCode >= 400 ? probe : null)
          if (leak) violations.push({ request: label, status: response.statusCode, reason: leak })
        }
      }
      // A route that takes no id anywhere needs one pass, not one per probe.
      if (params.length === 0 && !route.body && (route.method !== 'GET' || !route.querystring)) break
    }
  }
  return { violations, requests }
}

describe('tenant isolation', () => {
  it("tenant A's admin can neither read, change nor reference anything of tenant B through any route", async () => {
    const before = await snapshotTenant(t.app, b.tenantId)
    const bIds = await tenantIds(before, b.tenantId)
    // The seed really made one of everything (a table left empty here would go untested).
    for (const table of ['leads', 'lead_web_forms', 'lead_scoring_rules', 'lead_assignment_rules', 'accounts', 'contacts', 'account_contacts', 'teams', 'roles', 'memberships', 'api_tokens', 'invitations', 'audit_log', 'outbox_events']) {
      expect(before[table]!.length, table).toBeGreaterThan(0)
    }
    const { http, routes } = await serverWithRouteList(t.app)
    try {
      // The walk must cover at least what this file knows exists; anything newer comes on its own.
      const known = ['GET /api/v1/accounts/:id', 'PATCH /api/v1/users/:id', 'DELETE /api/v1/teams/:id', 'GET /api/v1/roles', 'DELETE /api/v1/api-tokens/:id', 'GET /api/v1/audit']
      const seen = new Set(routes.map((r) => `${r.method} ${r.url}`))
      for (const route of known) expect(seen, route).toContain(route)
      // ISOLATION_ONLY=/leads walks only the routes whose path contains it (a quick check of one module).
      const only = process.env.ISOLATION_ONLY
      const { violations, requests } = await walk(http, only ? routes.filter((r) => r.url.includes(only)) : routes, bIds)
      if (!only) expect(requests).toBeGreaterThan(routes.length)
      if (process.env.ISOLATION_DEBUG) {
        console.log(`${requests} requests over ${routes.length} routes:\n${[...seen].join('\n')}`)
        console.log([...new Set(violations.map((v) => `${v.status} ${v.request.slice(0, 160)} :: ${v.reason}`))].slice(0, 60).join('\n'))
      }
      expect(violations).toEqual([])
      // The walker's own credentials survived the walk (so no answer above was a mere 401).
      expect((await http.inject({ method: 'GET', url: '/api/v1/teams', headers: { authorization: `Bearer ${aToken}` } })).statusCode).toBe(200)
    } finally {
      await http.close()
    }
    expect(await snapshotTenant(t.app, b.tenantId)).toEqual(before)
    // Nothing A stored during the walk may point at B (a write that accepted a B reference).
    const aRows = JSON.stringify(await snapshotTenant(t.app, a.tenantId))
    expect(aRows).not.toContain(b.marker)
    for (const id of bIds.all) expect(aRows.includes(id), `A's rows reference B's ${id}`).toBe(false)
  }, 900_000) // every route × every probe id: the walk grows with the API (4–5 minutes on a busy 2-core machine at 2026-12)

  it('the walker catches a route that reads across tenants', async () => {
    // A route that forgets tenant scoping (a system transaction) must be reported.
    const leaky: RouteRegistrar = (http, app) => {
      http.get('/api/v1/zz-leak-probe/:id', async (request) => {
        const { id } = request.params as { id: string }
        const row = await inSystemTransaction(app.db, (tx) => tx.selectFrom('accounts').select(['id', 'name']).where('id', '=', id).executeTakeFirst())
        return row ?? { found: false }
      })
      http.get('/api/v1/zz-leak-list', async () => inSystemTransaction(app.db, (tx) => tx.selectFrom('teams').select(['id', 'name']).execute()))
    }
    const before = await snapshotTenant(t.app, b.tenantId)
    const bIds = await tenantIds(before, b.tenantId)
    const { http, routes } = await serverWithRouteList(t.app, [leaky])
    try {
      const probes = routes.filter((r) => r.url.startsWith('/api/v1/zz-leak'))
      expect(probes).toHaveLength(2)
      const { violations } = await walk(http, probes, bIds)
      expect(violations.some((v) => v.request.startsWith('GET /api/v1/zz-leak-probe/'))).toBe(true)
      expect(violations.some((v) => v.request.startsWith('GET /api/v1/zz-leak-list') && /B's (id|text)/.test(v.reason))).toBe(true)
    } finally {
      await http.close()
    }
  }, 120_000)
})
