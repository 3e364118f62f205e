/** Document (資料) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const RECORD_TYPES = ['account', 'contact', 'deal', 'sales_document', 'activity', 'contract'] as const
export const CATEGORIES = ['brochure', 'price_list', 'spec_sheet', 'template', 'contract', 'other'] as const

export const DocumentCreate = z
  .strictObject({
    recordType: z.enum(RECORD_TYPES),
    recordId: z.uuid(),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
    category: z.enum(CATEGORIES).optional(),
  })
  .meta({ id: 'DocumentCreate' })
export type DocumentCreate = z.infer<typeof DocumentCreate>

export const DocumentPatch = DocumentCreate.pick({ name: true, description: true, category: true }).partial().meta({ id: 'DocumentPatch' })
export type DocumentPatch = z.infer<typeof DocumentPatch>

export const DocumentVersion = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    fileName: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedByName: z.string().nullable(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'DocumentVersion' })
export type DocumentVersion = z.infer<typeof DocumentVersion>

export const Document = z
  .object({
    id: z.uuid(),
    recordType: z.enum(RECORD_TYPES),
    recordId: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    category: z.enum(CATEGORIES),
    ownerId: z.string().nullable(),
    teamId: z.string().nullable(),
    currentVersion: DocumentVersion.nullable(),
    /** Newest first. */
    versions: z.array(DocumentVersion),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Document' })
export type Document = z.infer<typeof Document>

export const DocumentListQuery = z.strictObject({
  recordType: z.enum(RECORD_TYPES),
  recordId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type DocumentListQuery = z.infer<typeof DocumentListQuery>

export const DownloadQuery = z.strictObject({
  /** A version number; default the current version. */
  version: z.coerce.number().int().min(1).optional(),
})
export type DownloadQuery = z.infer<typeof DownloadQuery>
