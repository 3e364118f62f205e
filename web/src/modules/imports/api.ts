/** Imports and exports over the API: types, react-query hooks and download links. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, withQuery, type Query } from '../../api/client.ts'
import type { ErrorCode, ErrorDetail, Page } from '../../api/types.ts'
import { useSessionState } from '../../auth/session.tsx'

export type ImportObject = 'accounts' | 'contacts'
export type DuplicatePolicy = 'skip' | 'update' | 'create'
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed'

export interface Label {
  ja: string
  en: string
}

export interface ImportRowIssue {
  row: number
  column: string | null
  field: string | null
  reason: string
  kind: 'error' | 'skipped'
  code?: string
  value?: string
}

export interface ImportCounts {
  created: number
  updated: number
  skipped: number
  errors: number
}

export interface DryRun {
  total: number
  counts: ImportCounts
  issues: ImportRowIssue[]
  issueCount: number
  checkedAt: string
}

export interface ImportRecord {
  id: string
  objectType: ImportObject
  fileName: string
  format: 'csv' | 'vcard'
  encoding: string
  delimiter: string
  headers: string[]
  preview: string[][]
  rowCount: number
  mapping: (string | null)[]
  mappingSource: 'remembered' | 'guessed' | 'chosen'
  duplicatePolicy: DuplicatePolicy
  matchRule: Label
  fields: { key: string; label: Label; type: string; required: boolean }[]
  status: ImportStatus
  progress: { done: number; total: number }
  counts: ImportCounts
  dryRun: DryRun | null
  failure: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

const key = (id: string) => ['imports', 'one', id]

export function useImport(id: string) {
  return useQuery({
    queryKey: key(id),
    queryFn: () => api.get<ImportRecord>(`/api/v1/imports/${id}`),
    enabled: id !== '',
    // Poll while the background job has it.
    refetchInterval: (query) => (query.state.data?.status === 'queued' || query.state.data?.status === 'running' ? 1000 : false),
  })
}

export function useRecentImports(objectType: ImportObject) {
  return useQuery({
    queryKey: ['imports', 'list', objectType],
    queryFn: () => api.get<Page<ImportRecord>>('/api/v1/imports', { objectType, limit: 10 }),
  })
}

/**
 * Sends the file as the raw request body (no base64, up to useImportLimits' size): POST /api/v1/imports/file.
 * The shared JSON client cannot send bytes, so this one call speaks fetch itself, with the same CSRF header and error shape.
 */
async function uploadFile(objectType: ImportObject, file: File, csrfToken: string | null): Promise<ImportRecord> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/octet-stream' }
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(withQuery('/api/v1/imports/file', { objectType, fileName: file.name }), { method: 'POST', headers, credentials: 'same-origin', body: file })
  } catch {
    throw new ApiError(0, 'network', 'network')
  }
  const text = await response.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  if (response.ok) return json as ImportRecord
  const body = (json as { error?: { code?: ErrorCode; message?: string; details?: ErrorDetail[] } } | undefined)?.error
  const code: ErrorCode = body?.code ?? (response.status === 413 ? 'payload_too_large' : response.status === 403 ? 'forbidden' : response.status === 400 ? 'invalid' : 'internal')
  throw new ApiError(response.status, code, body?.message ?? `HTTP ${response.status}`, body?.details ?? [])
}

/** The largest file this server takes (50 MB on the embedded database, 256 MB on PostgreSQL). */
export function useImportLimits() {
  return useQuery({
    queryKey: ['imports', 'limits'],
    queryFn: () => api.get<{ maxFileBytes: number; maxJsonFileBytes: number }>('/api/v1/imports/limits'),
    staleTime: Infinity,
  })
}

export function useUploadImport() {
  const client = useQueryClient()
  const { session } = useSessionState()
  return useMutation({
    mutationFn: ({ objectType, file }: { objectType: ImportObject; file: File }) => uploadFile(objectType, file, session?.csrfToken ?? null),
    onSuccess: (record) => {
      client.setQueryData(key(record.id), record)
      void client.invalidateQueries({ queryKey: ['imports', 'list'] })
    },
  })
}

export function useImportSettings(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { mapping?: (string | null)[]; duplicatePolicy?: DuplicatePolicy }) => api.patch<ImportRecord>(`/api/v1/imports/${id}`, body),
    onSuccess: (record) => client.setQueryData(key(id), record),
  })
}

export function useDryRun(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<DryRun>(`/api/v1/imports/${id}/dry-run`),
    onSuccess: () => void client.invalidateQueries({ queryKey: key(id) }),
  })
}

export function useStartImport(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<void>(`/api/v1/imports/${id}/run`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key(id) })
      void client.invalidateQueries({ queryKey: ['imports', 'list'] })
    },
  })
}

export const reportUrl = (id: string, lang: string) => withQuery(`/api/v1/imports/${id}/report.csv`, { lang: lang === 'en' ? 'en' : 'ja' })

export const exportUrl = (objectType: ImportObject, query: Query) => withQuery(`/api/v1/exports/${objectType}`, query)
