/** Quotes, orders and invoices (見積書・受注・請求書) over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError } from '../../api/client.ts'
import type { ErrorCode, ErrorDetail, Page } from '../../api/types.ts'
import type { TaxCategory } from '../products/api.ts'

export type DocumentKind = 'quote' | 'order' | 'invoice'
export type RoundingMode = 'floor' | 'round' | 'ceil'
export const KINDS: DocumentKind[] = ['quote', 'order', 'invoice']
export const KIND_PATH: Record<DocumentKind, string> = { quote: '/quotes', order: '/orders', invoice: '/invoices' }
export const STATUSES: Record<DocumentKind, string[]> = {
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired'],
  order: ['open', 'fulfilled', 'cancelled'],
  invoice: ['draft', 'issued', 'partially_paid', 'paid', 'void'],
}
/** Statuses a person may pick; paid / partially_paid follow the payments. */
export const SETTABLE: Record<DocumentKind, string[]> = { quote: STATUSES.quote, order: STATUSES.order, invoice: ['draft', 'issued', 'void'] }
export const EDITABLE: Record<DocumentKind, string[]> = { quote: ['draft', 'sent'], order: ['open'], invoice: ['draft'] }

export interface RateTotal {
  taxCategory: TaxCategory
  rate: number
  subtotal: number
  tax: number
  total: number
}

export interface Totals {
  lineAmounts: number[]
  byRate: RateTotal[]
  subtotal: number
  taxTotal: number
  total: number
  roundingMode: RoundingMode
}

export interface SalesDocument {
  id: string
  kind: DocumentKind
  number: string
  status: string
  accountId: string
  accountName: string | null
  recipientName: string
  dealId: string | null
  dealName: string | null
  contactId: string | null
  sourceDocumentId: string | null
  sourceNumber: string | null
  priceListId: string | null
  issueDate: string
  validUntil: string | null
  dueDate: string | null
  transactionDate: string | null
  currency: string
  notes: string | null
  subtotal: number
  taxTotal: number
  total: number
  paidAmount: number
  balance: number
  roundingMode: RoundingMode
  issuerName: string | null
  issuerRegistrationNumber: string | null
}

export interface DocumentLine {
  id: string
  productId: string | null
  productCode: string | null
  description: string
  quantity: number
  unit: string | null
  unitPrice: number
  discount: number
  taxCategory: TaxCategory
  reducedRate: boolean
  amount: number
  /** A configured product's selections, option names and price breakdown. */
  configuration?: { selections: string[]; options: { key: string; name: string }[]; unitPrice: number } | null
}

export interface Payment {
  id: string
  paidOn: string
  amount: number
  method: string
  note: string | null
}

export interface SalesDocumentDetail extends SalesDocument {
  lines: DocumentLine[]
  byRate: RateTotal[]
  payments: Payment[]
  derived: { id: string; kind: DocumentKind; number: string }[]
}

export interface LineWrite {
  productId?: string | null
  description?: string
  quantity: number
  unit?: string | null
  unitPrice?: number
  discount?: number
  taxCategory?: TaxCategory
  configuration?: { selections: string[] } | null
}

export interface DocumentWrite {
  kind?: DocumentKind
  accountId?: string
  recipientName?: string
  dealId?: string | null
  priceListId?: string | null
  issueDate?: string
  validUntil?: string | null
  dueDate?: string | null
  transactionDate?: string | null
  notes?: string | null
  status?: string
  lines?: LineWrite[]
}

export interface BillingSettings {
  legalName: string | null
  registrationNumber: string | null
  address: string | null
  phone: string | null
  bankAccount: string | null
  roundingMode: RoundingMode
}

