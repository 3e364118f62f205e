/** Forecast and quota schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const ForecastQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    groupBy: z.enum(['owner', 'team', 'territory']).default('owner').describe("territory: by the territory of the deal's account (no quotas)"),
    pipelineId: z.uuid().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('JPY'),
  })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`.', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: 'A forecast covers at most one year.', path: ['to'] })
export type ForecastQuery = z.infer<typeof ForecastQuery>

const Figures = {
  quota: z.number().nullable().describe('Sum of the quotas lying inside the period'),
  won: z.number().describe('Won deals closed in the period'),
  wonCount: z.number(),
  commit: z.number().describe(`Won plus open deals expected in the period at ≥ 70% probability`),
  bestCase: z.number().describe('Won plus every open deal expected in the period'),
  pipeline: z.number().describe('Open deals expected to close in the period'),
  weighted: z.number().describe('Open deals expected in the period × stage probability'),
  openCount: z.number(),
  attainment: z.number().nullable().describe('won ÷ quota (0–1+), null without a quota'),
}

export const ForecastRow = z
  .object({ id: z.string().nullable(), name: z.string().nullable(), ...Figures })
  .meta({ id: 'ForecastRow' })
export type ForecastRow = z.infer<typeof ForecastRow>

export const Forecast = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    groupBy: z.enum(['owner', 'team', 'territory']),
    commitProbability: z.number(),
    rows: z.array(ForecastRow),
    totals: z.object(Figures),
  })
  .meta({ id: 'Forecast' })
export type Forecast = z.infer<typeof Forecast>

export const QuotaInput = z
  .strictObject({
    userId: z.uuid().optional(),
    teamId: z.uuid().optional(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    amount: z.number().min(0).max(1e15),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('JPY'),
  })
  .refine((q) => (q.userId === undefined) !== (q.teamId === undefined), { message: 'Name exactly one of userId or teamId.', path: ['userId'] })
  .refine((q) => q.periodStart <= q.periodEnd, { message: 'The period must not end before it starts.', path: ['periodEnd'] })
  .meta({ id: 'QuotaWrite' })
export type QuotaInput = z.infer<typeof QuotaInput>

export const QuotaListQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date() })
export type QuotaListQuery = z.infer<typeof QuotaListQuery>

export const Quota = z
  .object({
    id: z.uuid(),
    userId: z.string().nullable(),
    userName: z.string().nullable(),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
    periodStart: z.string(),
    periodEnd: z.string(),
    amount: z.number(),
    currency: z.string(),
  })
  .meta({ id: 'Quota' })
export type Quota = z.infer<typeof Quota>
