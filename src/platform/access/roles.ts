/**
 * The built-in roles every tenant starts with. Admins may add custom roles and edit
 * these (except admin, which always keeps every right).
 */
import type { ObjectPermission, Permissions, Visibility } from '../db/schema.ts'
import { findAccessObject, listAccessObjects } from './objects.ts'

export const SYSTEM_ROLE_KEYS = ['admin', 'manager', 'sales', 'marketing', 'support', 'readonly'] as const
export type SystemRoleKey = (typeof SYSTEM_ROLE_KEYS)[number]

export const SYSTEM_ROLE_NAMES: Record<SystemRoleKey, { ja: string; en: string }> = {
  admin: { ja: '管理者', en: 'Administrator' },
  manager: { ja: 'マネージャー', en: 'Manager' },
  sales: { ja: '営業', en: 'Sales' },
  marketing: { ja: 'マーケティング', en: 'Marketing' },
  support: { ja: 'サポート', en: 'Support' },
  readonly: { ja: '閲覧のみ', en: 'Read-only' },
}

const grant = (visibility: Visibility, c: boolean, r: boolean, u: boolean, d: boolean): ObjectPermission => ({
  create: c,
  read: r,
  update: u,
  delete: d,
  visibility,
})
const none: ObjectPermission = grant('own', false, false, false, false)

/** Permissions of a built-in role over every registered object. */
export function systemRolePermissions(key: SystemRoleKey): Permissions {
  const objects: Record<string, ObjectPermission> = {}
  for (const object of listAccessObjects()) {
    objects[object.name] = systemObjectPermission(key, object.name, object.administrative ?? false)
  }
  return { objects, fields: {} }
}

function systemObjectPermission(key: SystemRoleKey, object: string, administrative: boolean): ObjectPermission {
  if (key === 'admin') return grant('all', true, true, true, true)
  if (administrative) {
    // Everyone may see who their colleagues and teams are; only admins change them.
    const found = findAccessObject(object)
    if (key === 'manager' && found?.managerEditable) return grant('all', true, true, true, true)
    if (found?.readableByEveryone) return grant('all', false, true, false, false)
    if (key === 'manager' && object === 'audit') return grant('all', false, true, false, false)
    return none
  }
  switch (key) {
    case 'manager':
      return grant('all', true, true, true, true)
    case 'sales':
      return grant('team', true, true, true, false)
    case 'marketing':
      return grant('all', true, true, true, false)
    case 'support':
      return grant('all', false, true, true, false)
    case 'readonly':
      return grant('all', false, true, false, false)
  }
}

export const isSystemRoleKey = (key: string): key is SystemRoleKey => (SYSTEM_ROLE_KEYS as readonly string[]).includes(key)

/**
 * Completes a stored role with objects it does not mention (added by modules after the
 * role was saved): built-in roles get their default, custom roles get no access.
 */
export function normalizePermissions(stored: Permissions, roleKey: string, isSystem: boolean): Permissions {
  if (isSystem && roleKey === 'admin') return systemRolePermissions('admin')
  const objects: Record<string, ObjectPermission> = {}
  for (const object of listAccessObjects()) {
    const saved = stored.objects?.[object.name]
    objects[object.name] =
      saved ?? (isSystem && isSystemRoleKey(roleKey) ? systemObjectPermission(roleKey, object.name, object.administrative ?? false) : none)
  }
  return { objects, fields: stored.fields ?? {} }
}
