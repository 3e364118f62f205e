/**
 * Roles (ロール): what each member may do to each object and which fields they may not see
 * or change. Built-in roles may be renamed and retuned (except admin); custom roles are free.
 */
import { findAccessObject, labelFromKey, listAccessObjects } from '../../platform/access/objects.ts'
import { authorize } from '../../platform/access/policy.ts'
import { isSystemRoleKey, normalizePermissions } from '../../platform/access/roles.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { Permissions } from '../../platform/db/schema.ts'
import { conflict, type ErrorDetail, forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { countRoleUses, deleteRoleRow, findRoleRow, insertRole, listRoleRows, roleKeyTaken, type RoleRow, updateRoleRow } from './roles.queries.ts'
import type { AccessObjectInfo, Role, RoleCreate, RoleListQuery, RolePatch } from './roles.schema.ts'
import { CUSTOM_FIELD_OBJECTS, CUSTOM_KEY } from '../custom-fields/custom-fields.schema.ts'

const OBJECT = 'roles'

function presentRole(row: RoleRow): Role {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    isSystem: row.isSystem,
    // The full matrix, including objects registered after the role was saved.
    permissions: normalizePermissions(row.permissions, row.key, row.isSystem),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(row: RoleRow): Record<string, unknown> {
  return { key: row.key, name: row.name, isSystem: row.isSystem, permissions: row.permissions }
}

/** `custom.<key>` rules on objects that have custom fields. */
function isCustomFieldRule(object: string, field: string): boolean {
  return (CUSTOM_FIELD_OBJECTS as readonly string[]).includes(object) && field.startsWith('custom.') && CUSTOM_KEY.test(field.slice('custom.'.length))
}

/** Every object and field named must be registered, so a typo can never silently grant or hide nothing. */
export function validatePermissions(permissions: Permissions): Permissions {
  const details: ErrorDetail[] = []
  for (const name of Object.keys(permissions.objects)) {
    if (!findAccessObject(name)) details.push({ path: `permissions.objects.${name}`, message: 'Unknown object.' })
  }
  for (const [name, rules] of Object.entries(permissions.fields ?? {})) {
    const object = findAccessObject(name)
    if (!object) {
      details.push({ path: `permissions.fields.${name}`, message: 'Unknown object.' })
      continue
    }
    for (const field of Object.keys(rules)) {
      // Custom fields are per tenant, so their rules are named `custom.<key>` rather than registered.
      if (!object.fields.includes(field) && !isCustomFieldRule(name, field)) details.push({ path: `permissions.fields.${name}.${field}`, message: `Unknown field of ${name}.` })
    }
  }
  if (details.length > 0) throw invalid('The permissions name objects or fields that do not exist.', details)
  return { objects: permissions.objects, fields: permissions.fields ?? {} }
}

/** For other modules: the role with this id in the actor's tenant, if any. */
export async function findRole(ctx: ServiceContext, id: string): Promise<{ id: string; key: string; name: string; isSystem: boolean } | undefined> {
  const row = await findRoleRow(ctx, id)
  return row ? { id: row.id, key: row.key, name: row.name, isSystem: row.isSystem } : undefined
}

export async function listRoles(ctx: ServiceContext, query: RoleListQuery): Promise<Page<Role>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  const rows = await listRoleRows(ctx, { limit: query.limit, after: after ? String(after[0]) : null })
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentRole), nextCursor: page.nextCursor }
}

export async function getRole(ctx: ServiceContext, id: string): Promise<Role> {
  authorize(ctx, OBJECT, 'read')
  const row = await findRoleRow(ctx, id)
  if (!row) throw notFound('Role')
  return presentRole(row)
}

function keyFromName(name: string): string | null {
  const ascii = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 32)
  return ascii.length >= 2 ? ascii : null
}

async function chooseKey(ctx: ServiceContext, input: RoleCreate): Promise<string> {
  if (input.key !== undefined) {
    if (isSystemRoleKey(input.key) || (await roleKeyTaken(ctx, input.key))) {
      throw conflict(`The role key "${input.key}" is already in use.`, [{ path: 'key', message: 'Already used by another role.' }])
    }
    return input.key
  }
  const base = keyFromName(input.name) ?? 'custom'
  let key = base
  while (isSystemRoleKey(key) || (await roleKeyTaken(ctx, key))) key = `${base}-${newId().slice(-6)}`
  return key
}

export async function createRole(ctx: ServiceContext, input: RoleCreate): Promise<Role> {
  authorize(ctx, OBJECT, 'create')
  const permissions = validatePermissions(input.permissions)
  const key = await chooseKey(ctx, input)
  const id = newId()
  await insertRole(ctx, { id, tenantId: ctx.actor.tenantId, key, name: input.name, isSystem: false, permissions: JSON.stringify(permissions) })
  const created = await findRoleRow(ctx, id)
  if (!created) throw notFound('Role')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'role.created', { objectType: OBJECT, objectId: id, payload: { key, name: created.name } })
  return presentRole(created)
}

export async function updateRole(ctx: ServiceContext, id: string, patch: RolePatch): Promise<Role> {
  authorize(ctx, OBJECT, 'update')
  const before = await findRoleRow(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Role')
  // Someone must always be able to administer the tenant, so admin keeps every right.
  if (before.isSystem && before.key === 'admin') throw forbidden('The administrator role always has every right and cannot be changed.')
  const permissions = patch.permissions === undefined ? undefined : validatePermissions(patch.permissions)
  await updateRoleRow(ctx, id, { name: patch.name, permissions })
  const after = await findRoleRow(ctx, id)
  if (!after) throw notFound('Role')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'role.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentRole(after)
}

export async function deleteRole(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findRoleRow(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Role')
  if (before.isSystem) throw forbidden('Built-in roles cannot be deleted.')
  const uses = await countRoleUses(ctx, id)
  if (uses.members + uses.tokens + uses.invitations > 0) {
    const parts = [
      uses.members > 0 ? `${uses.members} member(s)` : null,
      uses.tokens > 0 ? `${uses.tokens} API token(s)` : null,
      uses.invitations > 0 ? `${uses.invitations} open invitation(s)` : null,
    ].filter(Boolean)
    throw conflict(`This role is still used by ${parts.join(', ')}. Give them another role first.`, [{ path: 'id', message: 'Role in use.' }])
  }
  await deleteRoleRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'role.deleted', { objectType: OBJECT, objectId: id, payload: { key: before.key, name: before.name } })
}

/** The registered objects and their fields, so the role editor can draw its matrix. */
export function listAccessObjectInfo(): AccessObjectInfo[] {
  return listAccessObjects().map((object) => ({
    key: object.name,
    label: object.label ?? labelFromKey(object.name),
    administrative: object.administrative ?? false,
    ownedRecords: object.ownedRecords ?? false,
    fields: object.fields.map((field) => ({ key: field, label: object.fieldLabels?.[field] ?? labelFromKey(field) })),
  }))
}
