/** Contracts (契約) over the API: types, react-query hooks and small display helpers. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export const CONTRACT_STATUSES = ['draft', 'active', 'expiring', 'expired', 'renewed', 'cancelled'] as const
export type ContractStatus = (typeof CONTRACT_STATUSES)[number]
export const BILLING_CYCLES = ['one_off', 'monthly', 'yearly'] as const
export type BillingCycle = (typeof BILLING_CYCLES)[number]
/** Statuses in which a contract is in force or may be renewed (the server's rule). */
export const RENEWABLE: readonly ContractStatus[] = ['active', 'expiring', 'renewed', 'expired']

/** The manual status changes the server allows from each status. */
export const MANUAL_TRANSITIONS: Record<ContractStatus, ('active' | 'expired' | 'cancelled')[]> = {
  draft: ['active', 'cancelled'],
  active: ['expired', 'cancelled'],
  expiring: ['expired', 'cancelled'],
  renewed: ['expired', 'cancelled'],
  expired: [],
  cancelled: [],
}

export const STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'gray',
  active: 'teal',
  expiring: 'orange',
  expired: 'red',
  renewed: 'blue',
  cancelled: 'dark',
}

export interface Contract {
  id: string
  number?: string | null
  title?: string
  accountId?: string
  accountName?: string | null
  dealId?: string | null
  salesDocumentId?: string | null
  terms?: string | null
  startDate?: string
  endDate?: string
  renewalDate?: string | null
  noticeDays?: number
  value?: number | null
  currency?: string
  billingCycle?: BillingCycle
  autoRenew?: boolean
  renewalTermMonths?: number
  status: ContractStatus
  ownerId?: string | null
  ownerName?: string | null
  teamId?: string | null
  createdAt: string
  updatedAt: string
}

export interface ContractWrite {
  number?: string | null
  title?: string
  accountId?: string
  terms?: string | null
  startDate?: string
  endDate?: string
  renewalDate?: string | null
  noticeDays?: number
  value?: number | null
  currency?: string
  billingCycle?: BillingCycle
  autoRenew?: boolean
  renewalTermMonths?: number
  status?: 'draft' | 'active'
  ownerId?: string | null
}

export interface ContractStatusChange {
  id: string
  fromStatus: ContractStatus | null
  toStatus: ContractStatus
  note: string | null
  changedBy: string | null
  changedByName: string | null
  changedAt: string
}

export interface ContractFilters {
  status?: ContractStatus
  accountId?: string
  expiringWithinDays?: number
  q?: string
  sort?: '-createdAt' | 'endDate'
}

const PAGE_SIZE = 30

export function useContractList(filters: ContractFilters, options: { pageSize?: number; enabled?: boolean } = {}) {
  const limit = options.pageSize ?? PAGE_SIZE
  return useInfiniteQuery({
    queryKey: ['contracts', 'list', filters, limit],
    queryFn: ({ pageParam }) => api.get<Page<Contract>>('/api/v1/contracts', { ...filters, limit, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  })
}

export function useContract(id: string) {
  return useQuery({ queryKey: ['contracts', 'one', id], queryFn: () => api.get<Contract>(`/api/v1/contracts/${id}`), enabled: id !== '' })
}

export function useContractHistory(id: string) {
  return useQuery({ queryKey: ['contracts', 'history', id], queryFn: () => api.get<{ data: ContractStatusChange[] }>(`/api/v1/contracts/${id}/status-history`) })
}

function useContractMutation<T>(mutationFn: (input: T) => Promise<Contract>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn,
    onSuccess: (contract) => {
      client.setQueryData(['contracts', 'one', contract.id], contract)
      void client.invalidateQueries({ queryKey: ['contracts', 'list'] })
      void client.invalidateQueries({ queryKey: ['contracts', 'history', contract.id] })
    },
  })
}

export function useSaveContract(id?: string) {
  return useContractMutation((body: ContractWrite) => (id ? api.patch<Contract>(`/api/v1/contracts/${id}`, body) : api.post<Contract>('/api/v1/contracts', body)))
}

export function useRenewContract(id: string) {
  return useContractMutation((body: { termMonths?: number; note?: string | null }) => api.post<Contract>(`/api/v1/contracts/${id}/renew`, body))
}

export function useChangeContractStatus(id: string) {
  return useContractMutation((body: { status: 'active' | 'expired' | 'cancelled'; note?: string | null }) => api.post<Contract>(`/api/v1/contracts/${id}/status`, body))
}

export function useDeleteContract() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/contracts/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: ['contracts', 'one', id] })
      void client.invalidateQueries({ queryKey: ['contracts', 'list'] })
    },
  })
}

/** Whole days from today (in the browser's calendar) to a YYYY-MM-DD date; negative when past. */
export function daysUntil(date: string | null | undefined, today = new Date()): number | null {
  if (!date) return null
  const [y, m, d] = date.split('-').map(Number)
  const target = Date.UTC(y!, m! - 1, d!)
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((target - now) / 86_400_000)
}
