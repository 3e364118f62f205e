/** Contract (契約) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const CONTRACT_STATUSES = ['draft', 'active', 'expiring', 'expired', 'renewed', 'cancelled'] as const
export type ContractStatus = (typeof CONTRACT_STATUSES)[number]
/** Statuses in which a contract is in force (renewal, reminders and expiry apply). */
export const IN_FORCE: readonly ContractStatus[] = ['active', 'expiring', 'renewed']

const ContractFields = z.strictObject({
  number: z.string().trim().min(1).max(50).nullable().optional(),
  title: z.string().trim().min(1).max(200),
  accountId: z.uuid(),
  dealId: z.uuid().nullable().optional(),
  salesDocumentId: z.uuid().nullable().optional(),
  terms: optionalText(20_000),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  /** The notice date (更新日); reminders count back from it (from the end date when absent). */
  renewalDate: z.iso.date().nullable().optional(),
  /** Days before the renewal date that the owner is reminded (default 30). */
  noticeDays: z.number().int().min(0).max(365).optional(),
  value: z.number().min(0).max(1e15).multipleOf(0.01).nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as JPY or USD.')
    .optional(),
  billingCycle: z.enum(['one_off', 'monthly', 'yearly']).optional(),
  autoRenew: z.boolean().optional(),
  renewalTermMonths: z.number().int().min(1).max(120).optional(),
  /** Only draft or active at creation. */
  status: z.enum(['draft', 'active']).optional(),
  ownerId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
})

const datesInOrder = (value: { startDate?: string; endDate?: string }) => !value.startDate || !value.endDate || value.endDate >= value.startDate
const datesMessage = { message: 'The end date must not be before the start date.', path: ['endDate'] }

export const ContractInput = ContractFields.refine(datesInOrder, datesMessage).meta({ id: 'ContractCreate' })
export type ContractInput = z.infer<typeof ContractInput>

export const ContractPatch = ContractFields.omit({ status: true, accountId: true })
  .extend({ accountId: z.uuid() })
  .partial()
  .refine(datesInOrder, datesMessage)
  .meta({ id: 'ContractPatch' })
export type ContractPatch = z.infer<typeof ContractPatch>

export const ContractStatusChangeRequest = z
  .strictObject({
    /** Manual transitions: draft → active, any open contract → cancelled, in force → expired. */
    status: z.enum(['active', 'expired', 'cancelled']),
    note: optionalText(1000),
  })
  .meta({ id: 'ContractStatusRequest' })
export type ContractStatusChangeRequest = z.infer<typeof ContractStatusChangeRequest>

export const ContractRenewal = z
  .strictObject({
    /** Length of the new period; default the contract's renewal term. */
    termMonths: z.number().int().min(1).max(120).optional(),
    note: optionalText(1000),
  })
  .meta({ id: 'ContractRenewal' })
export type ContractRenewal = z.infer<typeof ContractRenewal>

export const Contract = z
  .object({
    id: z.uuid(),
    number: z.string().nullable().optional(),
    title: z.string().optional(),
    accountId: z.string().optional(),
    accountName: z.string().nullable().optional(),
    dealId: z.string().nullable().optional(),
    salesDocumentId: z.string().nullable().optional(),
    terms: z.string().nullable().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    renewalDate: z.string().nullable().optional(),
    noticeDays: z.number().optional(),
    value: z.number().nullable().optional(),
    currency: z.string().optional(),
    billingCycle: z.enum(['one_off', 'monthly', 'yearly']).optional(),
    autoRenew: z.boolean().optional(),
    renewalTermMonths: z.number().optional(),
    status: z.enum(CONTRACT_STATUSES),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contract', description: 'Fields hidden from your role are omitted.' })
export type Contract = z.infer<typeof Contract>

export const ContractListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  accountId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Only contracts in force whose end date is within this many days from today. */
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  sort: z.enum(['-createdAt', 'endDate']).default('-createdAt'),
})
export type ContractListQuery = z.infer<typeof ContractListQuery>

export const ContractStatusChange = z
  .object({
    id: z.uuid(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    note: z.string().nullable(),
    changedBy: z.string().nullable(),
    changedByName: z.string().nullable(),
    changedAt: z.string(),
  })
  .meta({ id: 'ContractStatusChange' })
export type ContractStatusChange = z.infer<typeof ContractStatusChange>

/** Fields that roles may hide or make read-only. */
export const CONTRACT_FIELDS = [
  'number',
  'title',
  'accountId',
  'dealId',
  'salesDocumentId',
  'terms',
  'startDate',
  'endDate',
  'renewalDate',
  'noticeDays',
  'value',
  'currency',
  'billingCycle',
  'autoRenew',
  'renewalTermMonths',
  'ownerId',
  'teamId',
] as const
