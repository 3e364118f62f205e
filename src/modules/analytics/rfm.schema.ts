/** RFM (recency, frequency, monetary) schemas: settings, summary and per-customer scores. */
import { z } from 'zod'

export const SEGMENTS = ['loyal', 'repeat', 'one_time', 'dormant', 'prospect'] as const
export type Segment = (typeof SEGMENTS)[number]

export const RfmSettings = z
  .object({
    loyalMinPurchases: z.number().int().min(2).max(1000),
    loyalMinTenureDays: z.number().int().min(0).max(3650),
    dormantAfterDays: z.number().int().min(1).max(3650),
  })
  .meta({ id: 'RfmSettings' })
export type RfmSettings = z.infer<typeof RfmSettings>

export const RfmSettingsPatch = z
  .strictObject({
    loyalMinPurchases: z.number().int().min(2).max(1000).optional(),
    loyalMinTenureDays: z.number().int().min(0).max(3650).optional(),
    dormantAfterDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: 'RfmSettingsPatch' })
export type RfmSettingsPatch = z.infer<typeof RfmSettingsPatch>

export const CustomerScore = z
  .object({
    accountId: z.uuid(),
    accountName: z.string(),
    purchases: z.number(),
    monetary: z.number(),
    firstPurchaseOn: z.string().nullable(),
    lastPurchaseOn: z.string().nullable(),
    recencyDays: z.number().nullable(),
    r: z.number().nullable(),
    f: z.number().nullable(),
    m: z.number().nullable(),
    segment: z.enum(SEGMENTS),
    computedAt: z.string().describe('When these figures last changed; a run that changes nothing leaves it (the summary gives the last run)'),
    probabilityAlive: z.number().nullable().describe('BG/NBD probability that the customer still buys (null: not fitted)'),
    expectedPurchases: z.number().nullable().describe('Expected purchases over the CLV horizon'),
    expectedOrderValue: z.number().nullable().describe('Expected value of one purchase (Gamma-Gamma)'),
    clv: z.number().nullable().describe('Discounted customer lifetime value over the horizon'),
  })
  .meta({ id: 'CustomerScore' })

export const ClvModel = z
  .object({
    bgNbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
    gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number() }).nullable(),
    customers: z.number(),
    fittedOn: z.number(),
    converged: z.boolean(),
    horizonMonths: z.number(),
    monthlyDiscountRate: z.number(),
    fittedAt: z.string(),
  })
  .meta({ id: 'ClvModel' })
export type CustomerScore = z.infer<typeof CustomerScore>

export const RfmSummary = z
  .object({
    computedAt: z.string().nullable().describe('When the scores were last computed (null: never)'),
    settings: RfmSettings,
    segments: z.array(z.object({ segment: z.enum(SEGMENTS), customers: z.number(), monetary: z.number() })),
    /** Customers by recency score (1–5) × frequency score (1–5). */
    grid: z.array(z.object({ r: z.number(), f: z.number(), customers: z.number() })),
  })
  .meta({ id: 'RfmSummary' })
export type RfmSummary = z.infer<typeof RfmSummary>

export const CustomerScoreQuery = z.strictObject({
  segment: z.enum(SEGMENTS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type CustomerScoreQuery = z.infer<typeof CustomerScoreQuery>

export const AccountIdParams = z.strictObject({ accountId: z.uuid() })
