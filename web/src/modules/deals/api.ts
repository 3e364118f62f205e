/** Deals (商談) and pipelines over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type StageKind = 'open' | 'won' | 'lost'

export interface PipelineStage {
  id: string
  name: string
  probability: number
  kind: StageKind
  position: number
}

export interface Pipeline {
  id: string
  name: string
  isDefault: boolean
  stages: PipelineStage[]
}

export interface Deal {
  id: string
  name?: string
  pipelineId: string
  stageId?: string
  stageName?: string
  probability?: number
  status: StageKind
  amount?: number | null
  currency?: string
  expectedCloseDate?: string | null
  accountId?: string | null
  accountName?: string | null
  competitors?: string[]
  closeReason?: string | null
  closedAt: string | null
  stageEnteredAt: string
  notes?: string | null
  ownerId?: string | null
  ownerName?: string | null
  teamId?: string | null
  custom?: Record<string, unknown>
  createdAt: string
  updatedAt: string
}

/** A deal as its kanban card shows it (the board sends only these fields). */
export type DealCard = Pick<
  Deal,
  'id' | 'name' | 'stageId' | 'status' | 'amount' | 'currency' | 'expectedCloseDate' | 'accountId' | 'accountName' | 'ownerId' | 'ownerName' | 'closedAt' | 'stageEnteredAt'
>

export interface BoardColumn {
  stage: PipelineStage
  count: number
  totals: { currency: string; amount: number; weightedAmount: number }[]
  deals: DealCard[]
  nextCursor: string | null
}

export interface Board {
  pipeline: Pipeline
  closedSince: string
  columns: BoardColumn[]
}

export interface StageChange {
  id: string
  fromStageName: string | null
  toStageName: string | null
  secondsInFromStage: number | null
  changedByName: string | null
  changedAt: string
}

export interface DealWrite {
  name?: string
  pipelineId?: string
  stageId?: string
  amount?: number | null
  currency?: string
  expectedCloseDate?: string | null
  accountId?: string | null
  competitors?: string[]
  closeReason?: string | null
  notes?: string | null
  custom?: Record<string, unknown>
}

export const PER_STAGE = 30

export function usePipelines() {
  return useQuery({ queryKey: ['pipelines'], queryFn: () => api.get<{ data: Pipeline[] }>('/api/v1/pipelines'), staleTime: 60_000 })
}

export function useBoard(pipelineId: string | undefined, q: string) {
  return useQuery({
    queryKey: ['deals', 'board', pipelineId, q],
    queryFn: () => api.get<Board>(`/api/v1/pipelines/${pipelineId}/board`, { perStage: PER_STAGE, q }),
    enabled: Boolean(pipelineId),
  })
}

/** Further cards of one column, after the board's first page. */
export function useColumnMore(stage: PipelineStage, cursor: string | null, q: string, closedSince: string, enabled: boolean) {
  const order = stage.kind === 'open' ? { sort: 'board' } : { sort: '-closedAt', closedSince }
  return useInfiniteQuery({
    queryKey: ['deals', 'column', stage.id, cursor, q],
    queryFn: ({ pageParam }) => api.get<Page<Deal>>('/api/v1/deals', { stageId: stage.id, ...order, limit: PER_STAGE, cursor: pageParam, q }),
    initialPageParam: cursor ?? undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && cursor !== null,
  })
}

export function useDeal(id: string) {
  return useQuery({ queryKey: ['deals', 'one', id], queryFn: () => api.get<Deal>(`/api/v1/deals/${id}`) })
}

export function useStageHistory(id: string) {
  return useQuery({ queryKey: ['deals', 'history', id], queryFn: () => api.get<{ data: StageChange[] }>(`/api/v1/deals/${id}/stage-history`) })
}

export function useSaveDeal(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: DealWrite) => (id ? api.patch<Deal>(`/api/v1/deals/${id}`, body) : api.post<Deal>('/api/v1/deals', body)),
    onSuccess: (deal) => {
      client.setQueryData(['deals', 'one', deal.id], deal)
      void client.invalidateQueries({ queryKey: ['deals', 'board'] })
      void client.invalidateQueries({ queryKey: ['deals', 'account'] })
    },
  })
}

export function useMoveDeal() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, stageId, afterId, closeReason }: { id: string; stageId: string; afterId?: string | null; closeReason?: string | null }) =>
      api.post<Deal>(`/api/v1/deals/${id}/move`, { stageId, afterId: afterId ?? null, ...(closeReason !== undefined ? { closeReason } : {}) }),
    onSuccess: (deal) => {
      client.setQueryData(['deals', 'one', deal.id], deal)
      void client.invalidateQueries({ queryKey: ['deals'] })
    },
  })
}

export function useDeleteDeal() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/deals/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: ['deals', 'one', id] })
      void client.invalidateQueries({ queryKey: ['deals', 'board'] })
    },
  })
}

/** A calendar day ('YYYY-MM-DD') shown as written, never shifted by a time zone. */
export function formatDay(value: string | null | undefined, language: string): string {
  if (!value) return '—'
  const date = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return value
  return new Intl.DateTimeFormat(language.startsWith('ja') ? 'ja-JP' : 'en-US', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
}

export function formatMoney(amount: number | null | undefined, currency: string | undefined, language: string): string {
  if (amount === null || amount === undefined) return '—'
  const code = currency ?? 'JPY'
  return new Intl.NumberFormat(language.startsWith('ja') ? 'ja-JP' : 'en-US', {
    style: 'currency',
    currency: code,
    maximumFractionDigits: code === 'JPY' ? 0 : 2,
  }).format(amount)
}
