/**
 * Record visibility through territories: members (a user, or a member of a member team) may READ the
 * accounts placed in their territories and the deals of those accounts. Writing stays with the role.
 */
import { sql, type SqlBool } from 'kysely'
import { registerVisibilityGrant } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'

function myTerritories(ctx: Pick<ServiceContext, 'actor'>) {
  const me = ctx.actor.userId
  const team = ctx.actor.teamId
  return team
    ? sql`(select tm.territory_id from territory_members tm where tm.user_id = ${me} or tm.team_id = ${team})`
    : sql`(select tm.territory_id from territory_members tm where tm.user_id = ${me})`
}

registerVisibilityGrant('accounts', (ctx, alias) => sql<SqlBool>`${sql.ref(`${alias}.territory_id`)} in ${myTerritories(ctx)}`)
registerVisibilityGrant(
  'deals',
  (ctx, alias) => sql<SqlBool>`${sql.ref(`${alias}.account_id`)} in (select ta.id from accounts ta where ta.territory_id in ${myTerritories(ctx)})`,
)
