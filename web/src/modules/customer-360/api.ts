/** Customer 360 (顧客360°) over the API: overview, timeline pages, stages and comments. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type { Page }

export type CustomerRecordType = 'accounts' | 'contacts'
/** Records that take comments: the customer pages and deals. */
export type CommentRecordType = CustomerRecordType | 'deals'
export const LIFECYCLE_STAGES = ['reaching', 'acquisition', 'conversion', 'retention', 'inspiration'] as const
export const RELATIONSHIP_STAGES = ['awareness', 'exploration', 'expansion', 'commitment', 'dissolution'] as const
export const CUSTOMER_TYPES = ['loyal', 'discount', 'impulsive', 'need_based', 'wanderer', 'high_volume', 'high_future_value', 'benchmark', 'door_opener', 'inspiring'] as const
export const TIMELINE_KINDS = ['activity', 'comment', 'deal', 'salesDocument', 'contract', 'document', 'stage', 'change', 'event'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]
export type StageField = 'lifecycleStage' | 'relationshipStage' | 'customerType'

export interface StageChange {
  id: string
  field: StageField
  from: string | null
  to: string | null
  changedBy: string | null
  changedByName: string | null
  changedAt: string
}

export interface CustomerStages {
  lifecycleStage: string | null
  relationshipStage: string | null
  customerType: string | null
  history: StageChange[]
}

export interface TimelineItem {
  id: string
  kind: TimelineKind
  subtype: string | null
  at: string
  actorId: string | null
  actorName: string | null
  recordType: string
  recordId: string
  changes: { field: string; before: unknown; after: unknown }[] | null
  details: Record<string, unknown>
}

export interface CustomerOverview {
  recordType: CustomerRecordType
  canUpdate: boolean
  stages: CustomerStages
  timeline: Page<TimelineItem>
}

export interface Comment {
  id: string
  authorId: string | null
  authorName: string | null
  body: string
  mentions: { userId: string; name: string }[]
  editedAt: string | null
  createdAt: string
}

const TIMELINE_PAGE = 20
const key = (type: CommentRecordType, id: string) => ['customer360', type, id] as const

export function useCustomerOverview(type: CustomerRecordType, id: string) {
  return useQuery({ queryKey: [...key(type, id), 'overview'], queryFn: () => api.get<CustomerOverview>(`/api/v1/${type}/${id}/overview`) })
}

/** Pages of the merged timeline; with every kind selected the first page comes from the overview. */
export function useCustomerTimeline(type: CustomerRecordType, id: string, kinds: TimelineKind[], firstPage: Page<TimelineItem> | undefined) {
  const all = kinds.length === TIMELINE_KINDS.length
  return useInfiniteQuery({
    queryKey: [...key(type, id), 'timeline', [...kinds].sort().join(',')],
    queryFn: ({ pageParam }) =>
      api.get<Page<TimelineItem>>(`/api/v1/${type}/${id}/timeline`, { limit: TIMELINE_PAGE, cursor: pageParam, kinds: all ? undefined : kinds.join(',') }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: all && firstPage ? { pages: [firstPage], pageParams: [undefined] } : undefined,
    enabled: kinds.length > 0,
  })
}

function useRefresh360(type: CommentRecordType, id: string) {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: key(type, id) })
}

/** Comments on one record, newest first (the deal page lists them; customer pages use the timeline). */
export function useComments(type: CommentRecordType, id: string) {
  return useQuery({
    queryKey: [...key(type, id), 'comments'],
    queryFn: () => api.get<Page<Comment>>('/api/v1/comments', { recordType: type, recordId: id, limit: 50 }),
  })
}

export function useSetStages(type: CustomerRecordType, id: string) {
  const refresh = useRefresh360(type, id)
  return useMutation({
    mutationFn: (patch: Partial<Record<StageField, string | null>>) => api.put<CustomerStages>(`/api/v1/${type}/${id}/stages`, patch),
    onSuccess: () => refresh(),
  })
}

export function usePostComment(type: CommentRecordType, id: string) {
  const refresh = useRefresh360(type, id)
  return useMutation({
    mutationFn: (input: { body: string; mentionUserIds: string[] }) => api.post<Comment>('/api/v1/comments', { recordType: type, recordId: id, ...input }),
    onSuccess: () => refresh(),
  })
}

export function useEditComment(type: CommentRecordType, id: string) {
  const refresh = useRefresh360(type, id)
  return useMutation({
    mutationFn: (input: { commentId: string; body: string }) => api.patch<Comment>(`/api/v1/comments/${input.commentId}`, { body: input.body }),
    onSuccess: () => refresh(),
  })
}

export function useDeleteComment(type: CommentRecordType, id: string) {
  const refresh = useRefresh360(type, id)
  return useMutation({
    mutationFn: (commentId: string) => api.delete(`/api/v1/comments/${commentId}`),
    onSuccess: () => refresh(),
  })
}

/** Colleagues to @mention, matched by name or email. */
export function useMentionCandidates(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'mention', q],
    queryFn: () => api.get<Page<{ id: string; name: string; email: string }>>('/api/v1/users', { q: q || undefined, limit: 8 }),
    enabled,
    staleTime: 30_000,
  })
}
