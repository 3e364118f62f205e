/** The 名刺 form's values and how they become the API body: address split, phone types, URL and postal code tidy-up. */
import { PREFECTURES } from '../contacts/ContactInputs.tsx'
import type { BusinessCardBody } from './api.ts'

export const CARD_FIELDS = [
  'companyName',
  'companyKana',
  'department',
  'title',
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'postalCode',
  'address',
  'building',
  'phone',
  'mobile',
  'fax',
  'email',
  'url',
] as const
export type CardField = (typeof CARD_FIELDS)[number]
export type CardValues = Record<CardField, string>

export const emptyCard = (): CardValues => Object.fromEntries(CARD_FIELDS.map((f) => [f, ''])) as CardValues

/** 東京都千代田区丸の内1-2-3 → 東京都 / 千代田区 / 丸の内1-2-3. Anything unrecognised stays in the street. */
export function splitAddress(line: string): { prefecture: string | null; city: string | null; street: string | null } {
  let rest = line.normalize('NFKC').trim()
  const prefecture = PREFECTURES.find((p) => rest.startsWith(p)) ?? null
  if (prefecture) rest = rest.slice(prefecture.length).trim()
  // 市区町村: up to the first 市, 区, 町 or 村 (郡 first when the town is in a district: 西多摩郡瑞穂町).
  const city = /^(.+?郡.+?[町村]|.+?市.+?区|.+?[市区町村])/.exec(rest)?.[1] ?? null
  const street = (city ? rest.slice(city.length) : rest).trim()
  return { prefecture, city, street: street || null }
}

/** 1000005 / １００－０００５ / 〒100-0005 → 100-0005; anything else as typed. */
export function tidyPostalCode(value: string): string {
  const digits = value.normalize('NFKC').replace(/[^\d]/g, '')
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : value.trim()
}

/** www.example.co.jp → https://www.example.co.jp (a card rarely prints the scheme). */
export function tidyUrl(value: string): string {
  const text = value.normalize('NFKC').trim()
  if (!text) return ''
  return /^https?:\/\//i.test(text) ? text : `https://${text}`
}

const t = (value: string) => value.trim() || null

export function validateCard(values: CardValues): Partial<Record<CardField, 'name' | 'email' | 'url' | 'postalCode'>> {
  const errors: Partial<Record<CardField, 'name' | 'email' | 'url' | 'postalCode'>> = {}
  if (!values.familyName.trim() && !values.givenName.trim()) errors.familyName = 'name'
  if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.normalize('NFKC').trim())) errors.email = 'email'
  if (values.url.trim()) {
    try {
      new URL(tidyUrl(values.url))
    } catch {
      errors.url = 'url'
    }
  }
  const postal = values.postalCode.normalize('NFKC').replace(/[^\d]/g, '')
  if (values.postalCode.trim() && postal.length !== 7) errors.postalCode = 'postalCode'
  return errors
}

export type CompanyChoice = { kind: 'link'; id: string; name: string } | { kind: 'new' } | { kind: 'none' }

export function toBody(values: CardValues, company: CompanyChoice, contactId: string | null): BusinessCardBody {
  const phones: NonNullable<BusinessCardBody['person']['phones']> = []
  if (values.phone.trim()) phones.push({ type: 'work', number: values.phone.trim(), primary: false })
  if (values.mobile.trim()) phones.push({ type: 'mobile', number: values.mobile.trim(), primary: false })
  if (values.fax.trim()) phones.push({ type: 'fax', number: values.fax.trim(), primary: false })
  // The number to call: the office line, else the mobile (a fax is never the primary number).
  const callable = phones.find((p) => p.type !== 'fax')
  if (callable) callable.primary = true
  const hasAddress = values.postalCode.trim() || values.address.trim() || values.building.trim()
  const person: BusinessCardBody['person'] = {
    familyName: t(values.familyName),
    givenName: t(values.givenName),
    familyNameKana: t(values.familyNameKana),
    givenNameKana: t(values.givenNameKana),
    department: t(values.department),
    title: t(values.title),
    ...(values.email.trim() ? { emails: [{ type: 'work', address: values.email.normalize('NFKC').trim(), primary: true }] } : {}),
    ...(phones.length > 0 ? { phones } : {}),
    ...(hasAddress
      ? { addresses: [{ type: 'work', country: 'JP', postalCode: t(tidyPostalCode(values.postalCode)), ...splitAddress(values.address), building: t(values.building), primary: true }] }
      : {}),
  }
  const body: BusinessCardBody = { person }
  if (contactId) body.contactId = contactId
  if (company.kind === 'link') body.company = { accountId: company.id }
  else if (company.kind === 'new' && values.companyName.trim()) {
    body.company = { name: values.companyName.trim(), nameKana: t(values.companyKana), phone: t(values.phone), website: t(tidyUrl(values.url)) }
  }
  return body
}

/** An API field path (person.emails.0.address, company.name …) → the card field it came from. */
export function cardFieldOf(path: string): CardField | undefined {
  const [part, field, , sub] = path.split('.')
  if (part === 'company') return field === 'name' ? 'companyName' : field === 'nameKana' ? 'companyKana' : field === 'website' ? 'url' : field === 'phone' ? 'phone' : undefined
  if (field === 'emails') return 'email'
  if (field === 'phones') return 'phone'
  if (field === 'addresses') return sub === 'postalCode' ? 'postalCode' : sub === 'building' ? 'building' : 'address'
  return (CARD_FIELDS as readonly string[]).includes(field ?? '') ? (field as CardField) : undefined
}
