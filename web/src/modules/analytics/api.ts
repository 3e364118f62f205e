/** Analytics over the API: RFM summary, customer scores, settings. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type Segment = 'loyal' | 'repeat' | 'one_time' | 'dormant' | 'prospect'
export const SEGMENT_ORDER: Segment[] = ['loyal', 'repeat', 'one_time', 'dormant', 'prospect']
export const SEGMENT_COLOR: Record<Segment, string> = { loyal: 'grape', repeat: 'blue', one_time: 'teal', dormant: 'orange', prospect: 'gray' }

export interface RfmSettings {
  loyalMinPurchases: number
  loyalMinTenureDays: number
  dormantAfterDays: number
}

export interface RfmSummary {
  computedAt: string | null
  settings: RfmSettings
  segments: { segment: Segment; customers: number; monetary: number }[]
  grid: { r: number; f: number; customers: number }[]
}

export interface CustomerScore {
  accountId: string
  accountName: string
  purchases: number
  monetary: number
  firstPurchaseOn: string | null
  lastPurchaseOn: string | null
  recencyDays: number | null
  r: number | null
  f: number | null
  m: number | null
  segment: Segment
  computedAt: string
}

export function useRfmSummary() {
  return useQuery({ queryKey: ['analytics', 'rfm', 'summary'], queryFn: () => api.get<RfmSummary>('/api/v1/analytics/rfm/summary') })
}

export function useCustomerScores(segment: Segment | null) {
  return useInfiniteQuery({
    queryKey: ['analytics', 'rfm', 'customers', segment],
    queryFn: ({ pageParam }) => api.get<Page<CustomerScore>>('/api/v1/analytics/rfm/customers', { segment, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useCustomerScore(accountId: string) {
  return useQuery({
    queryKey: ['analytics', 'rfm', 'one', accountId],
    queryFn: () => api.get<CustomerScore>(`/api/v1/analytics/rfm/customers/${accountId}`),
    retry: false,
  })
}

export function useRefreshRfm() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ jobId: string | null }>('/api/v1/analytics/rfm/refresh', {}),
    // The job runs in the background; look again shortly.
    onSuccess: () => setTimeout(() => void client.invalidateQueries({ queryKey: ['analytics'] }), 3000),
  })
}

export function useSaveRfmSettings() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<RfmSettings>) => api.patch<RfmSettings>('/api/v1/analytics/rfm/settings', body),
    onSuccess: () => setTimeout(() => void client.invalidateQueries({ queryKey: ['analytics'] }), 3000),
  })
}
