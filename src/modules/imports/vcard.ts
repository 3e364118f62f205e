/**
 * vCard 3.0 / 4.0 (and the 2.1 that older Japanese phones write) read into flat rows with fixed
 * columns, so a vCard import goes through the same mapping and validation as a CSV; and
 * contacts written out as vCard 4.0.
 */
import iconv from 'iconv-lite'

/** The columns a parsed card offers for mapping. */
export const VCARD_COLUMNS = [
  'FN',
  'N.family',
  'N.given',
  'N.family.kana',
  'N.given.kana',
  'ORG',
  'ORG.unit',
  'TITLE',
  'EMAIL',
  'EMAIL.2',
  'TEL',
  'TEL.2',
  'ADR.postalCode',
  'ADR.region',
  'ADR.locality',
  'ADR.street',
  'ADR.extended',
  'ADR.country',
  'URL',
  'BDAY',
  'NOTE',
] as const
export type VCardColumn = (typeof VCARD_COLUMNS)[number]

export interface VCardRecord {
  /** 1-based position of the card in the file (the error report's "row"). */
  row: number
  /** Line in the file where BEGIN:VCARD is. */
  line: number
  fields: string[]
}

interface Property {
  name: string
  params: Map<string, string[]>
  value: string
}

/** True when the text looks like a vCard file rather than CSV. */
export function looksLikeVCard(text: string): boolean {
  return /^\s*BEGIN:VCARD/i.test(text)
}

/** Joins folded lines (a line break followed by a space or tab continues the line). */
function unfold(text: string): { text: string; line: number }[] {
  const raw = text.split(/\r\n|\r|\n/)
  const out: { text: string; line: number }[] = []
  raw.forEach((line, index) => {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 0) {
      out[out.length - 1]!.text += line.slice(1)
    } else if (out.length > 0 && /ENCODING=QUOTED-PRINTABLE/i.test(out[out.length - 1]!.text) && out[out.length - 1]!.text.endsWith('=')) {
      // vCard 2.1 quoted-printable soft line break.
      out[out.length - 1]!.text = out[out.length - 1]!.text.slice(0, -1) + line
    } else {
      out.push({ text: line, line: index + 1 })
    }
  })
  return out
}

function parseProperty(line: string): Property | null {
  // NAME;PARAM=a,b;TYPE=work:value — the first ":" outside a quoted parameter ends the name part.
  let inQuotes = false
  let colon = -1
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') inQuotes = !inQuotes
    else if (ch === ':' && !inQuotes) {
      colon = i
      break
    }
  }
  if (colon < 0) return null
  const head = line.slice(0, colon).split(';')
  const name = head[0]!.replace(/^[^.]*\./, '').toUpperCase() // drop the item1. group prefix
  const params = new Map<string, string[]>()
  for (const part of head.slice(1)) {
    const eq = part.indexOf('=')
    // vCard 2.1 writes bare types: TEL;CELL;WORK:...
    const key = (eq < 0 ? 'TYPE' : part.slice(0, eq)).toUpperCase()
    const values = (eq < 0 ? part : part.slice(eq + 1)).replace(/^"|"$/g, '').split(',')
    params.set(key, [...(params.get(key) ?? []), ...values.map((v) => v.toLowerCase())])
  }
  let value = line.slice(colon + 1)
  if (params.get('ENCODING')?.includes('quoted-printable')) {
    const bytes = Buffer.from(value.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
    const charset = params.get('CHARSET')?.[0] ?? 'utf-8'
    value = iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : bytes.toString('utf8')
  }
  return { name, params, value }
}

/** Splits a structured value on unescaped ";" and unescapes each part. */
function components(value: string): string[] {
  const parts: string[] = []
  let current = ''
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1]
      i++
    } else if (ch === ';') {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map(unescapeText)
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).trim()
}

/** Preferred first: PREF=1 (4.0) or TYPE=pref (3.0), then file order. */
function byPreference(props: Property[]): Property[] {
  const rank = (p: Property) => {
    const pref = p.params.get('PREF')?.[0]
    if (pref) return Number(pref) || 100
    return p.params.get('TYPE')?.includes('pref') ? 1 : 100
  }
  return props.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p)
}

export function* parseVCards(text: string): Generator<VCardRecord> {
  let card: Property[] | null = null
  let startLine = 0
  let row = 0
  for (const { text: line, line: lineNo } of unfold(text)) {
    if (/^BEGIN:VCARD$/i.test(line.trim())) {
      card = []
      startLine = lineNo
      continue
    }
    if (/^END:VCARD$/i.test(line.trim())) {
      if (card) {
        row++
        yield { row, line: startLine, fields: cardToFields(card) }
      }
      card = null
      continue
    }
    if (!card || line.trim() === '') continue
    const property = parseProperty(line)
    if (property) card.push(property)
  }
}

