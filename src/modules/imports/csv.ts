/**
 * CSV text in and out: encoding detection (UTF-8 with or without BOM, UTF-16 from Excel's
 * "Unicode text", else Shift_JIS/CP932 — what Japanese Excel writes), delimiter detection,
 * an RFC 4180 parser (quoted fields, doubled quotes, line breaks inside quotes) and the writer.
 */
import iconv from 'iconv-lite'

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'cp932'
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'cp932']

/**
 * Decides how the bytes are encoded. A BOM decides; otherwise text that is valid UTF-8 is
 * UTF-8 (Shift_JIS text with any Japanese in it is practically never valid UTF-8), and
 * anything else is read as CP932, the Windows superset of Shift_JIS (①, ㈱, NEC/IBM kanji).
 */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'utf-8'
  } catch {
    return 'cp932'
  }
}

/** Bytes → text in the given encoding, without the BOM. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return stripBom(buffer.toString('utf8'))
    case 'utf-16le':
      return stripBom(iconv.decode(buffer, 'utf-16le'))
    case 'utf-16be':
      return stripBom(iconv.decode(buffer, 'utf-16be'))
    case 'cp932':
      return iconv.decode(buffer, 'cp932')
  }
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)

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

/**
 * RFC 4180 parser over the whole text, yielding one record at a time. Blank lines are
 * skipped (they still count for row numbers, as in a spreadsheet).
 */
export function* parseCsv(text: string, delimiter = ','): Generator<CsvRecord> {
  let row = 1
  let fields: string[] = []
  let field = ''
  let quoted = false
  let fieldStarted = false
  let i = 0
  const n = text.length
  const endRecord = function* (): Generator<CsvRecord> {
    fields.push(field)
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted
    if (!blank) yield { row, fields }
    fields = []
    field = ''
    fieldStarted = false
    row++
  }
  while (i < n) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      fieldStarted = true
      i++
      continue
    }
    if (ch === delimiter) {
      fields.push(field)
      field = ''
      fieldStarted = true
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      yield* endRecord()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      continue
    }
    field += ch
    i++
  }
  if (field !== '' || fields.length > 0 || fieldStarted) yield* endRecord()
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
