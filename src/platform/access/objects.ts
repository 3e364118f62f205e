/**
 * The objects that roles grant rights on, and the fields that field rules may hide or
 * lock. Modules register theirs at import time; the role editor and the API read this.
 */
export interface Label {
  ja: string
  en: string
}

export interface AccessObject {
  /** Permission key, e.g. "accounts". */
  name: string
  /** How the role editor names the object. */
  label?: Label
  /** Fields a role may mark hidden or read-only (API field names). */
  fields: readonly string[]
  /** How the role editor names each field; a field without one shows a label made from its key. */
  fieldLabels?: Readonly<Record<string, Label>>
  /** Objects that only admins normally manage (users, roles, …). */
  administrative?: boolean
  /** An administrative object every built-in role may read (e.g. pipelines, which deals need). */
  readableByEveryone?: boolean
  /** An administrative object that managers may change too (e.g. quotas of their people). */
  managerEditable?: boolean
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

/** "annualRevenue" → "Annual revenue": a readable fallback until a module names its fields. */
export function labelFromKey(key: string): Label {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  const text = words.charAt(0).toUpperCase() + words.slice(1)
  return { ja: text, en: text }
}

// Platform objects.
registerAccessObject({ name: 'users', label: { ja: 'ユーザー', en: 'Users' }, fields: [], administrative: true, readableByEveryone: true })
registerAccessObject({ name: 'teams', label: { ja: 'チーム', en: 'Teams' }, fields: [], administrative: true, readableByEveryone: true })
registerAccessObject({ name: 'roles', label: { ja: 'ロール', en: 'Roles' }, fields: [], administrative: true })
registerAccessObject({ name: 'invitations', label: { ja: '招待', en: 'Invitations' }, fields: [], administrative: true })
registerAccessObject({ name: 'apiTokens', label: { ja: 'APIトークン', en: 'API tokens' }, fields: [], administrative: true })
registerAccessObject({ name: 'audit', label: { ja: '監査ログ', en: 'Audit log' }, fields: [], administrative: true })
registerAccessObject({ name: 'jobs', label: { ja: 'ジョブ', en: 'Jobs' }, fields: [], administrative: true })
