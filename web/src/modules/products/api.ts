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
  specs?: { label: string; value: string }[]
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

export interface PriceList {
  id: string
  name: string
  currency: string
  validFrom: string | null
  validTo: string | null
  customerGroup: string | null
  customerGroupId?: string | null
  customerGroupName?: string | null
  prices: { productId: string; productCode: string; productName: string; unitPrice: number }[]
}

export interface PriceListWrite {
  name: string
  currency?: string
  validFrom: string | null
  validTo: string | null
  customerGroup: string | null
  customerGroupId?: string | null
  prices: { productId: string; unitPrice: number }[]
}

export function usePriceLists() {
  return useQuery({ queryKey: ['price-lists'], queryFn: () => api.get<{ data: PriceList[] }>('/api/v1/price-lists') })
}

export function useSavePriceList(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: PriceListWrite) => (id ? api.patch<PriceList>(`/api/v1/price-lists/${id}`, body) : api.post<PriceList>('/api/v1/price-lists', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['price-lists'] }),
  })
}

/** The unit price of a product in a price list on a date (the product's own price outside the list). */
export function fetchProductPrice(productId: string, priceListId: string, date: string) {
  return api.get<{ unitPrice: number; priceListId: string | null }>(`/api/v1/products/${productId}/price`, { priceListId, date })
}

export function useProduct(id: string | undefined) {
  return useQuery({ queryKey: ['products', 'one', id], queryFn: () => api.get<Product>(`/api/v1/products/${id}`), enabled: Boolean(id) })
}
