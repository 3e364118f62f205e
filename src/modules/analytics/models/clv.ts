/**
 * Customer lifetime value from the two models: expected purchases in each future period
 * (BG/NBD) × expected value per purchase (Gamma-Gamma), discounted per period.
 */
import { type BgNbdParams, expectedPurchases, probabilityAlive, type Rfm } from './bg-nbd.ts'
import { expectedAverageValue, type GammaGammaParams } from './gamma-gamma.ts'

export interface ClvOptions {
  /** Periods ahead (in the time unit of the RFM data), e.g. 12 months. */
  horizon: number
  /** Discount rate per period (e.g. 0.01 a month). */
  discountRate: number
}

export interface CustomerValue {
  probabilityAlive: number
  expectedPurchases: number
  expectedAverageValue: number
  clv: number
}

export function customerValue(
  purchases: BgNbdParams,
  spend: GammaGammaParams,
  history: Rfm & { meanValue: number },
  { horizon, discountRate }: ClvOptions,
): CustomerValue {
  const value = expectedAverageValue(spend, { frequency: history.frequency, meanValue: history.meanValue })
  let clv = 0
  let previous = 0
  for (let period = 1; period <= horizon; period++) {
    const cumulative = expectedPurchases(purchases, history, period)
    clv += ((cumulative - previous) * value) / Math.pow(1 + discountRate, period)
    previous = cumulative
  }
  return {
    probabilityAlive: probabilityAlive(purchases, history),
    expectedPurchases: previous,
    expectedAverageValue: value,
    clv,
  }
}
