/**
 * Conditions of scoring and assignment rules, and the score itself. Pure — no database.
 * Text is compared folded (width, kana, case, 髙/高) so ＩＴ = it and とうきょう = トウキョウ.
 */
import { foldForSearch, normalizeEmail } from '../../platform/japanese/index.ts'
import type { ConditionField } from './lead-rules.schema.ts'

/** What a condition may read from a lead. */
export type LeadFacts = Partial<Record<Exclude<ConditionField, 'emailDomain'>, string | null>>

export interface Condition {
  field: string | null
  operator: string | null
  value: string | null
}

function fieldValue(lead: LeadFacts, field: string): string {
  if (field === 'emailDomain') {
    const email = normalizeEmail(lead.email)
    return email.includes('@') ? email.slice(email.indexOf('@') + 1) : ''
  }
  return (lead as Record<string, string | null | undefined>)[field] ?? ''
}

/** A rule with no field matches every lead (the catch-all at the end of an assignment list). */
export function conditionMatches(lead: LeadFacts, condition: Condition): boolean {
  if (!condition.field) return true
  const actual = foldForSearch(fieldValue(lead, condition.field))
  const expected = foldForSearch(condition.value ?? '')
  switch (condition.operator) {
    case 'present':
      return actual.length > 0
    case 'equals':
      return actual.length > 0 && actual === expected
    case 'contains':
      return expected.length > 0 && actual.includes(expected)
    case 'in':
      // A territory: 東京都, 神奈川県, 千葉県 (full-width or ideographic commas too).
      return (condition.value ?? '')
        .split(/[,、，\n]/)
        .map((v) => foldForSearch(v))
        .filter((v) => v.length > 0)
        .includes(actual)
    default:
      return false
  }
}

export interface ScoringRuleLike extends Condition {
  category: 'fit' | 'engagement'
  points: number
  maxPoints: number | null
}

export interface Engagement {
  formSubmissions: number
  activities: number
}

export interface LeadScore {
  fit: number
  engagement: number
  total: number
}

/** Fit = the points of every fit rule the lead matches; engagement = points per signal, each rule capped. */
export function scoreLead(lead: LeadFacts, engagement: Engagement, rules: readonly ScoringRuleLike[]): LeadScore {
  let fit = 0
  let engaged = 0
  for (const rule of rules) {
    if (rule.category === 'fit') {
      if (conditionMatches(lead, rule)) fit += rule.points
      continue
    }
    const count = rule.field === 'activities' ? engagement.activities : rule.field === 'formSubmissions' ? engagement.formSubmissions : 0
    let points = count * rule.points
    if (rule.maxPoints !== null && points > rule.maxPoints) points = rule.maxPoints
    engaged += points
  }
  return { fit, engagement: engaged, total: fit + engaged }
}
