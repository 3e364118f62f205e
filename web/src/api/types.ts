/** Shapes of the Daifuku HTTP API (docs/api-contract.md) that the web UI reads. */

export type Locale = 'ja' | 'en'
export type Visibility = 'own' | 'team' | 'all'
export type CrudAction = 'create' | 'read' | 'update' | 'delete'
export type FieldRule = 'hidden' | 'readonly'

export interface ObjectPermission {
  create: boolean
  read: boolean
  update: boolean
  delete: boolean
  visibility: Visibility
}

export interface Permissions {
  objects: Record<string, ObjectPermission | undefined>
  fields: Record<string, Record<string, FieldRule | undefined> | undefined>
}

export interface SessionUser {
  id: string
  email: string
  name: string
  locale: Locale | null
  timeZone: string
}

export interface Session {
  user: SessionUser
  tenant: { id: string; name: string }
  tenants: { id: string; name: string; roleName: string }[]
  role: { id: string; key: string; name: string; permissions: Permissions }
  csrfToken: string
}

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export interface ErrorDetail {
  path: string
  message: string
}

export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal'
  | 'network'
