/** Sales document (見積書・受注・請求書), payment and issuer settings schemas. */
import { z } from 'zod'
import { ROUNDING_MODES, TAX_CATEGORIES } from './tax.ts'

export const DOCUMENT_KINDS = ['quote', 'order', 'invoice'] as const
export const STATUSES = {
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired'],
  order: ['open', 'fulfilled', 'cancelled'],
  invoice: ['draft', 'issued', 'paid', 'partially_paid', 'void'],
} as const
export const ALL_STATUSES = [...new Set(Object.values(STATUSES).flat())] as [string, ...string[]]
/** Statuses a person sets; paid / partially_paid follow the payments. */
export const SETTABLE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'open', 'fulfilled', 'cancelled', 'issued', 'void'] as const

const Kind = z.enum(DOCUMENT_KINDS)
const TaxCategory = z.enum(TAX_CATEGORIES)
const money = z.number().min(0).max(1e13).multipleOf(0.01)
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const LineInput = z
  .strictObject({
    /** A product fills description, unit, price and tax category when they are left out. */
    productId: z.uuid().nullable().optional(),
    description: z.string().trim().min(1).max(500).optional(),
    quantity: z.number().min(0).max(1e9).multipleOf(0.001),
    unit: z.string().trim().max(20).nullable().optional(),
    unitPrice: money.optional(),
    /** An amount off the line, before tax. */
    discount: money.optional(),
    taxCategory: TaxCategory.optional(),
    /** A configured product: its option keys are validated by the product's rules and priced (unless unitPrice is given). */
    configuration: z
      .strictObject({ selections: z.array(z.string().max(50)).max(500) })
      .nullable()
      .optional(),
  })
  .meta({ id: 'SalesDocumentLineWrite' })
export type LineInput = z.infer<typeof LineInput>

export const DocumentInput = z
  .strictObject({
    kind: Kind,
    accountId: z.uuid(),
    /** Default: the account's name. */
    recipientName: z.string().trim().min(1).max(200).optional(),
    dealId: z.uuid().nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    priceListId: z.uuid().nullable().optional(),
    /** Default: today. The year of the issue date picks the numbering sequence. */
    issueDate: z.iso.date().optional(),
    validUntil: z.iso.date().nullable().optional(),
    dueDate: z.iso.date().nullable().optional(),
    transactionDate: z.iso.date().nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as JPY or USD.')
      .optional(),
    notes: optionalText(10_000),
    status: z.enum(SETTABLE_STATUSES).optional(),
    lines: z.array(LineInput).max(500).default([]),
  })
  .meta({ id: 'SalesDocumentCreate' })
export type DocumentInput = z.infer<typeof DocumentInput>

export const DocumentPatch = DocumentInput.omit({ kind: true, lines: true })
  .partial()
  .extend({ lines: z.array(LineInput).max(500).optional().describe('The whole list of lines, replacing the old ones') })
  .meta({ id: 'SalesDocumentPatch' })
export type DocumentPatch = z.infer<typeof DocumentPatch>

export const ConvertInput = z.strictObject({ to: z.enum(['order', 'invoice']).describe('quote → order, order → invoice') }).meta({ id: 'SalesDocumentConvert' })
export type ConvertInput = z.infer<typeof ConvertInput>

export const TotalsInput = z
  .strictObject({
    lines: z.array(z.strictObject({ quantity: LineInput.shape.quantity, unitPrice: money, discount: money.optional(), taxCategory: TaxCategory })).max(500),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    /** Default: the tenant's rounding mode. */
    roundingMode: z.enum(ROUNDING_MODES).optional(),
  })
  .meta({ id: 'SalesDocumentTotalsRequest' })
export type TotalsInput = z.infer<typeof TotalsInput>

export const RateTotal = z
  .object({ taxCategory: TaxCategory, rate: z.number(), subtotal: z.number(), tax: z.number(), total: z.number() })
  .meta({ id: 'TaxRateTotal' })

export const Totals = z
  .object({ lineAmounts: z.array(z.number()), byRate: z.array(RateTotal), subtotal: z.number(), taxTotal: z.number(), total: z.number(), roundingMode: z.enum(ROUNDING_MODES) })
  .meta({ id: 'SalesDocumentTotals' })

