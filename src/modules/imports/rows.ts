/**
 * From file bytes to typed records: reading CSV or vCard into header + records, guessing a
 * mapping from header names, and turning one record's cells into the object's input with
 * every problem named by row and column.
 */
import crypto from 'node:crypto'
import type { z } from 'zod'
import type { ImportRowIssue } from '../../platform/db/schema.ts'
import { decodeText, detectDelimiter, detectEncoding, parseCsv, type TextEncodingName } from './csv.ts'
import type { ImportField, ImportTarget } from './targets.ts'
import { looksLikeVCard, parseVCards, VCARD_COLUMNS } from './vcard.ts'

export interface FileRecord {
  row: number
  fields: string[]
}

export interface ReadFile {
  format: 'csv' | 'vcard'
  encoding: TextEncodingName
  delimiter: string
  headers: string[]
  records: () => Generator<FileRecord>
}

export interface ReadOptions {
  encoding?: TextEncodingName
  delimiter?: string
}

/** Reads the stored bytes. CSV: the first row is the header. vCard: fixed columns, one record per card. */
export function readImportFile(bytes: Uint8Array, options: ReadOptions = {}): ReadFile {
  const encoding = options.encoding ?? detectEncoding(bytes)
  const text = decodeText(bytes, encoding)
  if (looksLikeVCard(text)) {
    return { format: 'vcard', encoding, delimiter: '', headers: [...VCARD_COLUMNS], records: () => parseVCards(text) }
  }
  const delimiter = options.delimiter ?? detectDelimiter(text)
  const first = parseCsv(text, delimiter).next()
  const headers = first.done ? [] : first.value.fields.map((h) => h.trim())
  return {
    format: 'csv',
    encoding,
    delimiter,
    headers,
    records: function* () {
      let skippedHeader = false
      for (const record of parseCsv(text, delimiter)) {
        if (!skippedHeader) {
          skippedHeader = true
          continue
        }
        yield record
      }
    },
  }
}

const headerKey = (header: string) => header.normalize('NFKC').toLowerCase().replace(/[\s_\-・()（）]/g, '')

/** Identifies a layout: the same headers in any order give the same signature. */
export function headerSignature(headers: readonly string[]): string {
  const normalised = headers.map(headerKey).sort()
  return crypto.createHash('sha256').update(normalised.join('\u001f')).digest('hex')
}

/** Column → field by header name (key, Japanese or English label, or a known alias); each field once. */
export function guessMapping(headers: readonly string[], fields: readonly ImportField[], vcardDefaults?: Record<string, string>): (string | null)[] {
  const used = new Set<string>()
  return headers.map((header) => {
    const direct = vcardDefaults?.[header]
    const wanted = headerKey(header)
    const field =
      (direct ? fields.find((f) => f.key === direct) : undefined) ??
      fields.find((f) => [f.key, f.label.ja, f.label.en, ...(f.aliases ?? [])].some((name) => headerKey(name) === wanted))
    if (!field || used.has(field.key)) return null
    used.add(field.key)
    return field.key
  })
}

export interface BuiltRecord {
  values: Record<string, unknown>
  issues: ImportRowIssue[]
}

/**
 * One record's cells → the object's input. Empty cells are left out (on update they leave the
 * field as it is). Cells that cannot become the field's type are issues; so is everything the
 * object's own schema rejects, named by the column it came from.
 */
export function buildRecord(target: ImportTarget, headers: readonly string[], mapping: readonly (string | null)[], record: FileRecord, mode: 'create' | 'update'): BuiltRecord {
  const values: Record<string, unknown> = {}
  const issues: ImportRowIssue[] = []
  const columnOf = new Map<string, string>()
  mapping.forEach((fieldKey, index) => {
    if (!fieldKey) return
    const field = target.fields.find((f) => f.key === fieldKey)
    if (!field) return
    const column = headers[index] ?? `#${index + 1}`
    columnOf.set(field.key, column)
    const raw = (record.fields[index] ?? '').trim()
    if (raw === '') return
    if (field.type === 'integer') {
      const cleaned = raw.normalize('NFKC').replace(/[,\s¥円]/g, '')
      if (!/^-?\d+$/.test(cleaned)) {
        issues.push({ row: record.row, column, field: field.key, reason: `Not a whole number: "${raw}"`, kind: 'error' })
        return
      }
      values[field.key] = Number(cleaned)
    } else {
      values[field.key] = raw
    }
  })
  if (issues.length > 0) return { values, issues }
  const schema: z.ZodType = mode === 'create' ? target.createSchema : target.patchSchema
  const parsed = schema.safeParse(values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const fieldKey = typeof issue.path[0] === 'string' ? issue.path[0] : null
      const column = fieldKey ? (columnOf.get(fieldKey) ?? null) : null
      const missing = fieldKey !== null && values[fieldKey] === undefined
      const reason = missing
        ? `Required field is empty or not mapped: ${fieldKey}`
        : `${issue.message}${fieldKey && values[fieldKey] !== undefined ? `: "${String(values[fieldKey])}"` : ''}`
      issues.push({ row: record.row, column, field: fieldKey, reason, kind: 'error' })
    }
    return { values, issues }
  }
  return { values: parsed.data as Record<string, unknown>, issues }
}

/** Maps a service's validation details ({ path, message }) back to the columns of the row. */
export function issuesFromDetails(row: number, headers: readonly string[], mapping: readonly (string | null)[], message: string, details: readonly { path?: string; message: string }[]): ImportRowIssue[] {
  if (details.length === 0) return [{ row, column: null, field: null, reason: message, kind: 'error' }]
  return details.map((d) => {
    const index = d.path ? mapping.indexOf(d.path) : -1
    return { row, column: index >= 0 ? (headers[index] ?? null) : null, field: d.path ?? null, reason: d.message, kind: 'error' as const }
  })
}
