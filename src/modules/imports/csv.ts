/**
 * CSV text in and out: encoding detection (UTF-8 with or without BOM, UTF-16 from Excel's
 * "Unicode text", else Shift_JIS/CP932 — what Japanese Excel writes), delimiter detection,
 * an RFC 4180 parser (quoted fields, doubled quotes, line breaks inside quotes) and the writer.
 */
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'cp932'
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'cp932']

/**
 * A file's bytes: one buffer (an upload) or the pieces it was read from the database in (an import's run), so a
 * file of hundreds of megabytes never has to sit in memory as one string (docs/decisions/0037).
 */
export type FileBytes = Uint8Array | readonly Uint8Array[]

const piecesOf = (bytes: FileBytes): readonly Uint8Array[] => (bytes instanceof Uint8Array ? [bytes] : bytes)

/**
 * Decides how the bytes are encoded. A BOM decides; otherwise text that is valid UTF-8 is
 * UTF-8 (Shift_JIS text with any Japanese in it is practically never valid UTF-8), and
 * anything else is read as CP932, the Windows superset of Shift_JIS (①, ㈱, NEC/IBM kanji).
 */
export function detectEncoding(bytes: FileBytes): TextEncodingName {
  const pieces = piecesOf(bytes)
  // The first three bytes, even when the first piece is shorter.
  const start = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces.map((p) => p.subarray(0, 3))).subarray(0, 3)
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return 'utf-8-bom'
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le'
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be'
  if (pieces.length === 1) return isUtf8(pieces[0]!) ? 'utf-8' : 'cp932'
  // A character may be cut between two pieces: a streaming decoder joins them.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    for (const piece of pieces) decoder.decode(piece, { stream: true })
    decoder.decode()
    return 'utf-8'
  } catch {
    return 'cp932'
  }
}

const ICONV_NAMES: Record<TextEncodingName, string> = { 'utf-8': 'utf8', 'utf-8-bom': 'utf8', 'utf-16le': 'utf16le', 'utf-16be': 'utf16be', cp932: 'cp932' }
const DECODE_STEP_BYTES = 1024 * 1024

/** Bytes → text in the given encoding, a megabyte at a time, without the BOM (a character cut between steps is joined). */
export function* decodePieces(bytes: FileBytes, encoding: TextEncodingName): Generator<string> {
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: true })
  for (const piece of piecesOf(bytes)) {
    for (let at = 0; at < piece.byteLength; at += DECODE_STEP_BYTES) {
      const text = decoder.write(Buffer.from(piece.buffer, piece.byteOffset + at, Math.min(DECODE_STEP_BYTES, piece.byteLength - at)))
      if (text) yield text
    }
  }
  const rest = decoder.end()
  if (rest) yield rest
}

/** Bytes → text in the given encoding, without the BOM. */
export function decodeText(bytes: FileBytes, encoding: TextEncodingName): string {
  return [...decodePieces(bytes, encoding)].join('')
}

/**
 * Characters that JIS X 0208 and CP932 map differently: text typed on a Mac (or read from a
 * Shift_JIS file by a JIS decoder) has the left ones, which CP932 cannot hold; Windows shows the right ones.
 */
const CP932_EQUIVALENTS: Record<string, string> = {
  '\u301c': '\uff5e', // 〜 WAVE DASH → ～
  '\u2016': '\u2225', // ‖ → ∥
  '\u2212': '\uff0d', // − MINUS SIGN → －
  '\u00a2': '\uffe0', // ¢ → ￠
  '\u00a3': '\uffe1', // £ → ￡
  '\u00ac': '\uffe2', // ¬ → ￢
  '\u00a6': '\uffe4', // ¦ → ￤
  '\u2014': '\u2015', // — EM DASH → ―
}
const CP932_EQUIVALENTS_RE = new RegExp(`[${Object.keys(CP932_EQUIVALENTS).join('')}]`, 'g')

