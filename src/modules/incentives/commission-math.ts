/**
 * The commission arithmetic, pure: flat percentages, tiers paid marginally (each slice of the period's
 * total at its own tier's rate) or on the whole amount (everything at the rate of the tier the total
 * reaches), and per-product rates that replace the plan's rate on the lines of those products.
 * Every amount earned counts towards the tiers, in the order the sources closed.
 */
import type { CommissionProductRate, CommissionTier } from '../../platform/db/schema.ts'

export interface PlanRules {
  method: 'flat' | 'tiered'
  rate: number
  tierMode: 'marginal' | 'whole'
  tiers: CommissionTier[]
  productRates: CommissionProductRate[]
  currency: string
}

export interface SourceLine {
  sourceType: 'deal' | 'invoice'
  sourceId: string
  sourceLabel: string
  date: string
  productId: string | null
  description: string
  base: number
}

export interface StatementLine extends SourceLine {
  /** Percent; on a marginal tier line split across tiers, the effective rate (commission ÷ base). */
  rate: number
  commission: number
}

/** Currencies without minor units (yen); the others keep cents. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'TWD'])
export const currencyDigits = (currency: string) => (ZERO_DECIMAL.has(currency) ? 0 : 2)

/** Commission is paid rounded down (切り捨て) to the currency's smallest unit. */
function floorTo(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.floor(value * scale + 1e-7) / scale
}

const roundRate = (rate: number) => Math.round(rate * 10_000) / 10_000

/** Tiers in ascending order of their ceilings, the open-ended (null) last. */
export function sortedTiers(tiers: readonly CommissionTier[]): CommissionTier[] {
  return [...tiers].sort((a, b) => (a.upTo ?? Number.POSITIVE_INFINITY) - (b.upTo ?? Number.POSITIVE_INFINITY))
}

/** The rate of the tier a total lands in (a total equal to a ceiling stays in that tier). */
export function tierRateFor(tiers: readonly CommissionTier[], total: number): number {
  const sorted = sortedTiers(tiers)
  const tier = sorted.find((t) => t.upTo === null || total <= t.upTo) ?? sorted[sorted.length - 1]
  return tier?.rate ?? 0
}

/** Commission of the slice [from, to) of the period's running total under marginal tiers. */
export function marginalCommission(tiers: readonly CommissionTier[], from: number, to: number): number {
  let lower = 0
  let total = 0
  for (const tier of sortedTiers(tiers)) {
    const upper = tier.upTo ?? Number.POSITIVE_INFINITY
    const overlap = Math.min(to, upper) - Math.max(from, lower)
    if (overlap > 0) total += (overlap * tier.rate) / 100
    lower = upper
  }
  return total
}

export function computeCommission(plan: PlanRules, sources: readonly SourceLine[]): { lines: StatementLine[]; totals: { base: number; commission: number } } {
  const digits = currencyDigits(plan.currency)
  const productRate = new Map(plan.productRates.map((p) => [p.productId, p.rate]))
  const ordered = [...sources].sort((a, b) => a.date.localeCompare(b.date) || a.sourceId.localeCompare(b.sourceId))
  const periodTotal = ordered.reduce((sum, line) => sum + line.base, 0)
  const wholeRate = plan.method === 'tiered' && plan.tierMode === 'whole' ? tierRateFor(plan.tiers, periodTotal) : null
  let running = 0
  const lines = ordered.map((line): StatementLine => {
    const from = running
    running += line.base
    const override = line.productId ? productRate.get(line.productId) : undefined
    let rate: number
    let raw: number
    if (override !== undefined) {
      rate = override
      raw = (line.base * override) / 100
    } else if (plan.method === 'flat') {
      rate = plan.rate
      raw = (line.base * plan.rate) / 100
    } else if (wholeRate !== null) {
      rate = wholeRate
      raw = (line.base * wholeRate) / 100
    } else {
      raw = marginalCommission(plan.tiers, from, running)
      rate = line.base === 0 ? 0 : roundRate((raw / line.base) * 100)
    }
    return { ...line, rate, commission: floorTo(raw, digits) }
  })
  const commission = lines.reduce((sum, l) => sum + l.commission, 0)
  return { lines, totals: { base: floorTo(periodTotal, digits === 0 ? 0 : 2), commission: floorTo(commission, digits === 0 ? 0 : 2) } }
}