function cardToFields(props: Property[]): string[] {
  const get = (name: string) => props.filter((p) => p.name === name)
  const values: Partial<Record<VCardColumn, string>> = {}
  const fn = get('FN')[0]
  if (fn) values.FN = unescapeText(fn.value)
  const n = get('N')[0]
  if (n) {
    const [family = '', given = ''] = components(n.value)
    values['N.family'] = family
    values['N.given'] = given
    // Japanese readings arrive as SORT-AS on N (4.0), X-PHONETIC-* (Apple) or SOUND;X-IRMC-N (phones).
    const sortAs = n.params.get('SORT-AS')
    if (sortAs && sortAs.length > 0) {
      values['N.family.kana'] = sortAs[0] ?? ''
      values['N.given.kana'] = sortAs[1] ?? ''
    }
  }
  const phoneticFamily = get('X-PHONETIC-LAST-NAME')[0]
  const phoneticGiven = get('X-PHONETIC-FIRST-NAME')[0]
  if (phoneticFamily) values['N.family.kana'] = unescapeText(phoneticFamily.value)
  if (phoneticGiven) values['N.given.kana'] = unescapeText(phoneticGiven.value)
  const irmc = get('SOUND').find((p) => p.params.get('TYPE')?.includes('x-irmc-n') || p.params.has('X-IRMC-N'))
  if (irmc && !values['N.family.kana']) {
    const [family = '', given = ''] = components(irmc.value)
    values['N.family.kana'] = family
    values['N.given.kana'] = given
  }
  const org = get('ORG')[0]
  if (org) {
    const [name = '', ...units] = components(org.value)
    values.ORG = name
    if (units.length > 0) values['ORG.unit'] = units.filter(Boolean).join(' ')
  }
  const title = get('TITLE')[0]
  if (title) values.TITLE = unescapeText(title.value)
  const emails = byPreference(get('EMAIL'))
  if (emails[0]) values.EMAIL = unescapeText(emails[0].value)
  if (emails[1]) values['EMAIL.2'] = unescapeText(emails[1].value)
  const tels = byPreference(get('TEL'))
  const telValue = (p: Property) => unescapeText(p.value).replace(/^tel:/i, '')
  if (tels[0]) values.TEL = telValue(tels[0])
  if (tels[1]) values['TEL.2'] = telValue(tels[1])
  const adr = byPreference(get('ADR'))[0]
  if (adr) {
    const [, extended = '', street = '', locality = '', region = '', postalCode = '', country = ''] = components(adr.value)
    Object.assign(values, {
      'ADR.postalCode': postalCode,
      'ADR.region': region,
      'ADR.locality': locality,
      'ADR.street': street,
      'ADR.extended': extended,
      'ADR.country': country,
    })
  }
  const url = get('URL')[0]
  if (url) values.URL = unescapeText(url.value)
  const bday = get('BDAY')[0]
  if (bday) values.BDAY = normalizeBirthday(bday.value.trim())
  const note = get('NOTE')[0]
  if (note) values.NOTE = unescapeText(note.value)
  return VCARD_COLUMNS.map((column) => values[column] ?? '')
}

/** 19800401 / 1980-04-01 / 1980-04-01T00:00:00Z → 1980-04-01; --0401 (no year) stays as it is. */
function normalizeBirthday(value: string): string {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value)
  return iso ? iso[1]! : value
}

// ---- writing ----

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n')
}

/** Folds a content line at 75 octets (RFC 6350 §3.2), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

export interface VCardPerson {
  uid: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  fullName: string
  organization: string | null
  department: string | null
  title: string | null
  emails: { value: string; type?: string | null; primary?: boolean }[]
  phones: { value: string; type?: string | null; primary?: boolean }[]
  addresses: { postalCode?: string | null; region?: string | null; locality?: string | null; street?: string | null; extended?: string | null; country?: string | null; type?: string | null }[]
  birthday: string | null
  note: string | null
  updatedAt: string
}

/** One contact as a vCard 4.0, CRLF line ends, lines folded at 75 octets. */
export function formatVCard(p: VCardPerson): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID:urn:uuid:${p.uid}`]
  lines.push(`FN:${escapeText(p.fullName)}`)
  const kana = [p.familyNameKana, p.givenNameKana].filter(Boolean).length > 0
  const sortAs = kana ? `;SORT-AS="${[p.familyNameKana ?? '', p.givenNameKana ?? ''].map((s) => s.replace(/[",;]/g, ' ')).join(',')}"` : ''
  lines.push(`N${sortAs}:${escapeText(p.familyName ?? '')};${escapeText(p.givenName ?? '')};;;`)
  // Apple Contacts and Android read the reading from these.
  if (p.familyNameKana) lines.push(`X-PHONETIC-LAST-NAME:${escapeText(p.familyNameKana)}`)
  if (p.givenNameKana) lines.push(`X-PHONETIC-FIRST-NAME:${escapeText(p.givenNameKana)}`)
  if (p.organization || p.department) lines.push(`ORG:${escapeText(p.organization ?? '')}${p.department ? `;${escapeText(p.department)}` : ''}`)
  if (p.title) lines.push(`TITLE:${escapeText(p.title)}`)
  p.emails.forEach((e, i) => lines.push(`EMAIL${typeParam(e.type)}${e.primary || (i === 0 && !p.emails.some((x) => x.primary)) ? ';PREF=1' : ''}:${escapeText(e.value)}`))
  p.phones.forEach((t, i) => lines.push(`TEL;VALUE=uri${typeParam(t.type)}${t.primary || (i === 0 && !p.phones.some((x) => x.primary)) ? ';PREF=1' : ''}:tel:${t.value.replace(/[^\d+\-]/g, '')}`))
  for (const a of p.addresses) {
    lines.push(`ADR${typeParam(a.type)}:;${[a.extended, a.street, a.locality, a.region, a.postalCode, a.country].map((v) => escapeText(v ?? '')).join(';')}`)
  }
  if (p.birthday) lines.push(`BDAY:${p.birthday.replace(/-/g, '')}`)
  if (p.note) lines.push(`NOTE:${escapeText(p.note)}`)
  lines.push(`REV:${p.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`)
  lines.push('END:VCARD')
  return lines.map(fold).join('\r\n') + '\r\n'
}

function typeParam(type: string | null | undefined): string {
  if (!type) return ''
  const map: Record<string, string> = { work: 'work', home: 'home', mobile: 'cell', cell: 'cell', fax: 'fax', main: 'work' }
  const t = map[type.toLowerCase()]
  return t ? `;TYPE=${t}` : ''
}
