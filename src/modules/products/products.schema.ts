/** Product (商品) and price list (価格表) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const TAX_CATEGORY = z.enum(['standard', 'reduced', 'exempt']).describe('standard 10%, reduced 8% (軽減税率), exempt 0% (非課税・不課税)')
const price = z.number().min(0).max(1e13).multipleOf(0.01)
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const ProductInput = z
  .strictObject({
    code: z.string().trim().min(1).max(50),
    name: z.string().trim().min(1).max(200),
    nameKana: optionalText(200),
    unit: z.string().trim().min(1).max(20).optional().describe('個, 式, 時間, 月 …; default 個'),
    unitPrice: price.describe('Tax-exclusive (税抜)'),
    taxCategory: TAX_CATEGORY.optional(),
    isActive: z.boolean().optional(),
    description: optionalText(5000),
    /** Spec rows shown in the catalogue (重量, 寸法 …). */
    specs: z
      .array(z.strictObject({ label: z.string().trim().min(1).max(100), value: z.string().trim().min(1).max(500) }))
      .max(50)
      .optional(),
  })
  .meta({ id: 'ProductCreate' })
export type ProductInput = z.infer<typeof ProductInput>

export const ProductPatch = ProductInput.partial().meta({ id: 'ProductPatch' })
export type ProductPatch = z.infer<typeof ProductPatch>

export const Product = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameKana: z.string().nullable(),
    unit: z.string(),
    unitPrice: z.number(),
    taxCategory: TAX_CATEGORY,
    isActive: z.boolean(),
    description: z.string().nullable(),
    specs: z.array(z.object({ label: z.string(), value: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' })
export type Product = z.infer<typeof Product>

export const ProductListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** Code, name or kana contains. */
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
})
export type ProductListQuery = z.infer<typeof ProductListQuery>

export const PriceQuery = z.strictObject({
  priceListId: z.uuid().optional(),
  date: z.iso.date().optional(),
})
export type PriceQuery = z.infer<typeof PriceQuery>

export const ProductPrice = z
  .object({
    productId: z.uuid(),
    unitPrice: z.number(),
    /** The price list the price came from; null when it is the product's own unit price. */
    priceListId: z.uuid().nullable(),
    currency: z.string(),
  })
  .meta({ id: 'ProductPrice' })
export type ProductPrice = z.infer<typeof ProductPrice>

const PriceEntry = z.strictObject({ productId: z.uuid(), unitPrice: price })

export const PriceListInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as JPY or USD.')
      .optional(),
    validFrom: z.iso.date().nullable().optional(),
    validTo: z.iso.date().nullable().optional(),
    customerGroup: optionalText(200),
    /** The customer group the list is for; null: every customer. */
    customerGroupId: z.uuid().nullable().optional(),
    /** The whole list of prices: products left out lose their price in this list. */
    prices: z.array(PriceEntry).max(5000).optional(),
  })
  .meta({ id: 'PriceListCreate' })
export type PriceListInput = z.infer<typeof PriceListInput>

export const PriceListPatch = PriceListInput.partial().meta({ id: 'PriceListPatch' })
export type PriceListPatch = z.infer<typeof PriceListPatch>

export const PriceList = z
  .object({
    id: z.uuid(),
    name: z.string(),
    currency: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    customerGroup: z.string().nullable(),
    customerGroupId: z.uuid().nullable(),
    customerGroupName: z.string().nullable(),
    prices: z.array(z.object({ productId: z.uuid(), productCode: z.string(), productName: z.string(), unitPrice: z.number() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceList' })
export type PriceList = z.infer<typeof PriceList>
