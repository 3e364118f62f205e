import betaRandom from '@stdlib/random-base-beta'
import gammaRandom from '@stdlib/random-base-gamma'
import { describe, expect, it } from 'vitest'
import { bgNbdLogLikelihood, type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive, type Rfm } from './bg-nbd.ts'
import { customerValue } from './clv.ts'
import { expectedAverageValue, fitGammaGamma, gammaGammaLogLikelihood, type GammaGammaParams, type Spend } from './gamma-gamma.ts'
import { minimize } from './nelder-mead.ts'

/** Seeded generators, so every run draws the same customers. */
function generators(seed: number) {
  const uniform = mulberry32(seed)
  return {
    uniform,
    gamma: (shape: number, rate: number) => gammaRandom.factory(shape, rate, { seed: Math.floor(uniform() * 2 ** 31) + 1 })(),
    beta: (a: number, b: number) => betaRandom.factory(a, b, { seed: Math.floor(uniform() * 2 ** 31) + 1 })(),
    exponential: (rate: number) => -Math.log(1 - uniform()) / rate,
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Customers drawn from the BG/NBD story itself: Poisson purchases, drop-out after each repeat purchase. */
function simulateBgNbd(n: number, { r, alpha, a, b }: BgNbdParams, seed: number): Rfm[] {
  const g = generators(seed)
  const customers: Rfm[] = []
  for (let i = 0; i < n; i++) {
    const lambda = g.gamma(r, alpha)
    const p = g.beta(a, b)
    const age = 20 + Math.floor(g.uniform() * 41) // observed for 20–60 weeks since their first purchase
    let time = 0
    let frequency = 0
    let recency = 0
    for (;;) {
      time += g.exponential(lambda)
      if (time >= age) break
      frequency++
      recency = time
      if (g.uniform() < p) break
    }
    // Whole days (the unit is a week), as purchase dates are: equal histories fit as one.
    const day = (weeks: number) => Math.round(weeks * 7) / 7
    customers.push({ frequency, recency: day(recency), age: day(age) })
  }
  return customers
}

const TRUE_PURCHASES: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } // CDNOW fit in Fader, Hardie & Lee (2005)

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimize(([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2, [-1.2, 1])
    expect(result.converged).toBe(true)
    expect(result.point[0]).toBeCloseTo(1, 4)
    expect(result.point[1]).toBeCloseTo(1, 4)
  })
})

describe('BG/NBD', () => {
  it('matches the paper: E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 with the CDNOW parameters', () => {
    expect(expectedPurchases(TRUE_PURCHASES, { frequency: 2, recency: 30.43, age: 38.86 }, 39)).toBeCloseTo(1.226, 3)
  })

  it('a customer who has not bought again is surely alive; a long silence after many purchases is not', () => {
    expect(probabilityAlive(TRUE_PURCHASES, { frequency: 0, recency: 0, age: 30 })).toBe(1)
    const recent = probabilityAlive(TRUE_PURCHASES, { frequency: 10, recency: 38, age: 39 })
    const silent = probabilityAlive(TRUE_PURCHASES, { frequency: 10, recency: 5, age: 39 })
    expect(recent).toBeGreaterThan(0.9)
    expect(silent).toBeLessThan(0.1)
  })

  it('recovers the parameters it generated data from (10,000 simulated customers)', () => {
    const customers = simulateBgNbd(10_000, TRUE_PURCHASES, 7)
    const fit = fitBgNbd(customers)
    expect(fit.converged).toBe(true)
    // Maximum likelihood: the fit explains the data at least as well as the truth …
    const atTruth = customers.reduce((sum, c) => sum + bgNbdLogLikelihood(TRUE_PURCHASES, c), 0)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth - 1e-6)
    // … and lands near it.
    expect(fit.params.r).toBeCloseTo(TRUE_PURCHASES.r, 1)
    expect(Math.abs(fit.params.alpha / TRUE_PURCHASES.alpha - 1)).toBeLessThan(0.2)
    expect(Math.abs(fit.params.a / TRUE_PURCHASES.a - 1)).toBeLessThan(0.3)
    expect(Math.abs(fit.params.b / TRUE_PURCHASES.b - 1)).toBeLessThan(0.35)
    // Population check: predicted repeat purchases in the observed window ≈ what was observed.
    const predicted = customers.reduce((sum, c) => sum + expectedPurchases(fit.params, { frequency: 0, recency: 0, age: 0 }, c.age), 0)
    const observed = customers.reduce((sum, c) => sum + c.frequency, 0)
    expect(Math.abs(predicted / observed - 1)).toBeLessThan(0.05)
  }, 120_000) // a pure-CPU fit: seconds alone, far more beside a full test run on two cores
})

