/**
 * A small RFC 5545 writer: CRLF line ends, lines folded at 75 octets without splitting a
 * UTF-8 character, TEXT values escaped, times in UTC ("Z") and all-day dates as VALUE=DATE.
 */

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n')
}

/** Folds one content line into chunks of at most 75 octets (continuations start with a space). */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  // The first line may hold 75 octets; a continuation holds 74 after its leading space.
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = 74
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** 20261125T091500Z */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** 20261125: the calendar date of `date` in `timeZone`. */
export function localDate(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
  return parts.replace(/-/g, '')
}

export function addDays(yyyymmdd: string, days: number): string {
  const d = new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)) + days))
  return d.toISOString().slice(0, 10).replace(/-/g, '')
}

export type IcalProperty = [name: string, value: string | null | undefined, params?: string]

/** One component: BEGIN, each property with a value, END. TEXT escaping is the caller's choice. */
export function component(name: string, properties: IcalProperty[]): string[] {
  const lines = [`BEGIN:${name}`]
  for (const [key, value, params] of properties) {
    if (value === null || value === undefined || value === '') continue
    lines.push(`${key}${params ? `;${params}` : ''}:${value}`)
  }
  lines.push(`END:${name}`)
  return lines
}

export function calendarDocument(headers: IcalProperty[], components: string[][]): string {
  const head = component('VCALENDAR', headers)
  const lines = [...head.slice(0, -1), ...components.flat(), head[head.length - 1]!]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
