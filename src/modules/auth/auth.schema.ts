/** Sign-in, session and "me" schemas: request validation, response types and the OpenAPI document. */
import { z } from 'zod'

const Email = z.string().trim().min(1).max(254)
// Length rules live in assertPasswordStrength; here only a sane upper bound for the body.
const Password = z.string().min(1).max(256)

export const LoginBody = z.strictObject({ email: Email, password: Password }).meta({ id: 'Login' })
export type LoginBody = z.infer<typeof LoginBody>

export const SwitchTenantBody = z.strictObject({ tenantId: z.uuid() }).meta({ id: 'SwitchTenant' })

export const PasswordResetRequestBody = z.strictObject({ email: Email }).meta({ id: 'PasswordResetRequest' })

export const PasswordResetConfirmBody = z
  .strictObject({ token: z.string().min(10).max(200), password: Password })
  .meta({ id: 'PasswordResetConfirm' })

export const MePatchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    locale: z.enum(['ja', 'en']).nullable().optional(),
    timeZone: z.string().trim().min(1).max(64).optional().describe('IANA time zone, e.g. Asia/Tokyo'),
  })
  .meta({ id: 'MePatch' })
export type MePatchBody = z.infer<typeof MePatchBody>

export const PasswordChangeBody = z
  .strictObject({ currentPassword: Password, newPassword: Password })
  .meta({ id: 'PasswordChange' })
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>

const ObjectPermission = z.object({
  create: z.boolean(),
  read: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
  visibility: z.enum(['own', 'team', 'all']),
})

export const PermissionsSchema = z
  .object({
    objects: z.record(z.string(), ObjectPermission),
    fields: z.record(z.string(), z.record(z.string(), z.enum(['hidden', 'readonly']))),
  })
  .meta({ id: 'SessionPermissions' })

export const SessionUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    locale: z.enum(['ja', 'en']).nullable(),
    timeZone: z.string(),
  })
  .meta({ id: 'SessionUser' })
export type SessionUser = z.infer<typeof SessionUser>

export const Session = z
  .object({
    user: SessionUser,
    tenant: z.object({ id: z.uuid(), name: z.string() }),
    tenants: z.array(z.object({ id: z.uuid(), name: z.string(), roleName: z.string() })),
    role: z.object({ id: z.uuid(), key: z.string(), name: z.string(), permissions: PermissionsSchema }),
    csrfToken: z.string().describe('Send it as X-CSRF-Token on every non-GET call made with the session cookie.'),
  })
  .meta({ id: 'Session' })
export type Session = z.infer<typeof Session>
