/** Administration API types and the shared list/option hooks of the admin pages. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api, type Query } from '../../api/client.ts'
import type { Page, Permissions } from '../../api/types.ts'

export interface User {
  id: string
  email: string
  name: string
  roleId: string
  roleName: string
  teamId: string | null
  teamName: string | null
  status: 'active' | 'disabled'
  lastLoginAt: string | null
  createdAt: string
}

export interface Invitation {
  id: string
  email: string
  roleId: string
  roleName: string
  teamId?: string | null
  expiresAt: string
  acceptedAt: string | null
  createdAt: string
  acceptUrl?: string
}

export interface Team {
  id: string
  name: string
  parentId: string | null
  memberCount: number
  createdAt: string
}

export interface Role {
  id: string
  key: string
  name: string
  isSystem: boolean
  permissions: Permissions
  createdAt: string
}

export interface AccessObjectInfo {
  key: string
  label: { ja: string; en: string }
  administrative: boolean
  ownedRecords: boolean
  fields: { key: string; label: { ja: string; en: string } }[]
}

export interface ApiToken {
  id: string
  name: string
  prefix: string
  roleId: string
  roleName: string
  lastUsedAt: string | null
  expiresAt: string | null
  revokedAt: string | null
  createdAt: string
}

export interface AuditEntry {
  id: string
  actorId: string | null
  actorName: string | null
  objectType: string
  objectId: string | null
  action: string
  changes: Record<string, { before: unknown; after: unknown }>
  requestId: string | null
  ip: string | null
  createdAt: string
}

export interface Job {
  id: string
  type: string
  status: 'dead' | 'failed' | 'pending' | 'running' | 'done'
  attempts: number
  maxAttempts: number
  runAt: string
  lastError: string | null
  createdAt: string
}

/** A keyset-paged list ("load more"); the key's first part is the resource name. */
export function useKeysetList<T>(resource: string, path: string, query: Query = {}) {
  const list = useInfiniteQuery({
    queryKey: [resource, 'list', query],
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...query, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
  return { ...list, rows: list.data?.pages.flatMap((p) => p.data) ?? [] }
}

/** Every role / team, for selects (tenants have few of both). */
export function useRoleOptions() {
  return useQuery({ queryKey: ['roles', 'options'], queryFn: () => api.get<Page<Role>>('/api/v1/roles', { limit: 200 }), select: (p) => p.data })
}

export function useTeamOptions() {
  return useQuery({ queryKey: ['teams', 'options'], queryFn: () => api.get<Page<Team>>('/api/v1/teams', { limit: 200 }), select: (p) => p.data })
}

export function useAccessObjects() {
  return useQuery({ queryKey: ['access-objects'], queryFn: () => api.get<AccessObjectInfo[]>('/api/v1/access-objects'), staleTime: 10 * 60_000 })
}
