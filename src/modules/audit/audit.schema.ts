/** Audit log (監査ログ) query and output schemas. The log is written by the platform, read here. */
import { z } from 'zod'

export const AuditListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  objectType: z.string().max(100).optional(),
  objectId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(50).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this time'),
  to: z.iso.datetime({ offset: true }).optional().describe('Entries before this time'),
})
export type AuditListQuery = z.infer<typeof AuditListQuery>

export const AuditEntry = z
  .object({
    id: z.uuid(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    actorTokenId: z.string().nullable(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    action: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' })
export type AuditEntry = z.infer<typeof AuditEntry>
