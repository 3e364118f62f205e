/** Account (取引先) input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import { CUSTOM_SORT } from '../custom-fields/custom-fields.values.ts'
import { CustomValues } from '../custom-fields/custom-fields.schema.ts'
import { PREFECTURES } from '../contacts/contacts.schema.ts'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const AccountInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    nameKana: optionalText(200),
    industry: optionalText(100),
    phone: optionalText(40),
    email: z.email().max(254).nullable().optional(),
    website: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
    annualRevenue: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional().describe('Yen (integer)'),
    employeeCount: z.number().int().min(0).max(10_000_000).nullable().optional(),
    notes: optionalText(10_000),
    ownerId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
    postalCode: z.string().trim().regex(/^〒?\s*[0-9０-９]{3}[-－ー]?[0-9０-９]{4}$/, 'A postal code looks like 100-0001.').nullable().optional(),
    prefecture: z.enum(PREFECTURES).nullable().optional().describe('都道府県; left out, it is taken from the start of `address`'),
    address: optionalText(500).describe('City, street and building (a leading prefecture moves into `prefecture`)'),
    custom: CustomValues.optional(),
  })
  .meta({ id: 'AccountCreate' })
export type AccountInput = z.infer<typeof AccountInput>

export const AccountPatch = AccountInput.partial().meta({ id: 'AccountPatch' })
export type AccountPatch = z.infer<typeof AccountPatch>

export const Account = z
  .object({
    id: z.uuid(),
    name: z.string().optional(),
    nameKana: z.string().nullable().optional(),
    industry: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    website: z.string().nullable().optional(),
    annualRevenue: z.number().nullable().optional(),
    employeeCount: z.number().nullable().optional(),
    notes: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    parentAccountId: z.string().nullable().optional().describe('Parent company; change it with PUT /accounts/:id/parent'),
    postalCode: z.string().nullable().optional(),
    prefecture: z.string().nullable().optional(),
    address: z.string().nullable().optional(),
    territoryId: z.string().nullable().optional().describe('Placed by the territory rules (most specific match)'),
    territoryName: z.string().nullable().optional(),
    custom: CustomValues,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Account', description: 'Fields hidden from your role are omitted.' })
export type Account = z.infer<typeof Account>

export const AccountListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    q: z.string().trim().max(200).optional(),
    sort: z.union([z.enum(['name', '-createdAt']), z.string().regex(CUSTOM_SORT)]).default('-createdAt').describe('name, -createdAt, custom.<key> or -custom.<key>'),
    ownerId: z.uuid().optional(),
  })
  // `custom.<key>=value` filters; the service refuses any other unknown parameter.
  .catchall(z.unknown())
/** Typed by hand: `custom.<key>` filters beside the named parameters. */
export type AccountListQuery = AccountListQueryBase & { [filter: `custom.${string}`]: unknown }
type AccountListQueryBase = { limit: number; cursor?: string; q?: string; sort: string; ownerId?: string }

/** Fields that roles may hide or make read-only. */
export const ACCOUNT_FIELDS = [
  'name',
  'nameKana',
  'industry',
  'phone',
  'email',
  'website',
  'annualRevenue',
  'employeeCount',
  'notes',
  'ownerId',
  'teamId',
] as const
