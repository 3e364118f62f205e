/**
 * Enforces roles in services: per-object rights, record visibility (own / team / all)
 * and per-field rules (hidden / read-only). The UI only mirrors these.
 */
import { sql, type Expression, type SqlBool } from 'kysely'
import type { ServiceContext } from '../context.ts'
import type { ObjectPermission } from '../db/schema.ts'
import { AppError, forbidden } from '../errors.ts'

export type ObjectAction = 'create' | 'read' | 'update' | 'delete'

export function objectPermission(ctx: Pick<ServiceContext, 'actor'>, object: string): ObjectPermission {
  return (
    ctx.actor.role.permissions.objects[object] ?? { create: false, read: false, update: false, delete: false, visibility: 'own' }
  )
}

export function can(ctx: Pick<ServiceContext, 'actor'>, object: string, action: ObjectAction): boolean {
  return objectPermission(ctx, object)[action]
}

/** Throws `forbidden` unless the actor's role grants the action on the object. */
export function authorize(ctx: Pick<ServiceContext, 'actor'>, object: string, action: ObjectAction): void {
  if (!can(ctx, object, action)) throw forbidden(`Your role may not ${action} ${object}.`)
}

/** Subquery: the ids of the actor's team and every team beneath it. */
function teamSubtree(teamId: string) {
  return sql`(with recursive subtree as (
      select id from teams where id = ${teamId}
      union all
      select t.id from teams t join subtree s on t.parent_id = s.id
    ) select id from subtree)`
}

/**
 * A visibility grant: extra records of an object an actor may READ beyond what the role's
 * own/team visibility shows (e.g. territory members see the accounts of their territory).
 * Grants never widen writes: services lock records for update with `{ for: 'write' }`.
 */
export type VisibilityGrant = (ctx: Pick<ServiceContext, 'actor'>, alias: string) => Expression<SqlBool>
const grants = new Map<string, VisibilityGrant[]>()

export function registerVisibilityGrant(object: string, grant: VisibilityGrant): void {
  grants.set(object, [...(grants.get(object) ?? []), grant])
}

/**
 * A WHERE condition that keeps only the records the actor may see, for a table with
 * owner_id and team_id columns. `alias` is the table name or alias in the query.
 * Reading also admits the records of registered visibility grants; `for: 'write'` keeps to the role.
 */
export function visibleRecordsCondition(
  ctx: Pick<ServiceContext, 'actor'>,
  object: string,
  alias: string,
  options: { for?: 'read' | 'write' } = {},
): Expression<SqlBool> {
  const byRole = roleVisibilityCondition(ctx, object, alias)
  const extra = options.for === 'write' || objectPermission(ctx, object).visibility === 'all' ? [] : (grants.get(object) ?? [])
  if (extra.length === 0) return byRole
  return sql<SqlBool>`(${byRole} or ${sql.join(extra.map((grant) => grant(ctx, alias)), sql` or `)})`
}

function roleVisibilityCondition(ctx: Pick<ServiceContext, 'actor'>, object: string, alias: string): Expression<SqlBool> {
  const visibility = objectPermission(ctx, object).visibility
  const owner = sql.ref(`${alias}.owner_id`)
  const team = sql.ref(`${alias}.team_id`)
  const me = ctx.actor.userId
  if (visibility === 'all') return sql<SqlBool>`true`
  if (visibility === 'own' || ctx.actor.teamId === null) return sql<SqlBool>`${owner} = ${me}`
  const subtree = teamSubtree(ctx.actor.teamId)
  return sql<SqlBool>`(${owner} = ${me} or ${team} in ${subtree} or ${owner} in (select m.user_id from memberships m where m.team_id in ${subtree}))`
}

export function fieldRules(ctx: Pick<ServiceContext, 'actor'>, object: string): Record<string, 'hidden' | 'readonly'> {
  return ctx.actor.role.permissions.fields[object] ?? {}
}

/** Removes the fields the actor's role hides from an API record. */
export function withoutHiddenFields<T extends Record<string, unknown>>(ctx: Pick<ServiceContext, 'actor'>, object: string, record: T): Partial<T> {
  const rules = fieldRules(ctx, object)
  // Most roles hide nothing: hand the record back rather than copy it for every row of a page.
  if (Object.keys(rules).length === 0) return record
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (rules[key] !== 'hidden') result[key] = value
  }
  return result as Partial<T>
}

/** Rejects input that sets a field the role hides or makes read-only, naming each. */
export function assertWritableFields(ctx: Pick<ServiceContext, 'actor'>, object: string, input: Record<string, unknown>): void {
  const rules = fieldRules(ctx, object)
  const blocked = Object.keys(input).filter((key) => input[key] !== undefined && rules[key] !== undefined)
  if (blocked.length > 0) {
    throw new AppError(
      'forbidden',
      'Your role may not change some of these fields.',
      blocked.map((path) => ({ path, message: `Field is ${rules[path]} for your role.` })),
    )
  }
}