describe('Gamma-Gamma', () => {
  const TRUE_SPEND: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 } // CDNOW fit in Fader, Hardie & Lee (2005), dollars

  function simulateSpend(n: number, { p, q, v }: GammaGammaParams, seed: number): Spend[] {
    const g = generators(seed)
    return Array.from({ length: n }, () => {
      const nu = g.gamma(q, v)
      const frequency = 1 + Math.floor(g.uniform() * 8)
      let total = 0
      for (let i = 0; i < frequency; i++) total += g.gamma(p, nu)
      return { frequency, meanValue: total / frequency }
    })
  }

  it('recovers p, q and ν from simulated spend, in yen as well as dollars', () => {
    const customers = simulateSpend(5_000, TRUE_SPEND, 11)
    const fit = fitGammaGamma(customers)
    expect(fit.converged).toBe(true)
    const atTruth = customers.reduce((sum, c) => sum + gammaGammaLogLikelihood(TRUE_SPEND, c), 0)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth - 1e-6)
    expect(Math.abs(fit.params.p / TRUE_SPEND.p - 1)).toBeLessThan(0.15)
    expect(Math.abs(fit.params.q / TRUE_SPEND.q - 1)).toBeLessThan(0.2)
    expect(Math.abs(fit.params.v / TRUE_SPEND.v - 1)).toBeLessThan(0.25)
    // The same customers in yen (×150): the shapes stay, the scale follows the money.
    const yen = fitGammaGamma(customers.map((c) => ({ ...c, meanValue: c.meanValue * 150 })))
    expect(yen.params.p).toBeCloseTo(fit.params.p, 2)
    expect(yen.params.q).toBeCloseTo(fit.params.q, 2)
    expect(yen.params.v / 150).toBeCloseTo(fit.params.v, 1)
  }, 120_000) // a pure-CPU fit: seconds alone, far more beside a full test run on two cores

  it('shrinks a customer’s own mean toward the population mean, less so with more purchases', () => {
    const population = expectedAverageValue(TRUE_SPEND, { frequency: 0, meanValue: 0 })
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 6)
    const one = expectedAverageValue(TRUE_SPEND, { frequency: 1, meanValue: 100 })
    const ten = expectedAverageValue(TRUE_SPEND, { frequency: 10, meanValue: 100 })
    expect(one).toBeGreaterThan(population)
    expect(one).toBeLessThan(ten)
    expect(ten).toBeLessThan(100)
  })
})

describe('CLV', () => {
  it('is expected purchases × expected value, discounted; zero discount gives the plain product', () => {
    const spend: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 }
    const history = { frequency: 2, recency: 30.43, age: 38.86, meanValue: 40 }
    const plain = customerValue(TRUE_PURCHASES, spend, history, { horizon: 39, discountRate: 0 })
    expect(plain.expectedPurchases).toBeCloseTo(1.226, 3)
    expect(plain.clv).toBeCloseTo(plain.expectedPurchases * plain.expectedAverageValue, 6)
    const discounted = customerValue(TRUE_PURCHASES, spend, history, { horizon: 39, discountRate: 0.01 })
    expect(discounted.clv).toBeLessThan(plain.clv)
    expect(discounted.clv).toBeGreaterThan(plain.clv * 0.6)
  })
})
