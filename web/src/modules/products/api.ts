/** Products (商品) over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type TaxCategory = 'standard' | 'reduced' | 'exempt'
export const TAX_CATEGORIES: TaxCategory[] = ['standard', 'reduced', 'exempt']

export interface Product {
  id: string
  code: string
  name: string
  nameKana: string | null
  unit: string
  unitPrice: number
  taxCategory: TaxCategory
  isActive: boolean
  description: string | null
}

export type ProductWrite = Partial<Omit<Product, 'id'>>

export function useProductList(q: string) {
  return useInfiniteQuery({
    queryKey: ['products', 'list', q],
    queryFn: ({ pageParam }) => api.get<Page<Product>>('/api/v1/products', { q: q || undefined, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

/** Active products matching the text, for the line-item picker. */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: ['products', 'pick', q],
    queryFn: () => api.get<Page<Product>>('/api/v1/products', { q: q || undefined, active: 'true', limit: 200 }),
    staleTime: 30_000,
  })
}

export function useSaveProduct(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: ProductWrite) => (id ? api.patch<Product>(`/api/v1/products/${id}`, body) : api.post<Product>('/api/v1/products', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['products'] }),
  })
}
