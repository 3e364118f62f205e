/** Commission plan, assignment and statement schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

const rate = z.number().min(0).max(100).describe('Percent: 5 = 5%')
const Tier = z.strictObject({ upTo: z.number().positive().max(1e15).nullable().describe('Ceiling of the tier; null = no ceiling (the last tier)'), rate })
const ProductRate = z.strictObject({ productId: z.uuid(), rate })

const planFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  basis: z.enum(['won_deals', 'paid_invoices', 'both']).default('won_deals').describe('both: paid invoices of a won deal are not counted twice'),
  method: z.enum(['flat', 'tiered']).default('flat'),
  rate: rate.default(0).describe('Flat plans: percent of the base'),
  tierMode: z.enum(['marginal', 'whole']).default('marginal').describe('marginal: each slice at its tier; whole: the whole amount at the tier the total reaches'),
  tiers: z.array(Tier).max(20).default([]),
  productRates: z.array(ProductRate).max(200).default([]).describe('Invoice lines of these products earn this rate instead'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('JPY'),
  isActive: z.boolean().default(true),
}

function checkTiers(plan: { method?: string; tiers?: { upTo: number | null }[] }, ctx: z.RefinementCtx) {
  if (plan.method !== 'tiered' || !plan.tiers) return
  if (plan.tiers.length === 0) ctx.addIssue({ code: 'custom', message: 'A tiered plan needs at least one tier.', path: ['tiers'] })
  const open = plan.tiers.filter((t) => t.upTo === null).length
  if (open > 1) ctx.addIssue({ code: 'custom', message: 'Only the last tier may be open-ended.', path: ['tiers'] })
  const ceilings = plan.tiers.map((t) => t.upTo).filter((u): u is number => u !== null)
  if (new Set(ceilings).size !== ceilings.length) ctx.addIssue({ code: 'custom', message: 'Two tiers share a ceiling.', path: ['tiers'] })
}

export const CommissionPlanInput = z.strictObject(planFields).superRefine(checkTiers).meta({ id: 'CommissionPlanCreate' })
export type CommissionPlanInput = z.infer<typeof CommissionPlanInput>

export const CommissionPlanPatch = z
  .strictObject({
    name: planFields.name.optional(),
    description: planFields.description,
    basis: z.enum(['won_deals', 'paid_invoices', 'both']).optional(),
    method: z.enum(['flat', 'tiered']).optional(),
    rate: rate.optional(),
    tierMode: z.enum(['marginal', 'whole']).optional(),
    tiers: z.array(Tier).max(20).optional(),
    productRates: z.array(ProductRate).max(200).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    isActive: z.boolean().optional(),
  })
  .superRefine(checkTiers)
  .meta({ id: 'CommissionPlanPatch' })
export type CommissionPlanPatch = z.infer<typeof CommissionPlanPatch>

export const CommissionAssignmentInput = z
  .strictObject({ userId: z.uuid(), periodStart: z.iso.date(), periodEnd: z.iso.date() })
  .refine((a) => a.periodStart <= a.periodEnd, { message: 'The period must not end before it starts.', path: ['periodEnd'] })
  .meta({ id: 'CommissionAssignmentCreate' })
export type CommissionAssignmentInput = z.infer<typeof CommissionAssignmentInput>

export const CommissionAssignment = z
  .object({ id: z.uuid(), planId: z.string(), userId: z.string(), userName: z.string().nullable(), periodStart: z.string(), periodEnd: z.string() })
  .meta({ id: 'CommissionAssignment' })
export type CommissionAssignment = z.infer<typeof CommissionAssignment>

export const CommissionPlan = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    basis: z.enum(['won_deals', 'paid_invoices', 'both']),
    method: z.enum(['flat', 'tiered']),
    rate: z.number(),
    tierMode: z.enum(['marginal', 'whole']),
    tiers: z.array(z.object({ upTo: z.number().nullable(), rate: z.number() })),
    productRates: z.array(z.object({ productId: z.string(), productName: z.string().nullable(), rate: z.number() })),
    currency: z.string(),
    isActive: z.boolean(),
    assignments: z.array(CommissionAssignment),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CommissionPlan' })
export type CommissionPlan = z.infer<typeof CommissionPlan>
export const CommissionPlanList = z.object({ data: z.array(CommissionPlan) }).meta({ id: 'CommissionPlanList' })

export const StatementListQuery = z
  .strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional(), userId: z.uuid().optional() })
  .describe('Statements whose period overlaps [from, to]')
export type StatementListQuery = z.infer<typeof StatementListQuery>

const StatementSummaryShape = {
  id: z.uuid().describe('The assignment: one rep, one plan, one period'),
  userId: z.string(),
  userName: z.string().nullable(),
  planId: z.string(),
  planName: z.string(),
  basis: z.string(),
  method: z.string(),
  tierMode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  totals: z.object({ base: z.number(), commission: z.number(), lineCount: z.number().int() }),
}
export const StatementSummary = z.object(StatementSummaryShape).meta({ id: 'CommissionStatementSummary' })
export type StatementSummary = z.infer<typeof StatementSummary>
export const StatementList = z.object({ data: z.array(StatementSummary) }).meta({ id: 'CommissionStatementList' })

export const StatementLine = z
  .object({
    sourceType: z.enum(['deal', 'invoice']),
    sourceId: z.string(),
    sourceLabel: z.string(),
    date: z.string(),
    productId: z.string().nullable(),
    description: z.string(),
    base: z.number(),
    rate: z.number().describe('Percent (effective rate on a line split across marginal tiers)'),
    commission: z.number(),
  })
  .meta({ id: 'CommissionStatementLine' })
export const Statement = z.object({ ...StatementSummaryShape, lines: z.array(StatementLine) }).meta({ id: 'CommissionStatement' })
export type Statement = z.infer<typeof Statement>

export const CsvQuery = z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') })
