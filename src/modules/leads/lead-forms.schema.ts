/** Web forms (Webフォーム) of leads: the admin side and the public submission. */
import { z } from 'zod'
import { LEAD_PROFILE_KEYS, leadProfileFields } from './leads.schema.ts'

export const WebFormField = z.strictObject({ key: z.enum(LEAD_PROFILE_KEYS), required: z.boolean().default(false) })

const formFields = {
  name: z.string().trim().min(1).max(200),
  fields: z
    .array(WebFormField)
    .min(1)
    .max(LEAD_PROFILE_KEYS.length)
    .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, 'Each field once.')
    .refine((fields) => fields.some((f) => ['email', 'familyName', 'companyName'].includes(f.key)), 'Ask at least for an email, a name or a company.'),
  thankYouMessage: z.string().trim().max(2000).nullable().optional(),
  ownerId: z.uuid().nullable().optional().describe('Every submission goes to this user; null = the assignment rules decide'),
  isActive: z.boolean().optional(),
}
export const WebFormInput = z.strictObject(formFields).meta({ id: 'LeadWebFormCreate' })
export type WebFormInput = z.infer<typeof WebFormInput>
export const WebFormPatch = z.strictObject(formFields).partial().meta({ id: 'LeadWebFormPatch' })
export type WebFormPatch = z.infer<typeof WebFormPatch>

export const WebForm = z
  .object({
    id: z.uuid(),
    name: z.string(),
    publicKey: z.string().describe('Goes in the public URL and the embed snippet'),
    fields: z.array(z.object({ key: z.string(), required: z.boolean() })),
    thankYouMessage: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    isActive: z.boolean(),
    submissionCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LeadWebForm' })
export type WebForm = z.infer<typeof WebForm>
export const WebFormList = z.object({ data: z.array(WebForm) }).meta({ id: 'LeadWebFormList' })

export const PublicKeyParams = z.strictObject({ key: z.string().min(10).max(64).regex(/^[\w-]+$/) })

export const PublicWebForm = z
  .object({ name: z.string(), fields: z.array(z.object({ key: z.string(), required: z.boolean() })), thankYouMessage: z.string().nullable() })
  .meta({ id: 'PublicLeadWebForm' })
export type PublicWebForm = z.infer<typeof PublicWebForm>

/** The honeypot: a field hidden from people; a bot that fills it is thanked and ignored. */
export const HONEYPOT_FIELD = 'nickname'

export const WebFormSubmission = z
  .strictObject({ ...leadProfileFields, [HONEYPOT_FIELD]: z.string().max(500).optional() })
  .meta({ id: 'LeadWebFormSubmission' })
export type WebFormSubmission = z.infer<typeof WebFormSubmission>

export const WebFormSubmitted = z.object({ message: z.string().nullable() }).meta({ id: 'LeadWebFormSubmitted' })
