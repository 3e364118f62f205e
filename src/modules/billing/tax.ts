/**
 * The one place that turns document lines into amounts: line amounts, per-rate subtotals and
 * consumption tax rounded ONCE per rate per document (インボイス制度), never per line.
 * Pure and exact: decimals are parsed into scaled BigInts, so no floating-point drift.
 */
import type { RoundingMode, TaxCategory } from '../../platform/db/schema.ts'

export const TAX_RATES: Record<TaxCategory, number> = { standard: 10, reduced: 8, exempt: 0 }
export const TAX_CATEGORIES = ['standard', 'reduced', 'exempt'] as const satisfies readonly TaxCategory[]
export const ROUNDING_MODES = ['floor', 'round', 'ceil'] as const satisfies readonly RoundingMode[]

export interface TaxLine {
  quantity: number | string
  unitPrice: number | string
  /** An amount off the line (not a percentage), in the document currency. */
  discount?: number | string | null
  taxCategory: TaxCategory
}

export interface RateTotal {
  taxCategory: TaxCategory
  /** Percent: 10, 8 or 0. */
  rate: number
  /** Tax-exclusive sum of the lines at this rate (対象額). */
  subtotal: number
  tax: number
  total: number
}

export interface DocumentTotals {
  lineAmounts: number[]
  /** Only the rates that have lines, in the order 10%, 8%, exempt. */
  byRate: RateTotal[]
  subtotal: number
  taxTotal: number
  total: number
}

/** Digits after the decimal point of a currency's smallest unit (yen has none). */
export function minorDigits(currency: string): number {
  return ['JPY', 'KRW', 'VND', 'TWD'].includes(currency.toUpperCase()) ? 0 : 2
}

/** "12.345" with scale 3 → 12345n. Throws on anything that is not a plain decimal. */
export function toScaled(value: number | string, scale: number): bigint {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim()
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new Error(`Not a decimal number: ${JSON.stringify(value)}`)
  const [, sign, whole, fraction = ''] = match
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) throw new Error(`More than ${scale} decimals: ${text}`)
  const digits = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'))
  return sign === '-' ? -digits : digits
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`)
  // toFixed avoids exponent notation; 6 decimals is more than any column holds, trailing zeros go.
  return value.toFixed(6).replace(/\.?0+$/, '')
}

/** numerator / denominator (denominator > 0) rounded the given way. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / denominator
  const remainder = numerator % denominator
  if (remainder === 0n) return quotient
  const negative = numerator < 0n
  const floor = negative ? quotient - 1n : quotient
  if (mode === 'floor') return floor
  if (mode === 'ceil') return floor + 1n
  // 四捨五入: half away from zero.
  const twice = (remainder < 0n ? -remainder : remainder) * 2n
  if (twice >= denominator) return negative ? quotient - 1n : quotient + 1n
  return quotient
}

const fromMinor = (value: bigint, digits: number): number => Number(value) / 10 ** digits

/**
 * Line amount = quantity × unit price − discount, rounded half-up to the currency's smallest
 * unit; per rate: subtotal = Σ line amounts, tax = subtotal × rate rounded by `rounding`.
 */
export function computeDocumentTotals(lines: readonly TaxLine[], options: { rounding: RoundingMode; currency?: string }): DocumentTotals {
  const digits = minorDigits(options.currency ?? 'JPY')
  const minorScale = 10n ** BigInt(digits)
  const subtotals = new Map<TaxCategory, bigint>()
  const lineAmounts: number[] = []
  for (const line of lines) {
    // quantity has 3 decimals and price 2, so their product is in 1/100000 units.
    const gross = toScaled(line.quantity, 3) * toScaled(line.unitPrice, 2)
    const grossMinor = divideRounded(gross * minorScale, 100_000n, 'round')
    const discountMinor = divideRounded(toScaled(line.discount ?? 0, 2) * minorScale, 100n, 'round')
    const amount = grossMinor - discountMinor
    lineAmounts.push(fromMinor(amount, digits))
    subtotals.set(line.taxCategory, (subtotals.get(line.taxCategory) ?? 0n) + amount)
  }
  const byRate: RateTotal[] = []
  let subtotal = 0n
  let taxTotal = 0n
  for (const category of TAX_CATEGORIES) {
    const base = subtotals.get(category)
    if (base === undefined) continue
    const rate = TAX_RATES[category]
    const tax = divideRounded(base * BigInt(rate), 100n, options.rounding)
    byRate.push({ taxCategory: category, rate, subtotal: fromMinor(base, digits), tax: fromMinor(tax, digits), total: fromMinor(base + tax, digits) })
    subtotal += base
    taxTotal += tax
  }
  return { lineAmounts, byRate, subtotal: fromMinor(subtotal, digits), taxTotal: fromMinor(taxTotal, digits), total: fromMinor(subtotal + taxTotal, digits) }
}

/**
 * 適格請求書発行事業者登録番号: "T" + a 13-digit number whose first digit is a check digit,
 * computed like the 法人番号: with P1…P12 the other digits counted from the lowest and
 * Q = 1 for odd positions, 2 for even ones, check = 9 − (Σ Pn × Qn mod 9).
 */
export function isValidRegistrationNumber(value: string): boolean {
  const match = /^T(\d)(\d{12})$/.exec(value)
  if (!match) return false
  const check = Number(match[1])
  const body = match[2]!
  let sum = 0
  for (let n = 1; n <= 12; n++) {
    const digit = Number(body[12 - n])
    sum += digit * (n % 2 === 1 ? 1 : 2)
  }
  return check === 9 - (sum % 9)
}
