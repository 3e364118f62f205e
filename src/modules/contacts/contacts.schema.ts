/** Contact (担当者) input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import { AccountRef } from '../accounts/accounts.hierarchy.ts'
import { CustomValues } from '../custom-fields/custom-fields.schema.ts'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()
const isoDate = () => z.iso.date().nullable().optional().describe('YYYY-MM-DD')

/** The 47 prefectures (都道府県), in the official order; a Japanese address names one of these. */
export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const

export const EMAIL_TYPES = ['work', 'personal', 'other'] as const
export const PHONE_TYPES = ['mobile', 'work', 'home', 'fax'] as const
export const ADDRESS_TYPES = ['work', 'home', 'other'] as const
export const CHANNELS = ['email', 'phone', 'mail', 'none'] as const

export const ContactEmailSchema = z
  .strictObject({
    type: z.enum(EMAIL_TYPES).default('work'),
    address: z.email().max(254),
    primary: z.boolean().default(false),
  })
  .meta({ id: 'ContactEmail' })

export const ContactPhoneSchema = z
  .strictObject({
    type: z.enum(PHONE_TYPES).default('work'),
    number: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine((v) => /^[+\d\s\-()‐.ー－（）＋]+$/u.test(v.normalize('NFKC')) && /\d/.test(v.normalize('NFKC')), 'Digits, spaces, +, - and () only.'),
    primary: z.boolean().default(false),
  })
  .meta({ id: 'ContactPhone' })

/**
 * An address: `country` JP uses 〒 postalCode, prefecture (都道府県), city (市区町村), street (町名・番地) and building;
 * other countries use line1, line2, city, region and postalCode.
 */
export const ContactAddressSchema = z
  .strictObject({
    type: z.enum(ADDRESS_TYPES).default('work'),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'ISO 3166 two-letter code, e.g. JP.')
      .default('JP')
      .transform((v) => v.toUpperCase()),
    postalCode: optionalText(20),
    prefecture: optionalText(20),
    city: optionalText(100),
    street: optionalText(200),
    building: optionalText(200),
    region: optionalText(100),
    line1: optionalText(200),
    line2: optionalText(200),
    primary: z.boolean().default(false),
  })
  .meta({ id: 'ContactAddress' })

const contactFields = {
  familyName: optionalText(100).describe('姓'),
  givenName: optionalText(100).describe('名'),
  familyNameKana: optionalText(100).describe('セイ (katakana or hiragana)'),
  givenNameKana: optionalText(100).describe('メイ (katakana or hiragana)'),
  displayName: optionalText(200).describe('Defaults to 姓 名 (or "Given Family" for Latin names)'),
  emails: z.array(ContactEmailSchema).max(20).optional(),
  phones: z.array(ContactPhoneSchema).max(20).optional(),
  addresses: z.array(ContactAddressSchema).max(10).optional(),
  preferredChannel: z.enum(CHANNELS).nullable().optional(),
  doNotEmail: z.boolean().optional(),
  doNotCall: z.boolean().optional(),
  doNotMail: z.boolean().optional(),
  birthday: isoDate(),
  anniversary: isoDate(),
  occupation: optionalText(100),
  department: optionalText(200),
  title: optionalText(200).describe('役職'),
  ownerId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  notes: optionalText(10_000),
  custom: CustomValues.optional(),
}

export const ContactInput = z
  .strictObject({
    ...contactFields,
    accountId: z.uuid().optional().describe('Links the new contact to this account (current, primary) with its title'),
  })
  .meta({ id: 'ContactCreate' })
export type ContactInput = z.infer<typeof ContactInput>

export const ContactPatch = z.strictObject(contactFields).meta({ id: 'ContactPatch' })
export type ContactPatch = z.infer<typeof ContactPatch>