export function useDocumentList(kind: DocumentKind, filter: { status?: string; q?: string }) {
  return useInfiniteQuery({
    queryKey: ['sales-documents', 'list', kind, filter],
    queryFn: ({ pageParam }) => api.get<Page<SalesDocument>>('/api/v1/sales-documents', { kind, status: filter.status, q: filter.q || undefined, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useDocument(id: string | undefined) {
  return useQuery({ queryKey: ['sales-documents', 'one', id], queryFn: () => api.get<SalesDocumentDetail>(`/api/v1/sales-documents/${id}`), enabled: Boolean(id) })
}

function useDocumentMutation<T>(fn: (input: T) => Promise<SalesDocumentDetail>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: (doc) => {
      client.setQueryData(['sales-documents', 'one', doc.id], doc)
      void client.invalidateQueries({ queryKey: ['sales-documents'] })
    },
  })
}

export function useSaveDocument(id?: string) {
  return useDocumentMutation((body: DocumentWrite) =>
    id ? api.patch<SalesDocumentDetail>(`/api/v1/sales-documents/${id}`, body) : api.post<SalesDocumentDetail>('/api/v1/sales-documents', body),
  )
}

export function useConvertDocument(id: string) {
  return useDocumentMutation((to: 'order' | 'invoice') => api.post<SalesDocumentDetail>(`/api/v1/sales-documents/${id}/convert`, { to }))
}

export function useRecordPayment(id: string) {
  return useDocumentMutation((body: { paidOn: string; amount: number; method?: string; note?: string | null }) =>
    api.post<SalesDocumentDetail>(`/api/v1/sales-documents/${id}/payments`, body),
  )
}

/** Live per-rate totals of the lines being edited, computed by the server's one tax function. */
export function usePreviewTotals(lines: { quantity: number; unitPrice: number; discount?: number; taxCategory: TaxCategory }[]) {
  return useQuery({
    queryKey: ['sales-documents', 'totals', lines],
    queryFn: () => api.post<Totals>('/api/v1/sales-documents/totals', { lines }),
    placeholderData: (previous) => previous,
  })
}

export function useBillingSettings() {
  return useQuery({ queryKey: ['billing-settings'], queryFn: () => api.get<BillingSettings>('/api/v1/billing/settings') })
}

export function useSaveBillingSettings() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<BillingSettings>) => api.put<BillingSettings>('/api/v1/billing/settings', body),
    onSuccess: (saved) => client.setQueryData(['billing-settings'], saved),
  })
}

export function formatMoney(amount: number | null | undefined, currency: string, language: string): string {
  if (amount === null || amount === undefined) return '—'
  return new Intl.NumberFormat(language.startsWith('ja') ? 'ja-JP' : 'en-US', { style: 'currency', currency, maximumFractionDigits: currency === 'JPY' ? 0 : 2 }).format(amount)
}

export type PdfLanguage = 'ja' | 'en'

/** The server-drawn PDF: inline opens the browser's viewer, download saves it under its Japanese or English name. */
export function pdfUrl(id: string, lang: PdfLanguage, download = false): string {
  return `/api/v1/sales-documents/${id}/pdf?lang=${lang}${download ? '&download=1' : ''}`
}

export type BillingImageKind = 'logo' | 'seal'
export const BILLING_IMAGE_KINDS: BillingImageKind[] = ['logo', 'seal']
/** Same limit as the server (1 MiB), checked here first so a large file fails without uploading. */
export const BILLING_IMAGE_MAX_BYTES = 1024 * 1024

export interface BillingImage {
  kind: BillingImageKind
  contentType: string
  size: number
  updatedAt: string
}

export function billingImageUrl(kind: BillingImageKind, version: string): string {
  return `/api/v1/billing/settings/images/${kind}?v=${encodeURIComponent(version)}`
}

export function useBillingImages() {
  return useQuery({ queryKey: ['billing-settings', 'images'], queryFn: () => api.get<{ data: BillingImage[] }>('/api/v1/billing/settings/images').then((r) => r.data) })
}

/** PUT the raw PNG/JPEG as the body (the server reads the type from the bytes). */
export function useUploadBillingImage(csrfToken: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ kind, file }: { kind: BillingImageKind; file: File }) => {
      let response: Response
      try {
        response = await fetch(`/api/v1/billing/settings/images/${kind}`, {
          method: 'PUT',
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Content-Type': file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png', 'X-CSRF-Token': csrfToken },
          body: file,
        })
      } catch {
        throw new ApiError(0, 'network', 'network')
      }
      const body = (await response.json().catch(() => undefined)) as { error?: { code?: ErrorCode; message?: string; details?: ErrorDetail[] } } | BillingImage | undefined
      if (response.ok) return body as BillingImage
      const error = (body as { error?: { code?: ErrorCode; message?: string; details?: ErrorDetail[] } } | undefined)?.error
      throw new ApiError(response.status, error?.code ?? (response.status === 413 ? 'payload_too_large' : 'invalid'), error?.message ?? `HTTP ${response.status}`, error?.details ?? [])
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['billing-settings', 'images'] }),
  })
}

export function useDeleteBillingImage() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (kind: BillingImageKind) => api.delete(`/api/v1/billing/settings/images/${kind}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['billing-settings', 'images'] }),
  })
}
