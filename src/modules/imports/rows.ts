/**
 * From file bytes to typed records: reading CSV or vCard into header + records, guessing a
 * mapping from header names, and turning one record's cells into the object's input with
 * every problem named by row and column.
 */
import crypto from 'node:crypto'
import type { z } from 'zod'
import type { ImportRowIssue } from '../../platform/db/schema.ts'
import { decodePieces, decodeText, detectDelimiter, detectEncoding, type FileBytes, parseCsv, type TextEncodingName } from './csv.ts'
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

/**
 * Reads the stored bytes. CSV: the first row is the header; records are decoded and parsed as they are read, so a
 * large file is never held as one string. vCard: fixed columns, one record per card (read whole: such files are small).
 */
export function readImportFile(bytes: FileBytes, options: ReadOptions = {}): ReadFile {
  const encoding = options.encoding ?? detectEncoding(bytes)
  const head = decodedStart(bytes, encoding)
  if (looksLikeVCard(head)) {
    const text = decodeText(bytes, encoding)
    return { format: 'vcard', encoding, delimiter: '', headers: [...VCARD_COLUMNS], records: () => parseVCards(text) }
  }
  const delimiter = options.delimiter ?? detectDelimiter(head)
  const parse = () => parseCsv(decodePieces(bytes, encoding), delimiter)
  const first = parse().next()
  const headers = first.done ? [] : first.value.fields.map((h) => h.trim())
  return {
    format: 'csv',
    encoding,
    delimiter,
    headers,
    records: function* () {
      const records = parse()
      records.next()
      yield* records
    },
  }
}

/** The first 64 K characters or more (however short the first pieces are): enough to tell a vCard and the delimiter. */
function decodedStart(bytes: FileBytes, encoding: TextEncodingName): string {
  let start = ''
  for (const text of decodePieces(bytes, encoding)) {
    start += text
    if (start.length >= 64 * 1024) break
  }
  return start
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
  /** The cells as typed field values (what duplicates are matched on). */
  values: Record<string, unknown>
  /** The object's input, as its schema parsed it (what the service gets). */
  input: Record<string, unknown>
  issues: ImportRowIssue[]
}

/** Members of the tenant by lower-cased email and by name (names only when unique), for `user` fields. */
export type MemberLookup = Map<string, string>

/*
 * One record's cells → the object's input, in two steps: typeCells (enough to look for a duplicate), then
 * parseRecord with the create or the patch schema. Empty cells are left out (on update they leave the field as it
 * is). Cells that cannot become the field's type are issues; so is everything the object's own schema rejects,
 * named by the column it came from.
 */

/** A record's cells as typed field values, before the object's schema has seen them. */
export interface TypedCells {
  values: Record<string, unknown>
  /** Cells that could not become their field's type. */
  issues: ImportRowIssue[]
  /** The column each field came from, for the schema's issues. */
  columnOf: Map<string, string>
}

/** Each mapped cell typed (numbers, dates, members, lists); enough to find a duplicate. */
export function typeCells(
  target: ImportTarget,
  headers: readonly string[],
  mapping: readonly (string | null)[],
  record: FileRecord,
  members: MemberLookup = new Map(),
): TypedCells {
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
        issues.push({ row: record.row, column, field: field.key, reason: `Not a whole number: "${raw}"`, kind: 'error', code: 'notNumber', value: raw })
        return
      }
      values[field.key] = Number(cleaned)
    } else if (field.type === 'date') {
      const date = parseDate(raw)
      if (!date) {
        issues.push({ row: record.row, column, field: field.key, reason: `Not a date (YYYY-MM-DD, YYYY/M/D, 令和5年4月1日 …): "${raw}"`, kind: 'error', code: 'notDate', value: raw })
        return
      }
      values[field.key] = date
    } else if (field.type === 'user') {
      const id = members.get(raw.normalize('NFKC').toLowerCase()) ?? members.get(raw.normalize('NFKC').replace(/[\s\u3000]+/g, ''))
      if (!id) {
        issues.push({ row: record.row, column, field: field.key, reason: `No member of this tenant has this email or name: "${raw}"`, kind: 'error', code: 'unknownUser', value: raw })
        return
      }
      values[field.key] = id
    } else if (field.type === 'list') {
      values[field.key] = raw.split(/[,、;；/／]/).map((v) => v.trim()).filter(Boolean)
    } else {
      values[field.key] = raw
    }
  })
  return { values, issues, columnOf }
}

