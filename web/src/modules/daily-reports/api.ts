/** 日報 over the API. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export interface DailyReport {
  id: string
  date: string
  ownerId: string
  ownerName: string | null
  summary: string
  plan: string
  issues: string
  status: 'draft' | 'submitted'
  submittedAt: string | null
  commentCount: number
  updatedAt: string
}

export interface WorkActivity {
  id: string
  kind: 'task' | 'call' | 'meeting' | 'note' | 'email'
  subject: string
  at: string
  accountName: string | null
  outcome: string | null
}

export interface WorkDealChange {
  dealId: string
  dealName: string
  fromStageName: string | null
  toStageName: string | null
  toStageKind: 'open' | 'won' | 'lost' | null
  at: string
}

export interface DayView {
  date: string
  userId: string
  report: DailyReport | null
  work: { activities: WorkActivity[]; dealChanges: WorkDealChange[] }
  comments: { id: string; authorName: string | null; body: string; createdAt: string }[]
}

export function useDay(date: string, userId?: string) {
  return useQuery({ queryKey: ['daily-reports', 'day', date, userId ?? 'me'], queryFn: () => api.get<DayView>('/api/v1/daily-reports/day', { date, userId }) })
}

export function useTeamReports(date: string) {
  return useInfiniteQuery({
    queryKey: ['daily-reports', 'list', date],
    queryFn: ({ pageParam }) => api.get<Page<DailyReport>>('/api/v1/daily-reports', { from: date, to: date, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useSaveDay() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { date: string; summary: string; plan: string; issues: string; submit?: boolean }) => api.put<DailyReport>('/api/v1/daily-reports/day', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['daily-reports'] }),
  })
}

export function useComment() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ reportId, body }: { reportId: string; body: string }) => api.post(`/api/v1/daily-reports/${reportId}/comments`, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['daily-reports'] }),
  })
}