export const Line = z
  .object({
    id: z.uuid(),
    position: z.number(),
    productId: z.string().nullable(),
    productCode: z.string().nullable(),
    description: z.string(),
    quantity: z.number(),
    unit: z.string().nullable(),
    unitPrice: z.number(),
    discount: z.number(),
    taxCategory: TaxCategory,
    /** 軽減税率対象: printed with ※ on a qualified invoice. */
    reducedRate: z.boolean(),
    amount: z.number(),
    /** A configured product's selections and price breakdown, as priced when the line was saved. */
    configuration: z
      .object({
        selections: z.array(z.string()),
        options: z.array(z.object({ key: z.string(), name: z.string() })),
        breakdown: z.array(z.object({ kind: z.string(), label: z.object({ ja: z.string(), en: z.string() }), ref: z.string().nullable(), percent: z.number().nullable(), amount: z.number() })),
        unitPrice: z.number(),
      })
      .nullable(),
  })
  .meta({ id: 'SalesDocumentLine' })

export const Payment = z
  .object({ id: z.uuid(), paidOn: z.string(), amount: z.number(), method: z.string(), note: z.string().nullable(), createdAt: z.string() })
  .meta({ id: 'InvoicePayment' })
export type Payment = z.infer<typeof Payment>

export const SalesDocument = z
  .object({
    id: z.uuid(),
    kind: Kind,
    number: z.string(),
    status: z.enum(ALL_STATUSES),
    accountId: z.string(),
    accountName: z.string().nullable(),
    recipientName: z.string(),
    dealId: z.string().nullable(),
    dealName: z.string().nullable(),
    contactId: z.string().nullable(),
    sourceDocumentId: z.string().nullable(),
    sourceNumber: z.string().nullable(),
    priceListId: z.string().nullable(),
    issueDate: z.string(),
    validUntil: z.string().nullable(),
    dueDate: z.string().nullable(),
    transactionDate: z.string().nullable(),
    currency: z.string(),
    notes: z.string().nullable(),
    subtotal: z.number(),
    taxTotal: z.number(),
    total: z.number(),
    paidAmount: z.number(),
    /** total − paid (invoices). */
    balance: z.number(),
    roundingMode: z.enum(ROUNDING_MODES),
    issuerName: z.string().nullable(),
    issuerRegistrationNumber: z.string().nullable(),
    ownerId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SalesDocument' })
export type SalesDocument = z.infer<typeof SalesDocument>

export const SalesDocumentDetail = SalesDocument.extend({
  lines: z.array(Line),
  byRate: z.array(RateTotal),
  payments: z.array(Payment),
  /** Documents made from this one (conversion). */
  derived: z.array(z.object({ id: z.uuid(), kind: Kind, number: z.string() })),
}).meta({ id: 'SalesDocumentDetail' })
export type SalesDocumentDetail = z.infer<typeof SalesDocumentDetail>

export const DocumentListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  kind: Kind.optional(),
  status: z.enum(ALL_STATUSES).optional(),
  accountId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  /** Issue date on or after. */
  from: z.iso.date().optional(),
  /** Issue date on or before. */
  to: z.iso.date().optional(),
  /** Number or recipient contains. */
  q: z.string().trim().max(200).optional(),
})
export type DocumentListQuery = z.infer<typeof DocumentListQuery>

export const PaymentInput = z
  .strictObject({
    paidOn: z.iso.date(),
    amount: money.positive(),
    method: z.enum(['bank_transfer', 'cash', 'card', 'offset', 'other']).optional(),
    note: optionalText(1000),
  })
  .meta({ id: 'InvoicePaymentCreate' })
export type PaymentInput = z.infer<typeof PaymentInput>

export const BillingSettings = z
  .object({
    legalName: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    bankAccount: z.string().nullable(),
    roundingMode: z.enum(ROUNDING_MODES),
  })
  .meta({ id: 'BillingSettings' })
export type BillingSettings = z.infer<typeof BillingSettings>

export const BillingSettingsPut = z
  .strictObject({
    legalName: optionalText(200),
    registrationNumber: z.string().trim().nullable().optional().describe('T + 13 digits (適格請求書発行事業者登録番号), check digit verified'),
    address: optionalText(500),
    phone: optionalText(50),
    bankAccount: optionalText(500),
    roundingMode: z.enum(ROUNDING_MODES).optional(),
  })
  .meta({ id: 'BillingSettingsWrite' })
export type BillingSettingsPut = z.infer<typeof BillingSettingsPut>

/** Fields that roles may hide or make read-only. */
export const DOCUMENT_FIELDS = ['recipientName', 'notes'] as const
