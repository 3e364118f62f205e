/** User (ユーザー) input and output schemas: members of the current tenant. */
import { z } from 'zod'

export const UserCreate = z
  .strictObject({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(100),
    password: z.string().max(256).describe('Used only when the email has no account yet; an existing person keeps their password.'),
    roleId: z.uuid(),
    teamId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'UserCreate' })
export type UserCreate = z.infer<typeof UserCreate>

export const UserPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    roleId: z.uuid().optional(),
    teamId: z.uuid().nullable().optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .meta({ id: 'UserPatch' })
export type UserPatch = z.infer<typeof UserPatch>

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    roleId: z.string(),
    roleName: z.string(),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User', description: 'A member of the current tenant; createdAt is when they joined it.' })
export type User = z.infer<typeof User>

export const UserListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional().describe('Part of the name or email address'),
})
export type UserListQuery = z.infer<typeof UserListQuery>
