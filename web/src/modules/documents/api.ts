/** Documents (資料) over the API: types, hooks, and the upload with progress (XMLHttpRequest: fetch has no upload progress). */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, api } from '../../api/client.ts'
import type { ErrorCode, ErrorDetail, Page } from '../../api/types.ts'

export type DocumentRecordType = 'account' | 'contact' | 'deal' | 'sales_document' | 'activity' | 'contract'
export const CATEGORIES = ['brochure', 'price_list', 'spec_sheet', 'template', 'contract', 'other'] as const
export type DocumentCategory = (typeof CATEGORIES)[number]

export interface DocumentVersion {
  id: string
  version: number
  fileName: string
  size: number
  contentType: string
  sha256: string
  uploadedBy: string | null
  uploadedByName: string | null
  uploadedAt: string
}

export interface AttachedDocument {
  id: string
  recordType: DocumentRecordType
  recordId: string
  name: string
  description: string | null
  category: DocumentCategory
  ownerId: string | null
  teamId: string | null
  currentVersion: DocumentVersion | null
  versions: DocumentVersion[]
  createdAt: string
  updatedAt: string
}

/** The server's allow-list (src/modules/documents/documents.sniff.ts): extension → the Content-Type it expects. */
export const ALLOWED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  csv: 'text/csv',
  txt: 'text/plain',
}
/** The default server limit (DAIFUKU_FILE_MAX_BYTES); a smaller server limit still answers 413. */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase()
}

const listKey = (recordType: DocumentRecordType, recordId: string) => ['documents', recordType, recordId] as const

export function useDocuments(recordType: DocumentRecordType, recordId: string, enabled = true) {
  return useQuery({
    queryKey: listKey(recordType, recordId),
    queryFn: () => api.get<Page<AttachedDocument>>('/api/v1/documents', { recordType, recordId, limit: 100 }),
    enabled,
  })
}

export function useRefreshDocuments(recordType: DocumentRecordType, recordId: string) {
  const client = useQueryClient()
  return () => void client.invalidateQueries({ queryKey: listKey(recordType, recordId) })
}

export function createDocument(body: { recordType: DocumentRecordType; recordId: string; name: string; category?: DocumentCategory }) {
  return api.post<AttachedDocument>('/api/v1/documents', body)
}

export function deleteDocument(id: string) {
  return api.delete(`/api/v1/documents/${id}`)
}

export function contentUrl(id: string, version?: number): string {
  return `/api/v1/documents/${id}/content${version ? `?version=${version}` : ''}`
}

/** Sends the file as the raw body of PUT …/content, reporting progress (0–1). */
export function uploadContent(documentId: string, file: File, csrfToken: string, onProgress: (fraction: number) => void): Promise<AttachedDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', contentUrl(documentId))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', ALLOWED_TYPES[extensionOf(file.name)] ?? (file.type || 'application/octet-stream'))
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name))
    xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'))
    xhr.onload = () => {
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as AttachedDocument)
      const error = (body as { error?: { code?: ErrorCode; message?: string; details?: ErrorDetail[] } } | undefined)?.error
      const code: ErrorCode = error?.code ?? (xhr.status === 413 ? 'payload_too_large' : xhr.status === 400 ? 'invalid' : 'internal')
      reject(new ApiError(xhr.status, code, error?.message ?? `HTTP ${xhr.status}`, error?.details ?? []))
    }
    xhr.send(file)
  })
}
