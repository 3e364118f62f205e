/** API token (APIトークン) input and output schemas. The secret itself appears only once. */
import { z } from 'zod'

export const ApiTokenCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    roleId: z.uuid(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ id: 'ApiTokenCreate' })
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>

export const ApiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    roleId: z.string(),
    roleName: z.string(),
    userId: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiToken' })
export type ApiToken = z.infer<typeof ApiToken>

export const CreatedApiToken = ApiToken.extend({
  token: z.string().describe('The secret. Shown only in this response; store it now.'),
}).meta({ id: 'CreatedApiToken' })
export type CreatedApiToken = z.infer<typeof CreatedApiToken>

export const ApiTokenListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type ApiTokenListQuery = z.infer<typeof ApiTokenListQuery>
