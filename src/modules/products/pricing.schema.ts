/** Customer groups (顧客グループ), the applicable-price-list query and catalogue share links. */
import { z } from 'zod'
import { PriceList, TAX_CATEGORY } from './products.schema.ts'
import { ConfiguratorOptionGroup } from './configurator.schema.ts'

export const CustomerGroupInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'CustomerGroupCreate' })
export type CustomerGroupInput = z.infer<typeof CustomerGroupInput>
export const CustomerGroupPatch = CustomerGroupInput.partial().meta({ id: 'CustomerGroupPatch' })
export type CustomerGroupPatch = z.infer<typeof CustomerGroupPatch>

export const CustomerGroup = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    accountCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerGroup' })
export type CustomerGroup = z.infer<typeof CustomerGroup>

export const AccountCustomerGroupPut = z.strictObject({ customerGroupId: z.uuid().nullable() }).meta({ id: 'AccountCustomerGroupWrite' })
export type AccountCustomerGroupPut = z.infer<typeof AccountCustomerGroupPut>

export const AccountCustomerGroup = z
  .object({ accountId: z.uuid(), customerGroupId: z.uuid().nullable(), customerGroupName: z.string().nullable() })
  .meta({ id: 'AccountCustomerGroup' })
export type AccountCustomerGroup = z.infer<typeof AccountCustomerGroup>

export const GroupMembersQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(200) })
export const GroupMember = z.object({ accountId: z.uuid(), accountName: z.string() }).meta({ id: 'CustomerGroupMember' })

export const ApplicableQuery = z.strictObject({
  accountId: z.uuid().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('JPY'),
  /** Default: today. */
  date: z.iso.date().optional(),
})
export type ApplicableQuery = z.infer<typeof ApplicableQuery>

export const ApplicablePriceList = z
  .object({
    /** null: no list applies, products cost their own unit price. */
    priceList: PriceList.nullable(),
    customerGroupId: z.uuid().nullable(),
    /** group: a list for the account's customer group; general: a list for every customer; none. */
    match: z.enum(['group', 'general', 'none']),
  })
  .meta({ id: 'ApplicablePriceList' })
export type ApplicablePriceList = z.infer<typeof ApplicablePriceList>

export const ShareLinkInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** Leave out (or null) for the whole active catalogue. */
    productIds: z.array(z.uuid()).min(1).max(1000).nullable().optional(),
    showPrices: z.boolean().optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ id: 'CatalogShareLinkCreate' })
export type ShareLinkInput = z.infer<typeof ShareLinkInput>

export const ShareLink = z
  .object({
    id: z.uuid(),
    name: z.string(),
    token: z.string(),
    /** The public page, relative to the site root. */
    path: z.string(),
    productIds: z.array(z.uuid()).nullable(),
    showPrices: z.boolean(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
    viewCount: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'CatalogShareLink' })
export type ShareLink = z.infer<typeof ShareLink>

export const TokenParams = z.strictObject({ token: z.string().min(1).max(100) })

export const PublicCatalogProduct = z
  .object({
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    description: z.string().nullable(),
    specs: z.array(z.object({ label: z.string(), value: z.string() })),
    taxCategory: TAX_CATEGORY,
    /** Tax-exclusive; null when the link hides prices. */
    unitPrice: z.number().nullable(),
    /** Tax-inclusive (税込), rounded down to the yen; null when hidden. */
    unitPriceWithTax: z.number().nullable(),
    /** Options customers can choose, without the rules. */
    optionGroups: z.array(ConfiguratorOptionGroup),
  })
  .meta({ id: 'PublicCatalogProduct' })

export const PublicCatalog = z
  .object({
    title: z.string(),
    companyName: z.string(),
    showPrices: z.boolean(),
    currency: z.string(),
    expiresAt: z.string().nullable(),
    products: z.array(PublicCatalogProduct),
  })
  .meta({ id: 'PublicCatalog' })
export type PublicCatalog = z.infer<typeof PublicCatalog>
