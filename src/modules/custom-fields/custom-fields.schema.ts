/** Custom field definition schemas (カスタム項目): validation, types and the OpenAPI document. */
import { z } from 'zod'

export const CUSTOM_FIELD_OBJECTS = ['accounts', 'contacts', 'deals'] as const
export type CustomFieldObject = (typeof CUSTOM_FIELD_OBJECTS)[number]
export const CUSTOM_FIELD_TYPES = ['text', 'long_text', 'number', 'currency', 'date', 'boolean', 'single_select', 'multi_select', 'url', 'email', 'phone'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]

/** `custom.<key>` in role field rules, list filters and sorts. */
export const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,62}$/

const Label = z.strictObject({ ja: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) })
const Option = z.strictObject({ value: z.string().trim().min(1).max(100), label: Label }).meta({ id: 'CustomFieldOption' })

export const CustomFieldCreate = z
  .strictObject({
    object: z.enum(CUSTOM_FIELD_OBJECTS),
    key: z.string().regex(CUSTOM_KEY, 'snake_case: a–z, 0–9 and _, starting with a letter'),
    label: Label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(Option).max(200).optional(),
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    defaultValue: z.unknown().optional().describe('A value of the field type, applied when a record is created without one'),
    position: z.number().int().min(0).max(10_000).optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'CustomFieldCreate' })
export type CustomFieldCreate = z.infer<typeof CustomFieldCreate>

export const CustomFieldPatch = CustomFieldCreate.omit({ object: true, key: true }).partial().meta({ id: 'CustomFieldPatch' })
export type CustomFieldPatch = z.infer<typeof CustomFieldPatch>

export const CustomFieldDefinition = z
  .object({
    id: z.uuid(),
    object: z.enum(CUSTOM_FIELD_OBJECTS),
    key: z.string(),
    label: z.object({ ja: z.string(), en: z.string() }),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.object({ value: z.string(), label: z.object({ ja: z.string(), en: z.string() }) })),
    required: z.boolean(),
    unique: z.boolean(),
    defaultValue: z.unknown().nullable(),
    position: z.number(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomFieldDefinition' })
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>

export const CustomFieldListQuery = z.strictObject({
  object: z.enum(CUSTOM_FIELD_OBJECTS).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
})
export type CustomFieldListQuery = z.infer<typeof CustomFieldListQuery>

/** The `custom` object on accounts, contacts and deals, for the OpenAPI document. */
export const CustomValues = z
  .record(z.string(), z.unknown())
  .meta({ id: 'CustomValues', description: 'Custom field values by key (see GET /api/v1/custom-fields); fields hidden from your role are omitted.' })
