/**
 * Custom field definitions (カスタム項目): admins define the extra fields of accounts, contacts and deals.
 * Every write checks the role, audits and emits an event in one transaction.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, type ErrorDetail, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import {
  countRecordsWithValue,
  type DefinitionRow,
  deleteDefinitionRow,
  findDefinitionByKey,
  findDefinitionRow,
  insertDefinition,
  listDefinitionRows,
  removeValues,
  updateDefinitionRow,
} from './custom-fields.queries.ts'
import type { CustomFieldCreate, CustomFieldDefinition, CustomFieldListQuery, CustomFieldPatch, CustomFieldType } from './custom-fields.schema.ts'
import { valueSchema } from './custom-fields.values.ts'

const OBJECT = 'customFields'
const SELECTS = new Set<CustomFieldType>(['single_select', 'multi_select'])

function present(row: DefinitionRow): CustomFieldDefinition {
  return {
    id: row.id,
    object: row.object,
    key: row.key,
    label: { ja: row.labelJa, en: row.labelEn },
    type: row.type as CustomFieldType,
    options: row.options,
    required: row.required,
    unique: row.isUnique,
    defaultValue: row.defaultValue ?? null,
    position: row.position,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(row: DefinitionRow): Record<string, unknown> {
  const { tenantId: _tenantId, ...fields } = row
  return fields
}

/** Options belong to select types only, with distinct values; a default must be a valid value. */
function assertShape(type: CustomFieldType, options: CustomFieldCreate['options'], defaultValue: unknown, unique: boolean): void {
  const details: ErrorDetail[] = []
  if (SELECTS.has(type)) {
    if (!options || options.length === 0) details.push({ path: 'options', message: 'A select field needs at least one option.' })
    else if (new Set(options.map((o) => o.value)).size !== options.length) details.push({ path: 'options', message: 'Option values must be distinct.' })
  } else if (options && options.length > 0) details.push({ path: 'options', message: 'Only select fields have options.' })
  if (defaultValue !== undefined && defaultValue !== null && !valueSchema(type, options ?? []).safeParse(defaultValue).success) {
    details.push({ path: 'defaultValue', message: `Not a valid ${type} value.` })
  }
  if (unique && (type === 'boolean' || type === 'multi_select' || type === 'long_text')) details.push({ path: 'unique', message: `A ${type} field cannot be unique.` })
  if (details.length > 0) throw invalid('The field definition is not valid.', details)
}

export async function listCustomFields(ctx: ServiceContext, query: CustomFieldListQuery): Promise<CustomFieldDefinition[]> {
  // Everyone who reads records needs the definitions to show them; changing them is for admins.
  const rows = await listDefinitionRows(ctx, { object: query.object, includeInactive: query.includeInactive === 'true' })
  return rows.map(present)
}

export async function getCustomField(ctx: ServiceContext, id: string): Promise<CustomFieldDefinition> {
  const row = await findDefinitionRow(ctx, id)
  if (!row) throw notFound('Custom field')
  return present(row)
}

export async function createCustomField(ctx: ServiceContext, input: CustomFieldCreate): Promise<CustomFieldDefinition> {
  authorize(ctx, OBJECT, 'create')
  assertShape(input.type, input.options, input.defaultValue, input.unique ?? false)
  if (await findDefinitionByKey(ctx, input.object, input.key)) {
    throw conflict('A custom field with this key already exists.', [{ path: 'key', message: 'Already used on this object.' }])
  }
  // A key reused after a delete starts clean (delete removes values; this guards old rows anyway).
  if ((await countRecordsWithValue(ctx, input.object, input.key)) > 0) await removeValues(ctx, input.object, input.key)
  const id = newId()
  await insertDefinition(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    object: input.object,
    key: input.key,
    labelJa: input.label.ja,
    labelEn: input.label.en,
    type: input.type,
    options: JSON.stringify(input.options ?? []),
    required: input.required ?? false,
    isUnique: input.unique ?? false,
    defaultValue: input.defaultValue === undefined || input.defaultValue === null ? null : JSON.stringify(input.defaultValue),
    position: input.position ?? 0,
    active: input.active ?? true,
  })
  const created = await findDefinitionRow(ctx, id)
  if (!created) throw notFound('Custom field')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'custom_field.created', { objectType: OBJECT, objectId: id, payload: { object: created.object, key: created.key } })
  return present(created)
}

export async function updateCustomField(ctx: ServiceContext, id: string, patch: CustomFieldPatch): Promise<CustomFieldDefinition> {
  authorize(ctx, OBJECT, 'update')
  const before = await findDefinitionRow(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Custom field')
  const type = patch.type ?? (before.type as CustomFieldType)
  const options = patch.options ?? (SELECTS.has(type) ? before.options : undefined)
  const defaultValue = patch.defaultValue === undefined ? before.defaultValue : patch.defaultValue
  assertShape(type, SELECTS.has(type) || patch.options ? options : undefined, defaultValue, patch.unique ?? before.isUnique)
  if (type !== before.type && (await countRecordsWithValue(ctx, before.object, before.key)) > 0) {
    throw conflict('The type cannot change while records hold values for this field.', [{ path: 'type', message: 'Records have values.' }])
  }
  await updateDefinitionRow(ctx, id, {
    ...(patch.label ? { labelJa: patch.label.ja, labelEn: patch.label.en } : {}),
    ...(patch.type ? { type: patch.type } : {}),
    ...(patch.options || !SELECTS.has(type) ? { options: JSON.stringify(SELECTS.has(type) ? options : []) } : {}),
    ...(patch.required !== undefined ? { required: patch.required } : {}),
    ...(patch.unique !== undefined ? { isUnique: patch.unique } : {}),
    ...(patch.defaultValue !== undefined ? { defaultValue: patch.defaultValue === null ? null : JSON.stringify(patch.defaultValue) } : {}),
    ...(patch.position !== undefined ? { position: patch.position } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  })
  const after = await findDefinitionRow(ctx, id)
  if (!after) throw notFound('Custom field')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'custom_field.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return present(after)
}

/** Deleting a field deletes its values on every record of the tenant (audited as one entry). */
export async function deleteCustomField(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findDefinitionRow(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Custom field')
  await removeValues(ctx, before.object, before.key)
  await deleteDefinitionRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'custom_field.deleted', { objectType: OBJECT, objectId: id, payload: { object: before.object, key: before.key } })
}
