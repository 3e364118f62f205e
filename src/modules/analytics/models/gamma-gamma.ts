/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's
 * transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. Fitted on
 * customers with at least one repeat purchase: (x repeat purchases, their mean value m).
 */
import gammaln from '@stdlib/math-base-special-gammaln'
import type { FitResult } from './bg-nbd.ts'
import { minimize } from './nelder-mead.ts'

export interface GammaGammaParams {
  p: number
  q: number
  v: number
}

export interface Spend {
  /** Repeat purchases counted in the mean (≥ 1). */
  frequency: number
  /** Mean value of those purchases (> 0). */
  meanValue: number
}

export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, { frequency: x, meanValue: m }: Spend): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * m + v)
  )
}

export function fitGammaGamma(customers: readonly Spend[], start: GammaGammaParams = { p: 1, q: 1, v: 1 }): FitResult<GammaGammaParams> {
  const usable = customers.filter((c) => c.frequency >= 1 && c.meanValue > 0)
  if (usable.length === 0) throw new Error('Gamma-Gamma needs customers with repeat purchases')
  // Money scales vary by orders of magnitude (yen); fitting on a unit scale keeps the simplex well shaped.
  const scale = usable.reduce((s, c) => s + c.meanValue, 0) / usable.length
  const scaled = usable.map((c) => ({ frequency: c.frequency, meanValue: c.meanValue / scale }))
  // As gammaGammaLogLikelihood, with the terms that depend on x alone computed once per x and evaluation.
  const byFrequency = new Map<number, { mean: number[]; logMean: number[] }>()
  for (const c of scaled) {
    let g = byFrequency.get(c.frequency)
    if (!g) byFrequency.set(c.frequency, (g = { mean: [], logMean: [] }))
    g.mean.push(c.meanValue)
    g.logMean.push(Math.log(c.meanValue))
  }
  const negLogLikelihood = (logs: number[]) => {
    const [p, q, v] = logs.map(Math.exp) as [number, number, number]
    const base = q * Math.log(v) - gammaln(q)
    let total = 0
    for (const [x, g] of byFrequency) {
      const px = p * x
      total += g.mean.length * (base + gammaln(px + q) - gammaln(px) + px * Math.log(x))
      for (let i = 0; i < g.mean.length; i++) total += (px - 1) * g.logMean[i]! - (px + q) * Math.log(x * g.mean[i]! + v)
    }
    return -total / scaled.length
  }
  const result = minimize(negLogLikelihood, [Math.log(start.p), Math.log(start.q), Math.log(start.v / scale)], { step: 0.5 })
  const [p, q, v] = result.point.map(Math.exp) as [number, number, number]
  // ν scales with money: the shape parameters do not.
  return { params: { p, q, v: v * scale }, logLikelihood: -result.value * scaled.length, converged: result.converged, iterations: result.iterations }
}

/** Expected mean transaction value of a customer, shrunk toward the population mean. */
export function expectedAverageValue({ p, q, v }: GammaGammaParams, { frequency: x, meanValue: m }: Spend): number {
  if (q <= 1) throw new Error('Gamma-Gamma expected value needs q > 1')
  if (x === 0) return (p * v) / (q - 1)
  return (p * (v + x * m)) / (p * x + q - 1)
}
