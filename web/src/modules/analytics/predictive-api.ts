/** Predictive models over the API: model and run progress, refresh, cohorts, basket rules, churn risk, next best actions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'

export interface Bilingual {
  ja: string
  en: string
}

export interface AnalyticsRun {
  id: string
  status: 'queued' | 'running' | 'succeeded' | 'failed'
  step: 'queued' | 'reading' | 'training' | 'scoring' | 'cohorts' | 'baskets' | 'done' | 'failed'
  percent: number
  error: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export interface ChurnModel {
  auc: number | null
  trainSize: number | null
  testSize: number | null
  churnRate: number
  cutoffDate: string
  windowDays: number
  trainedAt: string
  weights: { feature: string; weight: number }[]
}

export interface CohortRetention {
  computedAt: string | null
  months: number
  rows: { cohortMonth: string; customers: number; retention: number[] }[]
}

export interface BasketRules {
  computedAt: string | null
  transactions: number
  minSupport: number
  rules: { antecedent: { id: string; name: string }; consequent: { id: string; name: string }; pairCount: number; support: number; confidence: number; lift: number }[]
}

export interface ChurnScore {
  accountId: string
  risk: number
  level: 'high' | 'medium' | 'low'
  reasons: { feature: string; value: number; average: number; contribution: number; text: Bilingual }[]
  computedAt: string
}

export interface NextBestAction {
  kind: 'follow_up_task' | 'renew_contract' | 'win_back' | 'cross_sell' | 'reengage'
  score: number
  title: Bilingual
  reason: Bilingual
  target: { type: 'activities' | 'contracts' | 'products'; id: string } | null
}

const active = (run: AnalyticsRun | null | undefined) => run?.status === 'queued' || run?.status === 'running'

/** Polls every second while a run is queued or running. */
export function usePredictiveModels() {
  return useQuery({
    queryKey: ['analytics', 'models'],
    queryFn: () => api.get<{ churn: ChurnModel | null; lastRun: AnalyticsRun | null }>('/api/v1/analytics/models'),
    refetchInterval: (query) => (active(query.state.data?.lastRun) ? 1000 : false),
  })
}

export function useRefreshModels() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<AnalyticsRun>('/api/v1/analytics/models/refresh', {}),
    onSuccess: (run) => {
      client.setQueryData<{ churn: ChurnModel | null; lastRun: AnalyticsRun | null }>(['analytics', 'models'], (old) => ({ churn: old?.churn ?? null, lastRun: run }))
      void client.invalidateQueries({ queryKey: ['analytics', 'models'] })
    },
  })
}

/** `version` is the finish time of the latest run: a run that ends gives a new key, so the figures are read again. */
export function useCohorts(version: string | null) {
  return useQuery({ queryKey: ['analytics', 'cohorts', version], queryFn: () => api.get<CohortRetention>('/api/v1/analytics/cohorts'), placeholderData: (previous) => previous })
}

export function useBasketRules(version: string | null) {
  return useQuery({ queryKey: ['analytics', 'basket', version], queryFn: () => api.get<BasketRules>('/api/v1/analytics/basket-rules', { limit: 30 }), placeholderData: (previous) => previous })
}

export function useChurnScore(accountId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['analytics', 'churn', accountId],
    queryFn: () => api.get<ChurnScore>(`/api/v1/analytics/churn/accounts/${accountId}`),
    enabled,
    retry: false,
  })
}

export function useNextBestActions(accountId: string) {
  return useQuery({
    queryKey: ['analytics', 'nba', accountId],
    queryFn: () => api.get<{ data: NextBestAction[] }>(`/api/v1/accounts/${accountId}/next-best-actions`),
  })
}
