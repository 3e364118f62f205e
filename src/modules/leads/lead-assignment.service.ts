/**
 * Lead assignment: ordered rules (condition → a user, or round-robin in a team), then the default
 * round-robin among the sales members. Round-robin turns come from a counter row bumped with
 * insert … on conflict … returning: its row lock serialises concurrent assignments (decision 0019).
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { invalid } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { territoryFor, territoryMemberUserIds } from '../territories/index.ts'
import { conditionMatches, type LeadFacts } from './lead-conditions.ts'
import type { AssignmentRule, AssignmentRuleList, AssignmentRulesPut } from './lead-rules.schema.ts'
import { SETTINGS_OBJECT } from './lead-scoring.service.ts'

export interface Assignment {
  ownerId: string | null
  teamId: string | null
  ruleId: string | null
}

async function loadRules(tx: Tx): Promise<AssignmentRule[]> {
  return tx
    .selectFrom('leadAssignmentRules as r')
    .leftJoin('users as u', 'u.id', 'r.assignToUserId')
    .leftJoin('teams as t', 't.id', 'r.assignToTeamId')
    .select(['r.id', 'r.name', 'r.field', 'r.operator', 'r.value', 'r.assignToUserId', 'u.name as assignToUserName', 'r.assignToTeamId', 't.name as assignToTeamName', 'r.assignByTerritory'])
    .orderBy('r.position')
    .execute()
}

export async function listAssignmentRules(ctx: ServiceContext): Promise<AssignmentRuleList> {
  authorize(ctx, SETTINGS_OBJECT, 'read')
  return { data: await loadRules(ctx.tx) }
}

export async function replaceAssignmentRules(ctx: ServiceContext, input: AssignmentRulesPut): Promise<AssignmentRuleList> {
  authorize(ctx, SETTINGS_OBJECT, 'update')
  const details = []
  for (const [index, rule] of input.rules.entries()) {
    if (rule.assignToUserId) {
      const member = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', rule.assignToUserId).where('status', '=', 'active').executeTakeFirst()
      if (!member) details.push({ path: `rules.${index}.assignToUserId`, message: 'No such active user in this tenant.' })
    }
    if (rule.assignToTeamId) {
      const team = await ctx.tx.selectFrom('teams').select('id').where('id', '=', rule.assignToTeamId).executeTakeFirst()
      if (!team) details.push({ path: `rules.${index}.assignToTeamId`, message: 'No such team in this tenant.' })
    }
  }
  if (details.length > 0) throw invalid('Some rules name a user or team that does not exist.', details)
  const before = await loadRules(ctx.tx)
  await ctx.tx.deleteFrom('leadAssignmentRules').execute()
  if (input.rules.length > 0) {
    await ctx.tx
      .insertInto('leadAssignmentRules')
      .values(
        input.rules.map((rule, position) => ({
          id: newId(),
          tenantId: ctx.actor.tenantId,
          position,
          name: rule.name,
          field: rule.field ?? null,
          operator: rule.field ? (rule.operator ?? null) : null,
          value: rule.field ? (rule.value ?? null) : null,
          assignToUserId: rule.assignToUserId ?? null,
          assignToTeamId: rule.assignToTeamId ?? null,
          assignByTerritory: rule.assignByTerritory ?? false,
        })),
      )
      .execute()
  }
  const after = await loadRules(ctx.tx)
  const strip = (rules: AssignmentRule[]) => rules.map(({ id: _id, assignToUserName: _u, assignToTeamName: _t, ...rest }) => rest)
  const changed = await recordAudit(ctx, { objectType: SETTINGS_OBJECT, objectId: null, action: 'update', before: { assignmentRules: strip(before) }, after: { assignmentRules: strip(after) } })
  if (changed) await emitEvent(ctx, 'lead_assignment_rules.updated', { objectType: SETTINGS_OBJECT, payload: { count: after.length } })
  return { data: after }
}

/**
 * The next member of a pool, in a fixed order (by user id), taking one turn from the pool's counter.
 * The counter row stays locked until the transaction ends, so two concurrent assignments to the
 * same pool never read the same turn; a rolled-back assignment gives its turn back.
 */
export async function nextInRoundRobin(tx: Tx, tenantId: string, poolKey: string, memberIds: readonly string[]): Promise<string | null> {
  if (memberIds.length === 0) return null
  const row = await sql<{ turns: string }>`
    insert into lead_round_robin_counters (tenant_id, pool_key, turns) values (${tenantId}, ${poolKey}, 1)
    on conflict (tenant_id, pool_key) do update set turns = lead_round_robin_counters.turns + 1
    returning turns`.execute(tx)
  const turn = Number(row.rows[0]!.turns) - 1
  const ordered = [...memberIds].sort()
  return ordered[turn % ordered.length]!
}

async function activeTeamMembers(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx.selectFrom('memberships').select('userId').where('teamId', '=', teamId).where('status', '=', 'active').execute()
  return rows.map((r) => r.userId)
}

/** The default pool: active members with the built-in sales role (営業). */
async function defaultPool(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select('m.userId')
    .where('m.status', '=', 'active')
    .where('r.key', '=', 'sales')
    .execute()
  return rows.map((r) => r.userId)
}

/** Who gets a new lead: the first matching rule, else the default round-robin; null when nobody can. */
export async function chooseAssignee(tx: Tx, tenantId: string, lead: LeadFacts): Promise<Assignment> {
  for (const rule of await loadRules(tx)) {
    if (!conditionMatches(lead, rule)) continue
    if (rule.assignToUserId) return { ownerId: rule.assignToUserId, teamId: null, ruleId: rule.id }
    if (rule.assignToTeamId) {
      const ownerId = await nextInRoundRobin(tx, tenantId, `team:${rule.assignToTeamId}`, await activeTeamMembers(tx, rule.assignToTeamId))
      // An empty team cannot take leads: fall through to the next rule.
      if (ownerId) return { ownerId, teamId: rule.assignToTeamId, ruleId: rule.id }
    }
    if (rule.assignByTerritory) {
      // The territory an account with the lead's prefecture and industry would be placed in (most specific wins).
      const territoryId = await territoryFor(tx, { prefecture: lead.prefecture ?? null, industry: lead.industry ?? null })
      const ownerId = territoryId ? await nextInRoundRobin(tx, tenantId, `territory:${territoryId}`, await territoryMemberUserIds(tx, territoryId)) : null
      // No territory, or nobody in it: fall through to the next rule.
      if (ownerId) return { ownerId, teamId: null, ruleId: rule.id }
    }
  }
  const ownerId = await nextInRoundRobin(tx, tenantId, 'default', await defaultPool(tx))
  return { ownerId, teamId: null, ruleId: null }
}
