/**
 * Lifecycle stage, relationship stage and customer type of an account or contact, and their
 * history. Setting them needs update rights on the record; each change is audited and announced.
 */
import { sql } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { CustomerProfilesTable } from '../../platform/db/schema.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { Selectable } from 'kysely'
import { STAGE_FIELDS, type CustomerRecordType, type CustomerStages, type StageChange, type StagesPatch } from './customer-360.schema.ts'
import { updatableRecordId, visibleRecordId } from './customer-360.records.ts'

const customerColumn = (type: CustomerRecordType) => (type === 'accounts' ? 'accountId' : 'contactId') as 'accountId' | 'contactId'

const HISTORY_LIMIT = 100
const EVENT_PREFIX = { accounts: 'account', contacts: 'contact' } as const

type ProfileRow = Pick<Selectable<CustomerProfilesTable>, 'lifecycleStage' | 'relationshipStage' | 'customerType'>

interface StagesRow extends ProfileRow {
  /** The history columns are null on the one row of a record without history. */
  id: string | null
  field: StageChange['field'] | null
  fromValue: string | null
  toValue: string | null
  changedBy: string | null
  changedByName: string | null
  changedAt: Date | null
}

/**
 * Stages and history of a record already known to be visible (no access checks here). One statement: the 360° page
 * runs this on every open, and on the embedded database each statement is a crossing into the engine.
 */
export async function loadStages(ctx: ServiceContext, type: CustomerRecordType, id: string): Promise<CustomerStages> {
  const column = type === 'accounts' ? 'account_id' : 'contact_id'
  const { rows } = await sql<StagesRow>`
    select p.lifecycle_stage, p.relationship_stage, p.customer_type,
           h.id, h.field, h.from_value, h.to_value, h.changed_by, h.changed_by_name, h.changed_at
      from (select 1) as one
      left join customer_profiles p on ${sql.ref(`p.${column}`)} = ${id}
      left join lateral (
        select c.id, c.field, c.from_value, c.to_value, c.changed_by, u.name as changed_by_name, c.changed_at
          from customer_stage_changes c left join users u on u.id = c.changed_by
         where ${sql.ref(`c.${column}`)} = ${id}
         order by c.id desc limit ${sql.lit(HISTORY_LIMIT)}) h on true
     order by h.id desc`.execute(ctx.tx)
  const profile = rows[0]
  return {
    lifecycleStage: profile?.lifecycleStage ?? null,
    relationshipStage: profile?.relationshipStage ?? null,
    customerType: profile?.customerType ?? null,
    history: rows.flatMap((h): StageChange[] =>
      h.id === null
        ? []
        : [{ id: h.id, field: h.field!, from: h.fromValue, to: h.toValue, changedBy: h.changedBy, changedByName: h.changedByName, changedAt: h.changedAt!.toISOString() }],
    ),
  }
}

export async function getStages(ctx: ServiceContext, type: CustomerRecordType, id: string): Promise<CustomerStages> {
  return loadStages(ctx, type, await visibleRecordId(ctx, type, id))
}

export async function setStages(ctx: ServiceContext, type: CustomerRecordType, requestedId: string, patch: StagesPatch): Promise<CustomerStages> {
  const id = await updatableRecordId(ctx, type, requestedId)
  const column = customerColumn(type)
  const conflictTarget = type === 'accounts' ? sql`(tenant_id, account_id) where account_id is not null` : sql`(tenant_id, contact_id) where contact_id is not null`
  // Make sure the row exists, then lock it: two people moving the same stage at once serialize here.
  await sql`insert into customer_profiles (id, tenant_id, ${sql.ref(type === 'accounts' ? 'account_id' : 'contact_id')})
    values (${newId()}, ${ctx.actor.tenantId}, ${id}) on conflict ${conflictTarget} do nothing`.execute(ctx.tx)
  const before: ProfileRow = await ctx.tx
    .selectFrom('customerProfiles')
    .select(['lifecycleStage', 'relationshipStage', 'customerType'])
    .where(column, '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const changed = STAGE_FIELDS.filter((field) => patch[field] !== undefined && patch[field] !== before[field])
  if (changed.length > 0) {
    const after: ProfileRow = { ...before, ...Object.fromEntries(changed.map((f) => [f, patch[f]])) }
    await ctx.tx
      .updateTable('customerProfiles')
      .set({ ...after, updatedBy: ctx.actor.userId, updatedAt: sql<Date>`now()` })
      .where(column, '=', id)
      .execute()
    await ctx.tx
      .insertInto('customerStageChanges')
      .values(
        changed.map((field) => ({
          id: newId(),
          tenantId: ctx.actor.tenantId,
          [column]: id,
          field,
          fromValue: before[field],
          toValue: after[field],
          changedBy: ctx.actor.userId,
        })),
      )
      .execute()
    const pick = (row: ProfileRow) => Object.fromEntries(changed.map((f) => [f, row[f]]))
    // Its own action, so the timeline shows it once (as a stage change) and not again as a field edit.
    await recordAudit(ctx, { objectType: type, objectId: id, action: 'set_stage', before: pick(before), after: pick(after) })
    await emitEvent(ctx, `${EVENT_PREFIX[type]}.stage_changed`, { objectType: type, objectId: id, payload: { changes: changed.map((f) => ({ field: f, from: before[f], to: after[f] })) } })
  }
  return loadStages(ctx, type, id)
}
