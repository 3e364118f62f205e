/**
 * Lead scoring: the admin-edited rules, and the score kept on each lead (fit + engagement),
 * recalculated whenever a lead is created or changed, and for every open lead when the rules change.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { type DomainEvent, emitEvent, onEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { scoreLead, type ScoringRuleLike } from './lead-conditions.ts'
import type { ScoringRule, ScoringRuleList, ScoringRulesPut } from './lead-rules.schema.ts'
import { countLeadActivities, findLeadById } from './leads.queries.ts'

export const SETTINGS_OBJECT = 'leadSettings'

async function loadRules(tx: Tx): Promise<ScoringRule[]> {
  const rows = await tx.selectFrom('leadScoringRules').select(['id', 'category', 'field', 'operator', 'value', 'points', 'maxPoints']).orderBy('position').execute()
  return rows
}

export async function listScoringRules(ctx: ServiceContext): Promise<ScoringRuleList> {
  authorize(ctx, SETTINGS_OBJECT, 'read')
  return { data: await loadRules(ctx.tx) }
}

/** Replaces the whole ordered list (the editor saves it at once), then rescores every lead not yet converted. */
export async function replaceScoringRules(ctx: ServiceContext, input: ScoringRulesPut): Promise<ScoringRuleList> {
  authorize(ctx, SETTINGS_OBJECT, 'update')
  const before = await loadRules(ctx.tx)
  await ctx.tx.deleteFrom('leadScoringRules').execute()
  if (input.rules.length > 0) {
    await ctx.tx
      .insertInto('leadScoringRules')
      .values(
        input.rules.map((rule, position) => ({
          id: newId(),
          tenantId: ctx.actor.tenantId,
          position,
          category: rule.category,
          field: rule.field,
          operator: rule.category === 'fit' ? rule.operator : 'each',
          value: rule.category === 'fit' ? (rule.value ?? null) : null,
          points: rule.points,
          maxPoints: rule.category === 'engagement' ? (rule.maxPoints ?? null) : null,
        })),
      )
      .execute()
  }
  const after = await loadRules(ctx.tx)
  const strip = (rules: ScoringRule[]) => rules.map(({ id: _id, ...rest }) => rest)
  const changed = await recordAudit(ctx, { objectType: SETTINGS_OBJECT, objectId: null, action: 'update', before: { scoringRules: strip(before) }, after: { scoringRules: strip(after) } })
  // Saving the same rules again changes no score: skip the rescoring pass over every open lead.
  if (!changed) return { data: after, rescored: 0 }
  await emitEvent(ctx, 'lead_scoring_rules.updated', { objectType: SETTINGS_OBJECT, payload: { count: after.length } })
  const rescored = await rescoreOpenLeads(ctx.tx, after)
  return { data: after, rescored }
}

function asRuleLike(rule: ScoringRule): ScoringRuleLike {
  return { ...rule, category: rule.category }
}

/** Recomputes one lead's score from the current rules; returns the new total. */
export async function rescoreLead(tx: Tx, leadId: string, rules?: ScoringRule[]): Promise<number> {
  const lead = await findLeadById(tx, leadId)
  if (!lead) return 0
  const activeRules = rules ?? (await loadRules(tx))
  const activities = activeRules.some((r) => r.field === 'activities') ? await countLeadActivities(tx, leadId) : 0
  const score = scoreLead(lead, { formSubmissions: lead.formSubmissions, activities }, activeRules.map(asRuleLike))
  if (score.total !== lead.score || score.fit !== lead.fitScore || score.engagement !== lead.engagementScore) {
    // The score is derived data: it changes with the rules, so it is not audited field by field.
    await tx.updateTable('leads').set({ score: score.total, fitScore: score.fit, engagementScore: score.engagement }).where('id', '=', leadId).execute()
  }
  return score.total
}

async function rescoreOpenLeads(tx: Tx, rules: ScoringRule[]): Promise<number> {
  let count = 0
  let after: string | null = null
  // In batches by id, so a tenant with many leads never holds them all in memory.
  for (;;) {
    let query = tx.selectFrom('leads').select('id').where('status', '<>', 'converted').orderBy('id').limit(500)
    if (after) query = query.where('id', '>', after)
    const ids = (await query.execute()).map((r) => r.id)
    for (const id of ids) await rescoreLead(tx, id, rules)
    count += ids.length
    if (ids.length < 500) return count
    after = ids[ids.length - 1]!
  }
}


/**
 * An activity logged on a lead (relatedType 'leads') is engagement: rescore the lead when the event is
 * delivered. Runs in the delivering transaction, so it uses that tx (never app.db).
 */
async function rescoreLeadOfActivity(event: DomainEvent, tx: Tx): Promise<void> {
  if (!event.objectId) return
  const activity = await tx.selectFrom('activities').select(['relatedType', 'relatedId']).where('id', '=', event.objectId).executeTakeFirst()
  if (activity?.relatedType === 'leads' && activity.relatedId) await rescoreLead(tx, activity.relatedId)
}
onEvent('activity.created', rescoreLeadOfActivity)
onEvent('activity.updated', rescoreLeadOfActivity)
