/** Team (チーム) input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const TeamCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    parentId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'TeamCreate' })
export type TeamCreate = z.infer<typeof TeamCreate>

export const TeamPatch = TeamCreate.partial().meta({ id: 'TeamPatch' })
export type TeamPatch = z.infer<typeof TeamPatch>

export const Team = z
  .object({
    id: z.uuid(),
    name: z.string(),
    parentId: z.string().nullable(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Team' })
export type Team = z.infer<typeof Team>

export const TeamListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(100).optional(),
})
export type TeamListQuery = z.infer<typeof TeamListQuery>
