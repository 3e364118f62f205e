/** Incentives API: commission plans, assignments and statements. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type Basis = 'won_deals' | 'paid_invoices' | 'both'
export interface Tier {
  upTo: number | null
  rate: number
}
export interface Assignment {
  id: string
  planId: string
  userId: string
  userName: string | null
  periodStart: string
  periodEnd: string
}
export interface CommissionPlan {
  id: string
  name: string
  description: string | null
  basis: Basis
  method: 'flat' | 'tiered'
  rate: number
  tierMode: 'marginal' | 'whole'
  tiers: Tier[]
  productRates: { productId: string; productName: string | null; rate: number }[]
  currency: string
  isActive: boolean
  assignments: Assignment[]
}
export interface StatementLine {
  sourceType: 'deal' | 'invoice'
  sourceId: string
  sourceLabel: string
  date: string
  productId: string | null
  description: string
  base: number
  rate: number
  commission: number
}
export interface StatementSummary {
  id: string
  userId: string
  userName: string | null
  planId: string
  planName: string
  basis: Basis
  method: 'flat' | 'tiered'
  tierMode: 'marginal' | 'whole'
  periodStart: string
  periodEnd: string
  currency: string
  totals: { base: number; commission: number; lineCount: number }
}
export interface Statement extends StatementSummary {
  lines: StatementLine[]
}

export function useCommissionPlans() {
  return useQuery({ queryKey: ['commission-plans'], queryFn: () => api.get<{ data: CommissionPlan[] }>('/api/v1/commission-plans'), select: (r) => r.data })
}
export function useStatements() {
  return useQuery({ queryKey: ['commission-statements'], queryFn: () => api.get<{ data: StatementSummary[] }>('/api/v1/commission-statements'), select: (r) => r.data })
}
export function useStatement(id: string | null) {
  return useQuery({ queryKey: ['commission-statements', id], queryFn: () => api.get<Statement>(`/api/v1/commission-statements/${id}`), enabled: id !== null })
}
export function useProductOptions() {
  return useQuery({
    queryKey: ['products', 'options'],
    queryFn: () => api.get<Page<{ id: string; code: string; name: string }>>('/api/v1/products', { limit: 200 }),
    select: (p) => p.data,
    staleTime: 60_000,
  })
}

/** Money in the statement's currency (yen without decimals). */
export function formatMoney(value: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: currency === 'JPY' ? 0 : 2 }).format(value)
}
