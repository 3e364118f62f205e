/** Import and export request/response schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import type { BackendKind } from '../../platform/db/database.ts'
import { TEXT_ENCODINGS } from './csv.ts'

/** A file sent inside JSON (base64). */
export const MAX_IMPORT_BYTES = 15 * 1024 * 1024
/**
 * A file sent as the raw request body. The file is kept in the import's row until it has run: the embedded database
 * holds it in its WebAssembly memory, so it takes 50 MB; PostgreSQL takes 256 MB (about 1,400,000 contacts of 13
 * columns — a million-row 名刺 list fits).
 */
export const MAX_RAW_IMPORT_BYTES: Record<BackendKind, number> = { pglite: 50 * 1024 * 1024, postgres: 256 * 1024 * 1024 }

export const ImportLimits = z
  .object({
    maxFileBytes: z.number().int().describe('The largest file POST /api/v1/imports/file accepts on this server.'),
    maxJsonFileBytes: z.number().int().describe('The largest file POST /api/v1/imports accepts inside JSON (base64).'),
  })
  .meta({ id: 'ImportLimits' })

export const ImportUpload = z
  .strictObject({
    objectType: z.enum(['accounts', 'contacts']),
    fileName: z.string().trim().min(1).max(255),
    contentBase64: z.base64().max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4).describe('The file, base64-encoded (at most 15 MB).'),
    encoding: z.enum(TEXT_ENCODINGS as [string, ...string[]]).optional().describe('Leave out to detect (BOM, valid UTF-8, else Shift_JIS/CP932).'),
    delimiter: z.enum([',', '\t', ';']).optional().describe('Leave out to detect.'),
  })
  .meta({ id: 'ImportUpload' })
export type ImportUpload = z.infer<typeof ImportUpload>

export const ImportFileQuery = z
  .strictObject({
    objectType: z.enum(['accounts', 'contacts']),
    fileName: z.string().trim().min(1).max(255),
    encoding: z.enum(TEXT_ENCODINGS as [string, ...string[]]).optional(),
    delimiter: z.enum([',', '\t', ';']).optional(),
  })
  // No schema id on a querystring: @fastify/swagger cannot resolve a $ref there.
export type ImportFileQuery = z.infer<typeof ImportFileQuery>

export const ImportSettings = z
  .strictObject({
    mapping: z.array(z.string().max(100).nullable()).max(500).optional().describe('For each column (in file order) the field it fills, or null to ignore it.'),
    duplicatePolicy: z.enum(['skip', 'update', 'create']).optional(),
  })
  .meta({ id: 'ImportSettings' })
export type ImportSettings = z.infer<typeof ImportSettings>

const Label = z.object({ ja: z.string(), en: z.string() })

export const ImportRowIssue = z
  .object({
    row: z.number().int().describe('Record number as a spreadsheet shows it (header = row 1); for vCard, the card number.'),
    column: z.string().nullable(),
    field: z.string().nullable(),
    reason: z.string(),
    kind: z.enum(['error', 'skipped']),
    code: z.string().optional().describe('required, notNumber, notDate, invalidEmail, invalidUrl, tooLong, invalidValue, duplicate, rejected'),
    value: z.string().optional().describe('The cell as written'),
  })
  .meta({ id: 'ImportRowIssue' })

export const ImportCounts = z.object({ created: z.number().int(), updated: z.number().int(), skipped: z.number().int(), errors: z.number().int() })

export const DryRunResult = z
  .object({
    total: z.number().int(),
    counts: ImportCounts,
    issues: z.array(ImportRowIssue).describe('The first 200 problems; the full list comes with the import report.'),
    issueCount: z.number().int(),
    checkedAt: z.string(),
  })
  .meta({ id: 'ImportDryRun' })
export type DryRunResult = z.infer<typeof DryRunResult>

export const Import = z
  .object({
    id: z.uuid(),
    objectType: z.string(),
    fileName: z.string(),
    format: z.enum(['csv', 'vcard']),
    encoding: z.string(),
    delimiter: z.string(),
    headers: z.array(z.string()),
    preview: z.array(z.array(z.string())).describe('The first 20 records.'),
    rowCount: z.number().int(),
    mapping: z.array(z.string().nullable()),
    mappingSource: z.enum(['remembered', 'guessed', 'chosen']),
    duplicatePolicy: z.enum(['skip', 'update', 'create']),
    matchRule: Label,
    fields: z.array(z.object({ key: z.string(), label: Label, type: z.string(), required: z.boolean() })),
    status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    counts: ImportCounts,
    dryRun: DryRunResult.nullable(),
    failure: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Import' })
export type Import = z.infer<typeof Import>

export const ImportListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  objectType: z.enum(['accounts', 'contacts']).optional(),
})
export type ImportListQuery = z.infer<typeof ImportListQuery>

export const ExportFormat = z.strictObject({
  format: z.enum(['csv', 'vcard']).default('csv'),
  encoding: z.enum(['utf-8-bom', 'shift_jis']).default('utf-8-bom').describe('CSV only: UTF-8 with BOM (Excel) or Shift_JIS (CP932).'),
})
