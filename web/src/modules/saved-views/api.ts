/** List views over the API: the field catalogue, POST …/query pages, saved views and bulk actions. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type ListObject = 'accounts' | 'contacts'
export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'select' | 'user' | 'team' | 'account' | 'tags'
export type Operator = 'eq' | 'neq' | 'contains' | 'startsWith' | 'isEmpty' | 'isNotEmpty' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'hasTag'
export interface Label {
  ja: string
  en: string
}

export interface ListField {
  key: string
  type: FieldType
  label: Label
  operators: Operator[]
  options?: { value: string; label: Label }[]
  bulkEditable: boolean
}

export interface ListCatalogue {
  object: ListObject
  fields: ListField[]
  sorts: { key: string; label: Label }[]
}

export interface FilterCondition {
  field: string
  operator: Operator
  value?: unknown
}
export interface FilterGroup {
  combinator: 'and' | 'or'
  conditions: (FilterCondition | FilterGroup)[]
}
export const isGroup = (node: FilterCondition | FilterGroup): node is FilterGroup => 'combinator' in node

export type Sharing = 'private' | 'tenant' | 'team'
export interface SavedView {
  id: string
  object: ListObject
  name: string
  sharing: Sharing
  teamId: string | null
  ownerId: string
  ownerName: string | null
  filter: FilterGroup | null
  sort: string | null
  columns: string[]
  canEdit: boolean
  createdAt: string
  updatedAt: string
}
export type SavedViewWrite = Partial<Pick<SavedView, 'name' | 'sharing' | 'teamId' | 'filter' | 'sort' | 'columns'>>

export type BulkAction =
  | { type: 'update'; field: string; value: unknown }
  | { type: 'assignOwner'; ownerId: string }
  | { type: 'addTag' | 'removeTag'; tag: string }
  | { type: 'delete' }
export interface BulkSelection {
  ids?: string[]
  matching?: { filter: FilterGroup | null; q?: string }
}
export interface BulkResult {
  matched: number
  succeeded: string[]
  failed: { id: string; code: string; message: string }[]
}

export const BULK_LIMIT = 1000
const PAGE_SIZE = 50

export function useListCatalogue(object: ListObject) {
  return useQuery({ queryKey: ['list-fields', object], queryFn: () => api.get<ListCatalogue>(`/api/v1/list-fields/${object}`), staleTime: 60_000 })
}

/** Only complete conditions go to the server: the builder may hold half-filled rows while the user types. */
export function completeFilter(group: FilterGroup | null): FilterGroup | null {
  if (!group) return null
  const conditions = group.conditions
    .map((node) => (isGroup(node) ? completeFilter(node) : node))
    .filter((node): node is FilterCondition | FilterGroup => {
      if (node === null) return false
      if (isGroup(node)) return node.conditions.length > 0
      if (!node.field) return false
      if (node.operator === 'isEmpty' || node.operator === 'isNotEmpty') return true
      if (Array.isArray(node.value)) return node.value.length > 0 && node.value.every((v) => v !== '' && v !== null && v !== undefined)
      return node.value !== undefined && node.value !== null && node.value !== ''
    })
  return conditions.length > 0 ? { combinator: group.combinator, conditions } : null
}

export function useListQuery<T>(object: ListObject, body: { filter: FilterGroup | null; sort: string; q: string }) {
  const list = useInfiniteQuery({
    queryKey: [object, 'list', 'query', body],
    queryFn: ({ pageParam }) =>
      api.post<Page<T>>(`/api/v1/${object}/query`, { filter: body.filter, sort: body.sort, ...(body.q ? { q: body.q } : {}), limit: PAGE_SIZE, cursor: pageParam ?? null }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
  return { ...list, rows: list.data?.pages.flatMap((p) => p.data) ?? [] }
}

export function useSavedViews(object: ListObject) {
  return useQuery({ queryKey: ['saved-views', object], queryFn: () => api.get<{ data: SavedView[] }>('/api/v1/saved-views', { object }), select: (r) => r.data })
}

export function useSaveView(object: ListObject) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: SavedViewWrite }) =>
      id ? api.patch<SavedView>(`/api/v1/saved-views/${id}`, body) : api.post<SavedView>('/api/v1/saved-views', { object, ...body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['saved-views', object] }),
  })
}

export function useDeleteView(object: ListObject) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/saved-views/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['saved-views', object] }),
  })
}

export function useBulkAction(object: ListObject) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: BulkSelection & { action: BulkAction }) => api.post<BulkResult>(`/api/v1/${object}/bulk`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: [object] }),
  })
}

export interface Option {
  id: string
  name: string
}

/** Users and teams of the tenant for owner / team pickers (tenants have few of both). */
export function usePeople() {
  return useQuery({ queryKey: ['users', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/users', { limit: 200 }), staleTime: 60_000, select: (p) => p.data })
}
export function useTeams() {
  return useQuery({ queryKey: ['teams', 'options'], queryFn: () => api.get<Page<Option>>('/api/v1/teams', { limit: 200 }), staleTime: 60_000, select: (p) => p.data })
}
