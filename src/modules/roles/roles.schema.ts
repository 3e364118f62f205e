/** Role (ロール) input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const ObjectPermissionSchema = z
  .strictObject({
    create: z.boolean(),
    read: z.boolean(),
    update: z.boolean(),
    delete: z.boolean(),
    visibility: z.enum(['own', 'team', 'all']),
  })
  .meta({ id: 'ObjectPermission' })

export const PermissionsSchema = z
  .strictObject({
    objects: z.record(z.string().max(100), ObjectPermissionSchema),
    fields: z.record(z.string().max(100), z.record(z.string().max(100), z.enum(['hidden', 'readonly']))).default({}),
  })
  .meta({ id: 'Permissions', description: 'Objects a role omits get no access; fields omitted are visible and writable.' })

export const RoleCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'Lower-case letters, digits, "-" and "_", starting with a letter (2–40 characters).')
      .optional(),
    permissions: PermissionsSchema,
  })
  .meta({ id: 'RoleCreate' })
export type RoleCreate = z.infer<typeof RoleCreate>

export const RolePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    permissions: PermissionsSchema.optional(),
  })
  .meta({ id: 'RolePatch' })
export type RolePatch = z.infer<typeof RolePatch>

export const Role = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    isSystem: z.boolean(),
    permissions: z.object({
      objects: z.record(z.string(), z.object({ create: z.boolean(), read: z.boolean(), update: z.boolean(), delete: z.boolean(), visibility: z.string() })),
      fields: z.record(z.string(), z.record(z.string(), z.string())),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Role' })
export type Role = z.infer<typeof Role>

export const RoleListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type RoleListQuery = z.infer<typeof RoleListQuery>

const LabelSchema = z.object({ ja: z.string(), en: z.string() })

export const AccessObjectInfo = z
  .object({
    key: z.string(),
    label: LabelSchema,
    administrative: z.boolean(),
    ownedRecords: z.boolean(),
    fields: z.array(z.object({ key: z.string(), label: LabelSchema })),
  })
  .meta({ id: 'AccessObject' })
export type AccessObjectInfo = z.infer<typeof AccessObjectInfo>
