/** Configurators, customer groups, the applicable price list and catalogue share links over the API. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { PriceList } from './api.ts'

export interface ConfiguratorOption {
  key: string
  name: string
  nameEn?: string | null
  priceDelta: number
}
export interface ConfiguratorOptionGroup {
  key: string
  name: string
  nameEn?: string | null
  selection: 'single' | 'multi'
  required: boolean
  options: ConfiguratorOption[]
}
export interface RuleCondition {
  option: string
  is: 'selected' | 'not_selected'
}
export type RuleAction =
  | { type: 'require'; option: string }
  | { type: 'exclude'; option: string }
  | { type: 'adjust'; mode: 'amount' | 'percent'; value: number; label?: string | null }
export interface ConfiguratorRule {
  key: string
  name?: string | null
  match: 'all' | 'any'
  conditions: RuleCondition[]
  then: RuleAction[]
  else: RuleAction[]
}
export interface Configurator {
  productId: string
  optionGroups: ConfiguratorOptionGroup[]
  rules: ConfiguratorRule[]
  updatedAt: string | null
}
export interface Localized {
  ja: string
  en: string
}
export interface ConfigurationResult {
  valid: boolean
  errors: { code: string; message: Localized; options: string[]; ruleKey: string | null }[]
  selections: string[]
  breakdown: { kind: 'base' | 'option' | 'adjustment'; label: Localized; ref: string | null; percent: number | null; amount: number }[]
  unitPrice: number
  currency: string
  priceListId: string | null
}

export function useConfigurator(productId: string | null | undefined) {
  return useQuery({
    queryKey: ['products', 'configurator', productId],
    queryFn: () => api.get<Configurator>(`/api/v1/products/${productId}/configurator`),
    enabled: Boolean(productId),
  })
}

export function useSaveConfigurator(productId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { optionGroups: ConfiguratorOptionGroup[]; rules: ConfiguratorRule[] }) => api.put<Configurator>(`/api/v1/products/${productId}/configurator`, body),
    onSuccess: (saved) => client.setQueryData(['products', 'configurator', productId], saved),
  })
}

export function configureProduct(productId: string, body: { selections: string[]; accountId?: string; currency?: string; date?: string }) {
  return api.post<ConfigurationResult>(`/api/v1/products/${productId}/configure`, body)
}

export interface CustomerGroup {
  id: string
  name: string
  description: string | null
  accountCount: number
}

export function useCustomerGroups() {
  return useQuery({ queryKey: ['customer-groups'], queryFn: () => api.get<{ data: CustomerGroup[] }>('/api/v1/customer-groups') })
}

export function useCreateCustomerGroup() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; description?: string | null }) => api.post<CustomerGroup>('/api/v1/customer-groups', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['customer-groups'] }),
  })
}

export function useDeleteCustomerGroup() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/customer-groups/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['customer-groups'] }),
  })
}

export function useGroupMembers(groupId: string | null) {
  return useQuery({
    queryKey: ['customer-groups', 'members', groupId],
    queryFn: () => api.get<{ data: { accountId: string; accountName: string }[] }>(`/api/v1/customer-groups/${groupId}/accounts`),
    enabled: Boolean(groupId),
  })
}

export function useSetAccountGroup() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ accountId, customerGroupId }: { accountId: string; customerGroupId: string | null }) => api.put(`/api/v1/accounts/${accountId}/customer-group`, { customerGroupId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['customer-groups'] }),
  })
}

export function fetchApplicablePriceList(accountId: string, currency: string, date: string) {
  return api.get<{ priceList: PriceList | null; customerGroupId: string | null; match: 'group' | 'general' | 'none' }>('/api/v1/price-lists/applicable', { accountId, currency, date })
}

export interface ShareLink {
  id: string
  name: string
  token: string
  path: string
  productIds: string[] | null
  showPrices: boolean
  expiresAt: string | null
  revokedAt: string | null
  status: 'active' | 'expired' | 'revoked'
  viewCount: number
  createdAt: string
}

export function useShareLinks() {
  return useQuery({ queryKey: ['catalog-share-links'], queryFn: () => api.get<{ data: ShareLink[] }>('/api/v1/catalog-share-links') })
}

export function useCreateShareLink() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; productIds: string[] | null; showPrices: boolean; expiresAt: string | null }) => api.post<ShareLink>('/api/v1/catalog-share-links', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['catalog-share-links'] }),
  })
}

export function useRevokeShareLink() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<ShareLink>(`/api/v1/catalog-share-links/${id}/revoke`, {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['catalog-share-links'] }),
  })
}

/** The option's name in the UI language (the Japanese name stands in for a missing English one). */
export const optionLabel = (o: { name: string; nameEn?: string | null }, language: string) => (language.startsWith('en') ? o.nameEn || o.name : o.name)
export const localized = (text: Localized, language: string) => (language.startsWith('en') ? text.en : text.ja)
