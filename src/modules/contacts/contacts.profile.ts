/**
 * Pure rules of a contact's profile: readings in katakana, the display name, one primary per list,
 * Japanese addresses (〒, 都道府県), tags, and the derived search_text / sort_kana / primary columns.
 */
import type { ContactAddress, ContactEmail, ContactPhone } from '../../platform/db/schema.ts'
import type { ErrorDetail } from '../../platform/errors.ts'
import { buildSearchText, foldForSearch, katakanaToHiragana, normalizeEmail, normalizePhone } from '../../platform/japanese/index.ts'
import { PREFECTURES } from './contacts.schema.ts'

const blank = (v: string | null | undefined): v is null | undefined | '' => v === null || v === undefined || v.trim() === ''
const clean = (v: string | null | undefined): string | null => (blank(v) ? null : v.trim())

/** Readings are stored as full-width katakana: ﾀﾅｶ and たなか both become タナカ. */
export function normalizeKana(value: string | null | undefined, path: string, details: ErrorDetail[]): string | null {
  if (blank(value)) return null
  const katakana = value
    .normalize('NFKC')
    .trim()
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/\s+/g, ' ')
  if (!/^[\u30A0-\u30FF\u3000 ・ー]+$/u.test(katakana)) details.push({ path, message: 'Use katakana or hiragana (フリガナ).' })
  return katakana
}

const LATIN_ONLY = /^[\p{Script=Latin}\s.'\-]+$/u

/** 姓 名 for Japanese names; "Given Family" when both are written in Latin letters. */
export function defaultDisplayName(familyName: string | null, givenName: string | null): string {
  if (familyName && givenName) return LATIN_ONLY.test(familyName + givenName) ? `${givenName} ${familyName}` : `${familyName} ${givenName}`
  return familyName ?? givenName ?? ''
}

/** One entry is primary: the one marked, else the first. Two marked is an error. */
function withOnePrimary<T extends { primary: boolean }>(list: T[], path: string, details: ErrorDetail[]): T[] {
  const marked = list.filter((e) => e.primary).length
  if (marked > 1) details.push({ path, message: 'Only one entry may be primary.' })
  if (list.length > 0 && marked === 0) return list.map((e, i) => ({ ...e, primary: i === 0 }))
  return list
}

export function normalizeEmails(list: ContactEmail[], details: ErrorDetail[]): ContactEmail[] {
  const seen = new Set<string>()
  list.forEach((e, i) => {
    const key = normalizeEmail(e.address)
    if (seen.has(key)) details.push({ path: `emails.${i}.address`, message: 'This address is listed twice.' })
    seen.add(key)
  })
  return withOnePrimary(
    list.map((e) => ({ type: e.type, address: e.address.trim(), primary: e.primary })),
    'emails',
    details,
  )
}

export function normalizePhones(list: ContactPhone[], details: ErrorDetail[]): ContactPhone[] {
  return withOnePrimary(
    list.map((p) => ({ type: p.type, number: p.number.normalize('NFKC').trim(), primary: p.primary })),
    'phones',
    details,
  )
}

/** 〒1000001, １００−０００１ and 100-0001 are all stored as 100-0001. */
function japanesePostalCode(value: string | null, path: string, details: ErrorDetail[]): string | null {
  if (value === null) return null
  const digits = value.normalize('NFKC').replace(/^〒/, '').replace(/[-‐ー−\s]/g, '')
  if (!/^\d{7}$/.test(digits)) {
    details.push({ path, message: 'A Japanese postal code has 7 digits (e.g. 100-0001).' })
    return value
  }
  return `${digits.slice(0, 3)}-${digits.slice(3)}`
}

type AddressInput = Omit<ContactAddress, 'postalCode' | 'prefecture' | 'city' | 'street' | 'building' | 'region' | 'line1' | 'line2'> &
  Partial<Record<'postalCode' | 'prefecture' | 'city' | 'street' | 'building' | 'region' | 'line1' | 'line2', string | null>>

export function normalizeAddresses(list: AddressInput[], details: ErrorDetail[]): ContactAddress[] {
  const out = list.map((a, i): ContactAddress => {
    // Services may be called without the HTTP schema's defaults, so normalise here too.
    const country = (a.country || 'JP').trim().toUpperCase()
    const japanese = country === 'JP'
    const address: ContactAddress = {
      type: a.type ?? 'work',
      country,
      postalCode: clean(a.postalCode),
      prefecture: clean(a.prefecture),
      city: clean(a.city),
      street: clean(a.street),
      building: clean(a.building),
      region: clean(a.region),
      line1: clean(a.line1),
      line2: clean(a.line2),
      primary: a.primary ?? false,
    }
    if (japanese) {
      address.postalCode = japanesePostalCode(address.postalCode, `addresses.${i}.postalCode`, details)
      if (address.prefecture !== null && !(PREFECTURES as readonly string[]).includes(address.prefecture)) {
        details.push({ path: `addresses.${i}.prefecture`, message: 'Name one of the 47 prefectures (e.g. 東京都).' })
      }
    }
    const parts = [address.postalCode, address.prefecture, address.city, address.street, address.building, address.region, address.line1, address.line2]
    if (parts.every((p) => p === null)) details.push({ path: `addresses.${i}`, message: 'An address needs at least one part.' })
    return address
  })
  return withOnePrimary(out, 'addresses', details)
}

/** Tags are trimmed, NFKC-folded for width and kept once each, in the order given. */
export function normalizeTags(tags: string[]): string[] {
  const out: string[] = []
  for (const tag of tags) {
    const t = tag.normalize('NFKC').trim()
    if (t && !out.includes(t)) out.push(t)
  }
  return out
}

export interface SearchableContact {
  displayName: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  emails: ContactEmail[]
  phones: ContactPhone[]
  tags: string[]
}

/** What the search box and `?q=` match: names, readings, emails, phone digits, current companies, tags. */
export function contactSearchText(contact: SearchableContact, companies: string[]): string {
  const fullName = [contact.familyName, contact.givenName].filter(Boolean).join('')
  const fullKana = [contact.familyNameKana, contact.givenNameKana].filter(Boolean).join('')
  return buildSearchText([
    contact.displayName,
    fullName,
    contact.familyName,
    contact.givenName,
    fullKana,
    contact.familyNameKana,
    contact.givenNameKana,
    ...contact.emails.map((e) => e.address),
    ...contact.phones.map((p) => p.number),
    ...companies,
    ...contact.tags,
  ])
}

/** 五十音順 key: the reading in hiragana; without a reading, the folded display name (sorts after all readings). */
export function sortKana(contact: Pick<SearchableContact, 'familyNameKana' | 'givenNameKana' | 'displayName'>): string {
  const kana = [contact.familyNameKana, contact.givenNameKana].filter(Boolean).join(' ')
  if (kana) return katakanaToHiragana(kana.normalize('NFKC')).replace(/\s+/g, ' ')
  return `\u{FFEE}${foldForSearch(contact.displayName)}`
}

export function primaryEmail(emails: ContactEmail[]): string | null {
  const e = emails.find((x) => x.primary) ?? emails[0]
  return e ? normalizeEmail(e.address) : null
}

export function primaryPhoneDigits(phones: ContactPhone[]): string | null {
  const p = phones.find((x) => x.primary) ?? phones[0]
  return p ? normalizePhone(p.number) || null : null
}
