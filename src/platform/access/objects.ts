/**
 * The objects that roles grant rights on, and the fields that field rules may hide or
 * lock. Modules register theirs at import time; the role editor and the API read this.
 */
export interface AccessObject {
  /** Permission key, e.g. "accounts". */
  name: string
  /** Fields a role may mark hidden or read-only (API field names). */
  fields: readonly string[]
  /** Objects that only admins normally manage (users, roles, …). */
  administrative?: boolean
  /** Records have an owner, so own/team visibility applies. */
  ownedRecords?: boolean
}

const registry = new Map<string, AccessObject>()

export function registerAccessObject(object: AccessObject): AccessObject {
  registry.set(object.name, object)
  return object
}

export function listAccessObjects(): AccessObject[] {
  return [...registry.values()]
}

export function findAccessObject(name: string): AccessObject | undefined {
  return registry.get(name)
}

// Platform objects.
registerAccessObject({ name: 'users', fields: [], administrative: true })
registerAccessObject({ name: 'teams', fields: [], administrative: true })
registerAccessObject({ name: 'roles', fields: [], administrative: true })
registerAccessObject({ name: 'invitations', fields: [], administrative: true })
registerAccessObject({ name: 'apiTokens', fields: [], administrative: true })
registerAccessObject({ name: 'audit', fields: [], administrative: true })
registerAccessObject({ name: 'jobs', fields: [], administrative: true })
