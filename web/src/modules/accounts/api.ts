/** Accounts (取引先) over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export interface Account {
  id: string
  name?: string
  nameKana?: string | null
  industry?: string | null
  phone?: string | null
  email?: string | null
  website?: string | null
  annualRevenue?: number | null
  employeeCount?: number | null
  notes?: string | null
  ownerId?: string | null
  ownerName?: string | null
  teamId?: string | null
  postalCode?: string | null
  prefecture?: string | null
  address?: string | null
  territoryId?: string | null
  territoryName?: string | null
  custom?: Record<string, unknown>
  createdAt: string
  updatedAt: string
}

export type AccountField = 'name' | 'nameKana' | 'industry' | 'phone' | 'email' | 'website' | 'annualRevenue' | 'employeeCount' | 'notes' | 'ownerId' | 'teamId' | 'postalCode' | 'prefecture' | 'address'
export type AccountWrite = Partial<Record<AccountField, string | number | null>> & { custom?: Record<string, unknown> }
export type AccountSort = 'name' | '-createdAt'

const PAGE_SIZE = 50

export function useAccountList(q: string, sort: AccountSort) {
  return useInfiniteQuery({
    queryKey: ['accounts', 'list', { q, sort }],
    queryFn: ({ pageParam }) => api.get<Page<Account>>('/api/v1/accounts', { q, sort, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useAccount(id: string) {
  return useQuery({ queryKey: ['accounts', 'one', id], queryFn: () => api.get<Account>(`/api/v1/accounts/${id}`), enabled: id !== '' })
}

export function useSaveAccount(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: AccountWrite) => (id ? api.patch<Account>(`/api/v1/accounts/${id}`, body) : api.post<Account>('/api/v1/accounts', body)),
    onSuccess: (account) => {
      client.setQueryData(['accounts', 'one', account.id], account)
      void client.invalidateQueries({ queryKey: ['accounts', 'list'] })
    },
  })
}

export function useDeleteAccount() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/accounts/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: ['accounts', 'one', id] })
      void client.invalidateQueries({ queryKey: ['accounts', 'list'] })
    },
  })
}
