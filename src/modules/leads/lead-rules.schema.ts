/** Scoring and assignment rules of leads: what admins edit, validated here. */
import { z } from 'zod'
import { LEAD_PROFILE_KEYS, LEAD_SOURCES } from './leads.schema.ts'

/** Lead fields a fit rule or an assignment condition may test. */
export const CONDITION_FIELDS = [...LEAD_PROFILE_KEYS.filter((k) => k !== 'message'), 'source', 'emailDomain'] as const
export type ConditionField = (typeof CONDITION_FIELDS)[number]
/** equals / contains compare folded text; in = one of a comma-separated list (e.g. a territory of prefectures); present = not empty. */
export const CONDITION_OPERATORS = ['equals', 'contains', 'in', 'present'] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]
export const ENGAGEMENT_SIGNALS = ['formSubmissions', 'activities'] as const

const FitRule = z.strictObject({
  category: z.literal('fit'),
  field: z.enum(CONDITION_FIELDS),
  operator: z.enum(CONDITION_OPERATORS),
  value: z.string().trim().max(500).nullable().optional(),
  points: z.number().int().min(-1000).max(1000),
})
const EngagementRule = z.strictObject({
  category: z.literal('engagement'),
  field: z.enum(ENGAGEMENT_SIGNALS).describe('Points for each form submission / each activity logged on the lead'),
  points: z.number().int().min(-1000).max(1000),
  maxPoints: z.number().int().min(0).max(10_000).nullable().optional().describe('Cap for this rule'),
})
export const ScoringRuleInput = z.discriminatedUnion('category', [FitRule, EngagementRule])
export type ScoringRuleInput = z.infer<typeof ScoringRuleInput>

export const ScoringRulesPut = z.strictObject({ rules: z.array(ScoringRuleInput).max(100) }).meta({ id: 'LeadScoringRulesPut' })
export type ScoringRulesPut = z.infer<typeof ScoringRulesPut>

export const ScoringRule = z
  .object({
    id: z.uuid(),
    category: z.enum(['fit', 'engagement']),
    field: z.string(),
    operator: z.string(),
    value: z.string().nullable(),
    points: z.number().int(),
    maxPoints: z.number().int().nullable(),
  })
  .meta({ id: 'LeadScoringRule' })
export type ScoringRule = z.infer<typeof ScoringRule>
export const ScoringRuleList = z.object({ data: z.array(ScoringRule), rescored: z.number().int().optional() }).meta({ id: 'LeadScoringRuleList' })
export type ScoringRuleList = z.infer<typeof ScoringRuleList>

export const AssignmentRuleInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    field: z.enum(CONDITION_FIELDS).nullable().optional().describe('No field = every lead (a catch-all)'),
    operator: z.enum(CONDITION_OPERATORS).nullable().optional(),
    value: z.string().trim().max(2000).nullable().optional(),
    assignToUserId: z.uuid().nullable().optional(),
    assignToTeamId: z.uuid().nullable().optional().describe('Round-robin among the active members of the team'),
    assignByTerritory: z.boolean().optional().describe("Round-robin among the members of the territory the lead's prefecture and industry fall in"),
  })
  .refine((r) => [Boolean(r.assignToUserId), Boolean(r.assignToTeamId), Boolean(r.assignByTerritory)].filter(Boolean).length === 1, {
    message: 'Name exactly one user or one team, or assign by territory.',
    path: ['assignToUserId'],
  })
  .refine((r) => !r.field || Boolean(r.operator), { message: 'A condition needs an operator.', path: ['operator'] })
export type AssignmentRuleInput = z.infer<typeof AssignmentRuleInput>

export const AssignmentRulesPut = z.strictObject({ rules: z.array(AssignmentRuleInput).max(100) }).meta({ id: 'LeadAssignmentRulesPut' })
export type AssignmentRulesPut = z.infer<typeof AssignmentRulesPut>

export const AssignmentRule = z
  .object({
    id: z.uuid(),
    name: z.string(),
    field: z.string().nullable(),
    operator: z.string().nullable(),
    value: z.string().nullable(),
    assignToUserId: z.string().nullable(),
    assignToUserName: z.string().nullable(),
    assignToTeamId: z.string().nullable(),
    assignToTeamName: z.string().nullable(),
    assignByTerritory: z.boolean(),
  })
  .meta({ id: 'LeadAssignmentRule' })
export type AssignmentRule = z.infer<typeof AssignmentRule>
export const AssignmentRuleList = z.object({ data: z.array(AssignmentRule) }).meta({ id: 'LeadAssignmentRuleList' })
export type AssignmentRuleList = z.infer<typeof AssignmentRuleList>

export { LEAD_SOURCES }
