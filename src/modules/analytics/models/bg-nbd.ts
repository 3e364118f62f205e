/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a
 * customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). Fitted by maximum likelihood on (x, t_x, T) per customer:
 * x = repeat purchases, t_x = time of the last purchase, T = time since the first, in one unit.
 */
import betaln from '@stdlib/math-base-special-betaln'
import gammaln from '@stdlib/math-base-special-gammaln'
import hyp2f1 from '@stdlib/math-base-special-hyp2f1'
import { minimize } from './nelder-mead.ts'

export interface Rfm {
  /** Repeat purchases (all purchases − 1). */
  frequency: number
  /** Time of the last purchase, counted from the first. */
  recency: number
  /** Time from the first purchase to the end of the observation. */
  age: number
}

export interface BgNbdParams {
  r: number
  alpha: number
  a: number
  b: number
}

const logAddExp = (x: number, y: number) => {
  const m = Math.max(x, y)
  return m === Number.NEGATIVE_INFINITY ? m : m + Math.log(Math.exp(x - m) + Math.exp(y - m))
}

/** Log-likelihood of one customer's history. */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, age: T }: Rfm): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha)
  const a2 = betaln(a, b + x) - betaln(a, b)
  const a3 = -(r + x) * Math.log(alpha + T)
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY
  return a1 + a2 + logAddExp(a3, a4)
}

export interface FitResult<P> {
  params: P
  logLikelihood: number
  converged: boolean
  iterations: number
}

/** Maximum-likelihood fit; parameters are searched on a log scale so they stay positive. */
export function fitBgNbd(customers: readonly Rfm[], start: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 }): FitResult<BgNbdParams> {
  if (customers.length === 0) throw new Error('BG/NBD needs at least one customer')
  // Customers with the same history contribute the same term: count them once. The terms that
  // depend on x alone (gammaln, betaln) are computed once per x and evaluation, not per history.
  const groups = new Map<string, { rfm: Rfm; n: number }>()
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.age}`
    const g = groups.get(key)
    if (g) g.n++
    else groups.set(key, { rfm: c, n: 1 })
  }
  const byFrequency = new Map<number, { recency: number[]; age: number[]; n: number[] }>()
  for (const { rfm, n } of groups.values()) {
    let g = byFrequency.get(rfm.frequency)
    if (!g) byFrequency.set(rfm.frequency, (g = { recency: [], age: [], n: [] }))
    g.recency.push(rfm.recency)
    g.age.push(rfm.age)
    g.n.push(n)
  }
  const negLogLikelihood = (logs: number[]) => {
    const [r, alpha, a, b] = logs.map(Math.exp) as [number, number, number, number]
    const base = r * Math.log(alpha) - gammaln(r) - betaln(a, b)
    let total = 0
    for (const [x, g] of byFrequency) {
      // As bgNbdLogLikelihood, term by term.
      const shared = base + gammaln(r + x) + betaln(a, b + x)
      const dropOut = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY
      for (let i = 0; i < g.n.length; i++) {
        const a3 = -(r + x) * Math.log(alpha + g.age[i]!)
        const a4 = x > 0 ? dropOut - (r + x) * Math.log(alpha + g.recency[i]!) : Number.NEGATIVE_INFINITY
        total += g.n[i]! * (shared + logAddExp(a3, a4))
      }
    }
    return -total / customers.length
  }
  const result = minimize(negLogLikelihood, [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)], { step: 0.5 })
  const [r, alpha, a, b] = result.point.map(Math.exp) as [number, number, number, number]
  return { params: { r, alpha, a, b }, logLikelihood: -result.value * customers.length, converged: result.converged, iterations: result.iterations }
}

/** Probability that the customer has not dropped out by the end of the observation. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, age: T }: Rfm): number {
  if (x === 0) return 1
  return 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x))
}

/** Expected purchases in the next `t` time units, given the customer's history. */
export function expectedPurchases(params: BgNbdParams, history: Rfm, t: number): number {
  const { r, alpha, a, b } = params
  const { frequency: x, recency: tx, age: T } = history
  const z = t / (alpha + T + t)
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
  const first = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp)
  const second = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1
  return first / second
}
