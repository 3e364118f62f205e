/** 名寄せ (duplicates) over the API: the queue, the scan, the check while typing and the merge. docs/api-contract.md. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type DuplicateType = 'contacts' | 'accounts'
export type MatchLevel = 'likely' | 'possible' | 'none'
export type Signal = 'email' | 'phone' | 'name_company' | 'kana_company' | 'name_kana' | 'company' | 'company_kana' | 'name'

export interface RecordSummary {
  id: string
  name: string
  detail: string | null
}

export interface DuplicateCandidate {
  id: string
  type: DuplicateType
  score: number
  level: MatchLevel
  reasons: Signal[]
  status: 'open' | 'dismissed' | 'merged'
  a: RecordSummary
  b: RecordSummary
}

export interface DuplicateMatch {
  id: string
  name: string
  score: number
  level: MatchLevel
  reasons: Signal[]
}

export interface ScanStatus {
  type: DuplicateType
  status: 'idle' | 'pending' | 'running' | 'done' | 'failed'
  jobId: string | null
  requestedAt: string | null
  finishedAt: string | null
  error: string | null
  openCandidates: number
}

export interface DuplicateProbe {
  name?: string
  kana?: string
  company?: string
  email?: string
  phone?: string
}

export interface MergeBody {
  type: DuplicateType
  survivorId: string
  mergedIds: string[]
  fields: Record<string, string>
}

export interface MergeResult {
  type: DuplicateType
  survivorId: string
  mergedIds: string[]
  repointed: Record<string, number>
}

export function useDuplicateQueue(type: DuplicateType) {
  return useInfiniteQuery({
    queryKey: ['duplicates', 'queue', type],
    queryFn: ({ pageParam }) => api.get<Page<DuplicateCandidate>>('/api/v1/duplicates', { type, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

/** The latest scan; polled every second and a half while it is queued or running. */
export function useScanStatus(type: DuplicateType) {
  return useQuery({
    queryKey: ['duplicates', 'scan', type],
    queryFn: () => api.get<ScanStatus>('/api/v1/duplicates/scan', { type }),
    refetchInterval: (query) => (query.state.data?.status === 'pending' || query.state.data?.status === 'running' ? 1500 : false),
  })
}

export function useStartScan(type: DuplicateType) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ jobId: string | null }>('/api/v1/duplicates/scan', { type }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['duplicates', 'scan', type] }),
  })
}

export function useDismissCandidate(type: DuplicateType) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/duplicates/${id}/dismiss`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['duplicates', 'queue', type] })
      void client.invalidateQueries({ queryKey: ['duplicates', 'scan', type] })
    },
  })
}

/** Trimmed probe without empty parts; null when there is nothing worth checking yet. */
function cleanProbe(probe: DuplicateProbe): DuplicateProbe | null {
  const out: DuplicateProbe = {}
  for (const [key, value] of Object.entries(probe) as [keyof DuplicateProbe, string | undefined][]) {
    const text = value?.trim()
    if (text) out[key] = text
  }
  return out.name || out.kana || out.email || (out.phone && out.phone.replace(/\D/g, '').length >= 6) ? out : null
}

/** Existing records like the one being typed (the caller debounces the probe). */
export function useDuplicateCheck(type: DuplicateType, probe: DuplicateProbe, enabled = true) {
  const clean = cleanProbe(probe)
  return useQuery({
    queryKey: ['duplicates', 'check', type, clean],
    queryFn: async () => (await api.get<{ data: DuplicateMatch[] }>('/api/v1/duplicates/check', { type, ...clean })).data,
    enabled: enabled && clean !== null,
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  })
}

export function useMerge() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: MergeBody) => api.post<MergeResult>('/api/v1/duplicates/merge', body),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['duplicates'] })
      void client.invalidateQueries({ queryKey: [result.type] })
    },
  })
}
