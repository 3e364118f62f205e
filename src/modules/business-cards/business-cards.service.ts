/**
 * 名刺 (business card) entry in one transaction: the company is an existing account or a new one, the person is a
 * new contact or an existing one brought up to date, and the two are linked. Each step goes through the accounts and
 * contacts services, so their permission checks, audit rows and events apply unchanged.
 */
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, invalid } from '../../platform/errors.ts'
import { normalizeEmail, normalizePhone } from '../../platform/japanese/index.ts'
import { type Account, createAccount, getAccount } from '../accounts/index.ts'
import { type Contact, type ContactPatch, createContact, getContact, linkContactToAccount, listContactAccounts, updateContact } from '../contacts/index.ts'
import type { BusinessCard, BusinessCardResult } from './business-cards.schema.ts'

type Person = BusinessCard['person']
type Address = NonNullable<Person['addresses']>[number]

function given(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function sameAddress(a: Partial<Address>, b: Partial<Address>): boolean {
  const key = (x: Partial<Address>) => [x.postalCode, x.prefecture, x.city, x.street, x.building].map((v) => (v ?? '').replace(/[\s-]/g, '')).join('|')
  return key(a) === key(b)
}

/**
 * What a card changes on a person already on file: names, reading, department and title as printed (blank on the card
 * leaves the stored value); emails, phones and the address are added when not already there, so nothing is lost.
 */
function patchFromCard(existing: Contact, person: Person): ContactPatch {
  const patch: ContactPatch = {}
  for (const field of ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'department', 'title'] as const) {
    if (given(person[field])) patch[field] = person[field]
  }
  const emails = existing.emails ?? []
  const newEmails = (person.emails ?? []).filter((e) => !emails.some((x) => normalizeEmail(x.address) === normalizeEmail(e.address)))
  if (newEmails.length > 0) patch.emails = [...emails, ...newEmails.map((e) => ({ ...e, primary: emails.length === 0 && e.primary }))]
  const phones = existing.phones ?? []
  const newPhones = (person.phones ?? []).filter((p) => !phones.some((x) => normalizePhone(x.number) === normalizePhone(p.number)))
  if (newPhones.length > 0) patch.phones = [...phones, ...newPhones.map((p) => ({ ...p, primary: phones.length === 0 && p.primary }))]
  const addresses = existing.addresses ?? []
  const newAddresses = (person.addresses ?? []).filter((a) => !addresses.some((x) => sameAddress(x, a)))
  if (newAddresses.length > 0) patch.addresses = [...addresses, ...newAddresses.map((a) => ({ ...a, primary: addresses.length === 0 && a.primary }))]
  return patch
}

async function resolveCompany(ctx: ServiceContext, company: BusinessCard['company']): Promise<{ account: Account | null; created: boolean }> {
  if (!company) return { account: null, created: false }
  if (company.accountId) {
    if (company.name !== undefined) throw invalid('Give either an existing account or a new company name, not both.', [{ path: 'company.name', message: 'Not with accountId.' }])
    return { account: await getAccount(ctx, company.accountId), created: false }
  }
  const name = company.name
  if (!name) throw invalid('The company needs a name or an existing account.', [{ path: 'company.name', message: 'Required.' }])
  const account = await asPart('company', () => createAccount(ctx, { name, nameKana: company.nameKana ?? null, phone: company.phone ?? null, website: company.website ?? null }))
  return { account, created: true }
}

/** Field errors of a step name the card's part, as the request body does: addresses.0.prefecture → person.addresses.0.prefecture. */
async function asPart<T>(part: 'person' | 'company', step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid') {
      throw new AppError(error.code, error.message, error.details.map((d) => (d.path ? { ...d, path: `${part}.${d.path}` } : d)))
    }
    throw error
  }
}

export async function saveBusinessCard(ctx: ServiceContext, card: BusinessCard): Promise<BusinessCardResult> {
  const { person } = card
  if (!card.contactId && !given(person.familyName) && !given(person.givenName)) {
    throw invalid('A business card needs the person\'s name.', [{ path: 'person.familyName', message: 'Required.' }])
  }
  const { account, created: accountCreated } = await resolveCompany(ctx, card.company)
  if (!card.contactId) {
    const contact = await asPart('person', () => createContact(ctx, { ...person, ...(account ? { accountId: account.id } : {}) }))
    return { contact, account, contactCreated: true, accountCreated }
  }
  const existing = await getContact(ctx, card.contactId)
  // getContact follows a merged-away id to its survivor; update the record that exists.
  const contactId = existing.id
  const patch = patchFromCard(existing, person)
  if (Object.keys(patch).length > 0) await asPart('person', () => updateContact(ctx, contactId, patch))
  if (account) {
    const links = await listContactAccounts(ctx, contactId)
    // A card from a company the person is not (yet) at on file: they work there now, as the card's title.
    if (!links.some((l) => l.current && l.accountId === account.id)) {
      await linkContactToAccount(ctx, contactId, { accountId: account.id, title: person.title ?? null, isPrimary: true })
    }
  }
  return { contact: await getContact(ctx, contactId), account, contactCreated: false, accountCreated }
}
