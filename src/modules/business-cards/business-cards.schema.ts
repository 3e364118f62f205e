/** 名刺 (business card) entry: one card in, a contact (new or updated) linked to a company (existing or new) out. */
import { z } from 'zod'
import { Account } from '../accounts/accounts.schema.ts'
import { Contact, ContactAddressSchema, ContactEmailSchema, ContactPhoneSchema } from '../contacts/contacts.schema.ts'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const BusinessCardPerson = z
  .strictObject({
    familyName: optionalText(100).describe('姓'),
    givenName: optionalText(100).describe('名'),
    familyNameKana: optionalText(100).describe('セイ (katakana or hiragana)'),
    givenNameKana: optionalText(100).describe('メイ'),
    department: optionalText(200),
    title: optionalText(200).describe('役職'),
    emails: z.array(ContactEmailSchema).max(5).optional(),
    phones: z.array(ContactPhoneSchema).max(5).optional().describe('Phone, mobile and fax as printed on the card'),
    addresses: z.array(ContactAddressSchema).max(2).optional(),
  })
  .meta({ id: 'BusinessCardPerson' })

export const BusinessCardCompany = z
  .strictObject({
    accountId: z.uuid().optional().describe('Link to this existing account'),
    name: z.string().trim().min(1).max(200).optional().describe('Or create a new account with this name'),
    nameKana: optionalText(200),
    phone: optionalText(40),
    website: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  })
  .meta({ id: 'BusinessCardCompany' })

export const BusinessCard = z
  .strictObject({
    contactId: z.uuid().optional().describe('Update this existing person instead of creating one'),
    person: BusinessCardPerson,
    company: BusinessCardCompany.nullable().optional(),
  })
  .meta({ id: 'BusinessCard' })
export type BusinessCard = z.infer<typeof BusinessCard>

export const BusinessCardResult = z
  .object({ contact: Contact, account: Account.nullable(), contactCreated: z.boolean(), accountCreated: z.boolean() })
  .meta({ id: 'BusinessCardResult' })
export type BusinessCardResult = z.infer<typeof BusinessCardResult>