/** Text → bytes for a download: UTF-8 with a BOM (so Excel reads it as UTF-8) or Shift_JIS (CP932, as Excel writes it). */
export function encodeText(text: string, encoding: 'utf-8-bom' | 'cp932'): Buffer {
  if (encoding !== 'cp932') return Buffer.from(text, 'utf8')
  return iconv.encode(text.replace(CP932_EQUIVALENTS_RE, (ch) => CP932_EQUIVALENTS[ch] ?? ch), 'cp932')
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** Characters CP932 cannot hold (they would turn into "?"), e.g. 𠮷 or emoji. */
export function unencodableInCp932(text: string): string[] {
  const bad = new Set<string>()
  for (const ch of text) {
    if (ch === '?') continue
    if (iconv.decode(encodeText(ch, 'cp932'), 'cp932') === '?') bad.add(ch)
  }
  return [...bad]
}

/** The delimiter used in the first lines: comma, tab or semicolon, whichever splits them most evenly. */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024)
  let best = ','
  let bestScore = -1
  for (const candidate of [',', '\t', ';']) {
    const rows = [...parseCsv(sample, candidate)].slice(0, 10)
    // A trailing partial row in the sample may be cut short; judge on complete rows.
    const counts = rows.slice(0, Math.max(1, rows.length - 1)).map((r) => r.fields.length)
    if (counts.length === 0) continue
    const first = counts[0]!
    if (first < 2) continue
    const consistent = counts.filter((n) => n === first).length
    const score = consistent * 1000 + first
    if (score > bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best
}

export interface CsvRecord {
  /** 1-based record number (what a spreadsheet shows as the row; a quoted line break does not start a new row). */
  row: number
  fields: string[]
}

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a
// Where the parser is: in an unquoted stretch, inside quotes, just after a quote inside quotes (a second one is a
// literal quote, anything else closes them), or just after a CR (a LF there belongs to it).
const PLAIN = 0
const QUOTED = 1
const QUOTE_IN_QUOTED = 2
const AFTER_CR = 3

/**
 * V8 makes a cut of 13 or more characters a view into the string it was cut from: a field kept for the whole import
 * (an email in the duplicate index, a company name) would keep its megabyte of text alive with it. A copy does not.
 */
const detached = (field: string) => (field.length < 13 ? field : (field + ' ').slice(0, -1))

/**
 * RFC 4180 parser over text given whole or in pieces (cut anywhere), yielding one record at a time. Blank lines
 * are skipped (they still count for row numbers, as in a spreadsheet). A quote opens a quoted stretch only at the
 * start of a field; elsewhere it is an ordinary character, as Excel reads it.
 */
export function* parseCsv(text: string | Iterable<string>, delimiter = ','): Generator<CsvRecord> {
  const separator = delimiter.charCodeAt(0)
  let row = 1
  let fields: string[] = []
  let field = ''
  // A quote or a delimiter was seen in this record: it is not a blank line even if every field is empty.
  let recordStarted = false
  let state = PLAIN
  const finishRecord = (): CsvRecord | null => {
    fields.push(detached(field))
    const record = fields.length === 1 && fields[0] === '' && !recordStarted ? null : { row, fields }
    fields = []
    field = ''
    recordStarted = false
    row++
    return record
  }
  for (const piece of typeof text === 'string' ? [text] : text) {
    const n = piece.length
    let i = 0
    while (i < n) {
      if (state === QUOTED) {
        const quote = piece.indexOf('"', i)
        if (quote === -1) {
          field += piece.slice(i)
          break
        }
        field += piece.slice(i, quote)
        i = quote + 1
        state = QUOTE_IN_QUOTED
        continue
      }
      const ch = piece.charCodeAt(i)
      if (state === QUOTE_IN_QUOTED) {
        state = PLAIN
        if (ch === QUOTE) {
          field += '"'
          i++
          state = QUOTED
          continue
        }
      } else if (state === AFTER_CR) {
        state = PLAIN
        if (ch === LF) {
          i++
          continue
        }
      }
      if (ch === QUOTE && field === '') {
        state = QUOTED
        recordStarted = true
        i++
        continue
      }
      // An unquoted stretch: up to the next delimiter or line break (quotes in it are ordinary characters).
      let end = i
      while (end < n) {
        const c = piece.charCodeAt(end)
        if (c === separator || c === CR || c === LF) break
        end++
      }
      if (end > i) field += piece.slice(i, end)
      if (end === n) break
      i = end + 1
      const c = piece.charCodeAt(end)
      if (c === separator) {
        fields.push(detached(field))
        field = ''
        recordStarted = true
        continue
      }
      if (c === CR) state = AFTER_CR
      const record = finishRecord()
      if (record) yield record
    }
  }
  if (field !== '' || fields.length > 0 || recordStarted) {
    const record = finishRecord()
    if (record) yield record
  }
}

/** One CSV line (with CRLF, as Excel writes) from values; quotes only where needed. */
export function formatCsvRow(values: readonly (string | number | boolean | null | undefined)[], delimiter = ','): string {
  return values.map((v) => quoteCsv(v === null || v === undefined ? '' : String(v), delimiter)).join(delimiter) + '\r\n'
}

function quoteCsv(value: string, delimiter: string): string {
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  // Numbers and phone numbers ("-5", "+81 3-1234-5678") are left alone so they round-trip.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value) ? `'${value}` : value
  if (safe.includes('"') || safe.includes(delimiter) || safe.includes('\n') || safe.includes('\r') || safe !== safe.trim()) {
    return `"${safe.replace(/"/g, '""')}"`
  }
  return safe
}
