/** Lead (リード) input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import { PREFECTURES } from '../contacts/contacts.schema.ts'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const LEAD_STATUSES = ['new', 'working', 'qualified', 'unqualified', 'converted'] as const
export const LEAD_SOURCES = ['web_form', 'import', 'api', 'manual', 'other'] as const

const phone = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === '' || (/^[+\d\s\-()‐.ー－（）＋]+$/u.test(v.normalize('NFKC')) && /\d/.test(v.normalize('NFKC'))), 'Digits, spaces, +, - and () only.')

/** The fields a person can give about themselves (also the fields a web form may ask for). */
export const leadProfileFields = {
  familyName: optionalText(100).describe('姓'),
  givenName: optionalText(100).describe('名'),
  familyNameKana: optionalText(100).describe('セイ'),
  givenNameKana: optionalText(100).describe('メイ'),
  companyName: optionalText(200).describe('会社名'),
  title: optionalText(200).describe('役職'),
  industry: optionalText(100),
  prefecture: z.enum(PREFECTURES).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  phone: phone.nullable().optional(),
  website: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  message: optionalText(5000).describe('What the person wrote (お問い合わせ内容)'),
}
export const LEAD_PROFILE_KEYS = Object.keys(leadProfileFields) as (keyof typeof leadProfileFields)[]

function hasIdentity(lead: { familyName?: string | null; givenName?: string | null; companyName?: string | null; email?: string | null }): boolean {
  return Boolean(lead.familyName || lead.givenName || lead.companyName || lead.email)
}
const identityIssue = { message: 'Give at least a name, a company or an email.', path: ['familyName'] }

export const LeadInput = z
  .strictObject({
    ...leadProfileFields,
    notes: optionalText(10_000),
    source: z.enum(LEAD_SOURCES).optional().describe('Default: api (manual when entered in the UI)'),
    status: z.enum(['new', 'working', 'qualified', 'unqualified']).optional(),
    ownerId: z.uuid().nullable().optional().describe('Omit to let the assignment rules choose'),
    teamId: z.uuid().nullable().optional(),
  })
  .refine(hasIdentity, identityIssue)
  .meta({ id: 'LeadCreate' })
export type LeadInput = z.infer<typeof LeadInput>

export const LeadPatch = z
  .strictObject({
    ...leadProfileFields,
    notes: optionalText(10_000),
    status: z.enum(['new', 'working', 'qualified', 'unqualified']).optional().describe('converted is reached only through /convert'),
    ownerId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'LeadPatch' })
export type LeadPatch = z.infer<typeof LeadPatch>

export const Lead = z
  .object({
    id: z.uuid(),
    familyName: z.string().nullable().optional(),
    givenName: z.string().nullable().optional(),
    familyNameKana: z.string().nullable().optional(),
    givenNameKana: z.string().nullable().optional(),
    displayName: z.string(),
    companyName: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
    industry: z.string().nullable().optional(),
    prefecture: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    website: z.string().nullable().optional(),
    message: z.string().nullable().optional(),
    notes: z.string().nullable().optional(),
    source: z.enum(LEAD_SOURCES),
    status: z.enum(LEAD_STATUSES),
    score: z.number().int(),
    fitScore: z.number().int(),
    engagementScore: z.number().int(),
    formSubmissions: z.number().int(),
    webFormId: z.string().nullable(),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    convertedAccountId: z.string().nullable(),
    convertedContactId: z.string().nullable(),
    convertedDealId: z.string().nullable(),
    convertedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Lead', description: 'Fields hidden from your role are omitted.' })
export type Lead = z.infer<typeof Lead>

export const LeadListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  ownerId: z.uuid().optional(),
  minScore: z.coerce.number().int().optional(),
  sort: z.enum(['-createdAt', '-score']).default('-createdAt'),
})
export type LeadListQuery = z.infer<typeof LeadListQuery>

export const LeadImport = z
  .strictObject({ leads: z.array(LeadInput).min(1).max(500) })
  .meta({ id: 'LeadBulk' })
export type LeadImport = z.infer<typeof LeadImport>
export const LeadImportResult = z.object({ created: z.number().int(), ids: z.array(z.uuid()) }).meta({ id: 'LeadBulkResult' })

/** Fields that roles may hide or make read-only. */
export const LEAD_FIELDS = [...LEAD_PROFILE_KEYS, 'notes', 'ownerId', 'teamId'] as const
