/**
 * The uploads of one documents panel: each file becomes a document (or a new version of one)
 * with a progress bar; refused files say why, in the user's language, before or after sending.
 */
import type { TFunction } from 'i18next'
import { useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { useSession } from '../../auth/session.tsx'
import { errorMessage } from '../../components/errors.ts'
import { ALLOWED_TYPES, createDocument, DEFAULT_MAX_BYTES, deleteDocument, type DocumentRecordType, extensionOf, uploadContent } from './api.ts'
import { formatFileSize } from '../../i18n/format.ts'

export interface Upload {
  key: string
  fileName: string
  /** 0–1 while sending. */
  progress: number
  error: string | null
  /** The document a new version goes to (null: a new document). */
  documentId: string | null
}

/** Why a file cannot be sent, checked before sending (the server checks again). */
function refusal(file: File, t: TFunction): string | null {
  if (!ALLOWED_TYPES[extensionOf(file.name)]) return t('errors.type', { name: file.name })
  if (file.size > DEFAULT_MAX_BYTES) return t('errors.tooLarge', { max: formatFileSize(DEFAULT_MAX_BYTES) })
  if (file.size === 0) return t('errors.empty')
  return null
}

/** The server's refusals, in our own words. */
export function uploadErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'payload_too_large') {
      const limit = /limit of (\d+) MB/.exec(error.message)
      return t('errors.tooLarge', { max: limit ? `${limit[1]} MB` : formatFileSize(DEFAULT_MAX_BYTES) })
    }
    if (error.code === 'invalid') {
      if (/not accepted/i.test(error.message)) return t('errors.type', { name: '' })
      if (/does not match|not a real|not a text file/i.test(error.message)) return t('errors.mismatch')
      if (/empty/i.test(error.message)) return t('errors.empty')
    }
  }
  return errorMessage(error, t)
}

export function useUploads(recordType: DocumentRecordType, recordId: string, onDone: () => void, t: TFunction) {
  const session = useSession()
  const [uploads, setUploads] = useState<Upload[]>([])
  const patch = (key: string, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)))

  const send = async (file: File, documentId: string | null) => {
    const key = `${Date.now()}-${Math.random()}`
    const refused = refusal(file, t)
    setUploads((all) => [...all, { key, fileName: file.name, progress: 0, error: refused, documentId }])
    if (refused) return
    let created: string | null = null
    try {
      const target = documentId ?? (created = (await createDocument({ recordType, recordId, name: file.name })).id)
      await uploadContent(target, file, session.csrfToken, (progress) => patch(key, { progress }))
      setUploads((all) => all.filter((u) => u.key !== key))
      onDone()
    } catch (error) {
      // A new document whose file was refused would stay as an empty row: remove it.
      if (created) await deleteDocument(created).catch(() => undefined)
      patch(key, { error: uploadErrorMessage(error, t), progress: 0 })
    }
  }

  return {
    uploads,
    /** New documents, one per file. */
    addFiles: (files: File[]) => {
      for (const file of files) void send(file, null)
    },
    /** A new version of an existing document. */
    addVersion: (documentId: string, file: File | null) => {
      if (file) void send(file, documentId)
    },
    dismiss: (key: string) => setUploads((all) => all.filter((u) => u.key !== key)),
  }
}