export const Contact = z
  .object({
    id: z.uuid(),
    familyName: z.string().nullable().optional(),
    givenName: z.string().nullable().optional(),
    familyNameKana: z.string().nullable().optional(),
    givenNameKana: z.string().nullable().optional(),
    displayName: z.string().optional(),
    emails: z.array(z.object({ type: z.enum(EMAIL_TYPES), address: z.string(), primary: z.boolean() })).optional(),
    phones: z.array(z.object({ type: z.enum(PHONE_TYPES), number: z.string(), primary: z.boolean() })).optional(),
    addresses: z
      .array(
        z.object({
          type: z.enum(ADDRESS_TYPES),
          country: z.string(),
          postalCode: z.string().nullable(),
          prefecture: z.string().nullable(),
          city: z.string().nullable(),
          street: z.string().nullable(),
          building: z.string().nullable(),
          region: z.string().nullable(),
          line1: z.string().nullable(),
          line2: z.string().nullable(),
          primary: z.boolean(),
        }),
      )
      .optional(),
    preferredChannel: z.enum(CHANNELS).nullable().optional(),
    doNotEmail: z.boolean().optional(),
    doNotCall: z.boolean().optional(),
    doNotMail: z.boolean().optional(),
    birthday: z.string().nullable().optional(),
    anniversary: z.string().nullable().optional(),
    occupation: z.string().nullable().optional(),
    department: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    notes: z.string().nullable().optional(),
    custom: CustomValues,
    primaryAccount: AccountRef.nullable().describe('The current primary company (null when none or not visible to you)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact', description: 'Fields hidden from your role are omitted.' })
export type Contact = z.infer<typeof Contact>

export const ContactListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['name', 'kana', '-createdAt']).default('-createdAt').describe('kana = 五十音順 by the reading'),
  ownerId: z.uuid().optional(),
  accountId: z.uuid().optional().describe('Contacts currently at this account'),
  tag: z.string().trim().min(1).max(50).optional(),
})
export type ContactListQuery = z.infer<typeof ContactListQuery>

/** Fields that roles may hide or make read-only. */
export const CONTACT_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'displayName',
  'emails',
  'phones',
  'addresses',
  'preferredChannel',
  'doNotEmail',
  'doNotCall',
  'doNotMail',
  'birthday',
  'anniversary',
  'occupation',
  'department',
  'title',
  'ownerId',
  'teamId',
  'tags',
  'notes',
] as const

// ---- Contacts ↔ accounts (employment, with history) ----

export const ContactAccountLink = z
  .object({
    id: z.uuid(),
    contactId: z.uuid(),
    contactName: z.string().optional(),
    accountId: z.uuid(),
    accountName: z.string(),
    title: z.string().nullable(),
    role: z.string().nullable(),
    isPrimary: z.boolean(),
    startedOn: z.string().nullable(),
    endedOn: z.string().nullable(),
    current: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'ContactAccountLink', description: 'A link with endedOn set is employment history.' })
export type ContactAccountLink = z.infer<typeof ContactAccountLink>

export const LinkCreate = z
  .strictObject({
    accountId: z.uuid(),
    title: optionalText(200),
    role: optionalText(100),
    isPrimary: z.boolean().optional(),
    startedOn: isoDate(),
    endedOn: isoDate().describe('Set to record past employment'),
  })
  .meta({ id: 'ContactAccountLinkCreate' })
export type LinkCreate = z.infer<typeof LinkCreate>

export const LinkPatch = z
  .strictObject({
    title: optionalText(200),
    role: optionalText(100),
    isPrimary: z.boolean().optional(),
    startedOn: isoDate(),
    endedOn: isoDate().describe('Ends the link; it stays as employment history'),
  })
  .meta({ id: 'ContactAccountLinkPatch' })
export type LinkPatch = z.infer<typeof LinkPatch>

export const LinkParams = z.strictObject({ id: z.uuid(), linkId: z.uuid() })

export const MoveContact = z
  .strictObject({
    accountId: z.uuid().describe('The new company'),
    title: optionalText(200).describe('役職 at the new company (also becomes the contact title)'),
    role: optionalText(100),
    department: optionalText(200),
    startedOn: isoDate().describe('Defaults to today'),
    fromAccountId: z.uuid().optional().describe('The link to end; default: every current link'),
  })
  .meta({ id: 'ContactMove' })
export type MoveContact = z.infer<typeof MoveContact>

export const AccountContactsQuery = z.strictObject({
  includeFormer: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Also list people who have left (employment history)'),
})
