import betaRandom from '@stdlib/random-base-beta'
import gammaRandom from '@stdlib/random-base-gamma'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { client, createTestTenant, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { expectedAverageValue } from './models/gamma-gamma.ts'
import { computeCustomerScores } from './customer-scores.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const TODAY = '2026-11-30'
const DAY = 86_400_000

/** A seeded uniform source, so every run draws the same customers. */
function uniformSource(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = s
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Order dates drawn from the BG/NBD story with known parameters (rates per week): each customer buys at a
 * Poisson rate λ ~ Gamma(r, α) from a first purchase 30–80 weeks before today and drops out after a
 * repeat purchase with probability p ~ Beta(a, b). Spend per order ~ Gamma(p=6, ν), ν ~ Gamma(q=4, γ=0.0004).
 */
function simulate(customers: number, seed: number): { day: string; total: number }[][] {
  const u = uniformSource(seed)
  const gamma = (shape: number, rate: number) => gammaRandom.factory(shape, rate, { seed: Math.floor(u() * 2 ** 31) + 1 })()
  const beta = (a: number, b: number) => betaRandom.factory(a, b, { seed: Math.floor(u() * 2 ** 31) + 1 })()
  const today = Date.parse(TODAY)
  return Array.from({ length: customers }, () => {
    const lambda = gamma(0.8, 6)
    const dropout = beta(0.6, 3)
    const nu = gamma(4, 1 / 0.0004)
    const ageWeeks = 30 + Math.floor(u() * 51)
    const orders: { day: string; total: number }[] = []
    let week = 0
    for (;;) {
      orders.push({ day: new Date(today - Math.round((ageWeeks - week) * 7) * DAY).toISOString().slice(0, 10), total: Math.round(gamma(6, nu)) + 1 })
      if (orders.length > 1 && u() < dropout) break
      week += -Math.log(1 - u()) / lambda
      if (week > ageWeeks) break
    }
    return orders
  })
}

async function loadHistory(tenantId: string, histories: { day: string; total: number }[][]): Promise<string[]> {
  const accountIds = histories.map(() => newId())
  await inTenantTransaction(t.app.db, tenantId, async (tx) => {
    await tx.insertInto('accounts').values(accountIds.map((id, i) => ({ id, tenantId, name: `顧客${i}` }))).execute()
    const orders = histories.flatMap((orders, i) =>
      orders.map((o, k) => ({ id: newId(), tenantId, kind: 'order' as const, number: `O-${i}-${k}`, status: 'fulfilled', accountId: accountIds[i]!, recipientName: `顧客${i}`, issueDate: o.day, subtotal: o.total, total: o.total })),
    )
    for (let at = 0; at < orders.length; at += 1000) await tx.insertInto('salesDocuments').values(orders.slice(at, at + 1000)).execute()
  })
  return accountIds
}

describe('customer lifetime value', () => {
  it('fits BG/NBD and Gamma-Gamma on the purchase history and recovers the parameters the orders were drawn from', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    await loadHistory(tenantId, simulate(2500, 7))
    const { clv: model } = await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY }))
    expect(model).not.toBeNull()
    expect(model!.customers).toBe(2500)
    expect(model!.converged).toBe(true)
    const { r, alpha, a, b } = model!.bgNbd
    // Same-day purchases merge and days round the times, so allow a margin around the truth (0.8, 6, 0.6, 3).
    expect(r).toBeGreaterThan(0.8 * 0.7)
    expect(r).toBeLessThan(0.8 * 1.3)
    expect(r / alpha).toBeGreaterThan((0.8 / 6) * 0.75) // the mean purchase rate per week
    expect(r / alpha).toBeLessThan((0.8 / 6) * 1.25)
    expect(a / (a + b)).toBeGreaterThan((0.6 / 3.6) * 0.6) // the mean drop-out probability
    expect(a / (a + b)).toBeLessThan((0.6 / 3.6) * 1.4)
    // Gamma-Gamma: the population mean order value p·γ/(q−1) = 6 × 2500 / 3 = 5,000 yen.
    const { p, q, v } = model!.gammaGamma!
    expect((p * v) / (q - 1)).toBeGreaterThan(5000 * 0.8)
    expect((p * v) / (q - 1)).toBeLessThan(5000 * 1.2)

    const api = client(t.http, await signIn(t.http, admin))
    const fetched = (await api.get('/api/v1/analytics/clv/model')).json()
    expect(fetched.model).toMatchObject({ customers: 2500, horizonMonths: 12, bgNbd: { r } })
  }, 120_000) // fitting takes seconds alone, far more beside a full test run on two cores

  it('ranks a recent frequent buyer above a lapsed one with the same purchases, and leaves prospects without figures', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    // Background customers to fit on, then three of interest.
    const background = simulate(300, 11)
    const weekly = Array.from({ length: 20 }, (_, k) => ({ day: new Date(Date.parse(TODAY) - (140 - k * 7) * DAY).toISOString().slice(0, 10), total: 10_000 }))
    const lapsed = weekly.map((o) => ({ ...o, day: new Date(Date.parse(o.day) - 300 * DAY).toISOString().slice(0, 10) }))
    const ids = await loadHistory(tenantId, [...background, weekly, lapsed])
    const [recentId, lapsedId] = ids.slice(-2)
    const prospectId = newId()
    await inTenantTransaction(t.app.db, tenantId, (tx) => tx.insertInto('accounts').values({ id: prospectId, tenantId, name: '見込み商事' }).execute())
    const { clv: model } = await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY }))
    const api = client(t.http, await signIn(t.http, admin))
    const score = async (id: string) => (await api.get(`/api/v1/analytics/rfm/customers/${id}`)).json()
    const recent = await score(recentId!)
    const old = await score(lapsedId!)
    expect(recent.probabilityAlive).toBeGreaterThan(0.9)
    expect(old.probabilityAlive).toBeLessThan(0.1)
    expect(recent.clv).toBeGreaterThan(old.clv * 10)
    expect(recent.expectedPurchases).toBeGreaterThan(10) // about weekly for a year, discounted by the chance of leaving
    expect(recent.expectedOrderValue).toBeGreaterThan(5000)
    // The order value is computed in SQL: it must agree with the model's formula (19 repeat purchases of 10,000 yen).
    expect(recent.expectedOrderValue).toBeCloseTo(expectedAverageValue(model!.gammaGamma!, { frequency: 19, meanValue: 10_000 }), 1)
    expect(await score(prospectId)).toMatchObject({ segment: 'prospect', probabilityAlive: null, clv: null })
    const rows = await inTenantTransaction(t.app.db, tenantId, (tx) => sql<{ n: number }>`select count(*)::int as n from customer_scores where clv is not null`.execute(tx))
    expect(rows.rows[0]!.n).toBe(302)
  })

  it('fits nothing with too little history, and says so through the API', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    await loadHistory(tenantId, simulate(5, 3))
    const { clv: model } = await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY }))
    expect(model).toBeNull()
    expect((await client(t.http, await signIn(t.http, admin)).get('/api/v1/analytics/clv/model')).json()).toEqual({ model: null })
  })
})
