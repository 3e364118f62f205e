/** Keyset pagination: cursors are opaque base64url JSON of the last row's sort key. */
import { invalid } from '../errors.ts'

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

/** Decodes a cursor made by encodeCursor with `size` values; a tampered cursor is a 400. */
export function decodeCursor(cursor: string | undefined, size: number): (string | number | null)[] | null {
  if (!cursor) return null
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === size && parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) {
      return parsed as (string | number | null)[]
    }
  } catch {
    /* fall through */
  }
  throw invalid('The cursor is not valid; start again from the first page.', [{ path: 'cursor', message: 'Malformed cursor.' }])
}

/** Fetch limit + 1 rows, then call this to split off the next cursor. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number | null)[]): Page<T> {
  if (rows.length <= limit) return { data: rows, nextCursor: null }
  const data = rows.slice(0, limit)
  return { data, nextCursor: encodeCursor(keyOf(data[data.length - 1]!)) }
}