/** Typed cells → the object's input, checked by its create or patch schema. */
export function parseRecord(target: ImportTarget, typed: TypedCells, record: FileRecord, mode: 'create' | 'update'): BuiltRecord {
  const { values, columnOf } = typed
  if (typed.issues.length > 0) return { values, input: {}, issues: typed.issues }
  const issues: ImportRowIssue[] = []
  const schema: z.ZodType = mode === 'create' ? target.createSchema : target.patchSchema
  const input = target.toInput ? target.toInput(values, mode) : values
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const fieldKey = target.fieldForPath ? target.fieldForPath(issue.path, values) : typeof issue.path[0] === 'string' ? issue.path[0] : null
      const column = fieldKey ? (columnOf.get(fieldKey) ?? null) : null
      const cell = fieldKey !== null && typeof values[fieldKey] === 'string' ? (values[fieldKey] as string) : undefined
      const missing = fieldKey !== null && values[fieldKey] === undefined && (issue.code === 'invalid_type' || issue.code === 'too_small')
      const reason = missing ? `Required field is empty or not mapped: ${fieldKey}` : `${issue.message}${cell !== undefined ? `: "${cell}"` : ''}`
      issues.push({ row: record.row, column, field: fieldKey, reason, kind: 'error', code: missing ? 'required' : issueCode(issue), ...(cell !== undefined ? { value: cell } : {}) })
    }
    return { values, input: {}, issues }
  }
  return { values, input: parsed.data as Record<string, unknown>, issues }
}

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format') {
    const format = (issue as { format?: string }).format
    if (format === 'email') return 'invalidEmail'
    if (format === 'url') return 'invalidUrl'
  }
  if (issue.code === 'too_big') return 'tooLong'
  return 'invalidValue'
}

/** Maps a service's validation details ({ path, message }) back to the columns of the row. */
export function issuesFromDetails(
  target: ImportTarget,
  row: number,
  headers: readonly string[],
  mapping: readonly (string | null)[],
  message: string,
  details: readonly { path?: string; message: string }[],
  values: Record<string, unknown>,
): ImportRowIssue[] {
  if (details.length === 0) return [{ row, column: null, field: null, reason: message, kind: 'error', code: 'rejected' }]
  return details.map((d) => {
    const segments = d.path ? d.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : []
    const field = d.path ? (target.fieldForPath ? target.fieldForPath(segments, values) : String(segments[0])) : null
    const index = field ? mapping.indexOf(field) : -1
    return { row, column: index >= 0 ? (headers[index] ?? null) : null, field, reason: d.message, kind: 'error' as const, code: 'rejected' }
  })
}

const ERAS: Record<string, number> = { 明治: 1867, 大正: 1911, 昭和: 1925, 平成: 1988, 令和: 2018, m: 1867, t: 1911, s: 1925, h: 1988, r: 2018 }

/**
 * A date as people write it in Japanese spreadsheets → YYYY-MM-DD, or null:
 * 2024-04-01, 2024/4/1, 2024.4.1, 2024年4月1日, 20240401, 令和6年4月1日, R6.4.1, 平成元年…
 */
export function parseDate(text: string): string | null {
  const s = text.normalize('NFKC').trim().toLowerCase().replace(/元年/, '1年')
  let y: number, m: number, d: number
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ t].*)?$/.exec(s)
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else if ((match = /^(明治|大正|昭和|平成|令和|[mtshr])\s*(\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s))) {
    ;[y, m, d] = [ERAS[match[1]!]! + Number(match[2]), Number(match[3]), Number(match[4])]
  } else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
