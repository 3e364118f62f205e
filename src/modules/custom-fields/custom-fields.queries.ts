/** The only file that touches custom_field_definitions. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { CustomFieldDefinitionsTable } from '../../platform/db/schema.ts'
import type { CustomFieldObject } from './custom-fields.schema.ts'

export type DefinitionRow = Selectable<CustomFieldDefinitionsTable>

export function listDefinitionRows(ctx: Pick<ServiceContext, 'tx'>, filter: { object?: CustomFieldObject; includeInactive?: boolean }): Promise<DefinitionRow[]> {
  let query = ctx.tx.selectFrom('customFieldDefinitions').selectAll()
  if (filter.object) query = query.where('object', '=', filter.object)
  if (!filter.includeInactive) query = query.where('active', '=', true)
  return query.orderBy('object').orderBy('position').orderBy('key').execute()
}

export function findDefinitionRow(ctx: Pick<ServiceContext, 'tx'>, id: string, options: { forUpdate?: boolean } = {}): Promise<DefinitionRow | undefined> {
  let query = ctx.tx.selectFrom('customFieldDefinitions').selectAll().where('id', '=', id)
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

export function findDefinitionByKey(ctx: Pick<ServiceContext, 'tx'>, object: CustomFieldObject, key: string): Promise<DefinitionRow | undefined> {
  return ctx.tx.selectFrom('customFieldDefinitions').selectAll().where('object', '=', object).where('key', '=', key).executeTakeFirst()
}

export async function insertDefinition(ctx: ServiceContext, values: Insertable<CustomFieldDefinitionsTable>): Promise<void> {
  await ctx.tx.insertInto('customFieldDefinitions').values(values).execute()
}

export async function updateDefinitionRow(ctx: ServiceContext, id: string, values: Updateable<CustomFieldDefinitionsTable>): Promise<void> {
  await ctx.tx.updateTable('customFieldDefinitions').set({ ...values, updatedAt: sql<Date>`now()` }).where('id', '=', id).execute()
}

export async function deleteDefinitionRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('customFieldDefinitions').where('id', '=', id).execute()
}

/** Records of the tenant (RLS) that hold a value for the key. */
export async function countRecordsWithValue(ctx: Pick<ServiceContext, 'tx'>, object: CustomFieldObject, key: string): Promise<number> {
  const row = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(object)} where custom ? ${key}`.execute(ctx.tx)
  return Number(row.rows[0]?.n ?? 0)
}

/** Drops a deleted field's values from every record of the tenant. */
export async function removeValues(ctx: Pick<ServiceContext, 'tx'>, object: CustomFieldObject, key: string): Promise<void> {
  await sql`update ${sql.table(object)} set custom = custom - ${key} where custom ? ${key}`.execute(ctx.tx)
}

/** Another record of the tenant with the same value (RLS keeps the check inside the tenant). */
export async function valueTakenBy(ctx: Pick<ServiceContext, 'tx'>, object: CustomFieldObject, key: string, value: unknown, exceptId: string): Promise<boolean> {
  // Serialises concurrent writers of the same field so two transactions cannot both pass the check.
  await sql`select pg_advisory_xact_lock(hashtext(${`custom:${object}:${key}`}))`.execute(ctx.tx)
  const row = await sql<{ id: string }>`select id from ${sql.table(object)}
    where custom @> ${JSON.stringify({ [key]: value })}::jsonb and custom -> ${key} = ${JSON.stringify(value)}::jsonb and id <> ${exceptId}::uuid limit 1`.execute(ctx.tx)
  return row.rows.length > 0
}
