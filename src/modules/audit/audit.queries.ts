/** Reads the audit_log table (written only by platform/audit). */
import type { ServiceContext } from '../../platform/context.ts'
import type { AuditChanges } from '../../platform/db/schema.ts'

export interface AuditRow {
  id: string
  actorUserId: string | null
  actorName: string | null
  actorTokenId: string | null
  objectType: string
  objectId: string | null
  action: string
  changes: AuditChanges
  requestId: string | null
  ip: string | null
  createdAt: Date
}

export interface AuditFilter {
  limit: number
  after: string | null
  objectType?: string
  objectId?: string
  actorId?: string
  action?: string
  from?: string
  to?: string
}

export function listAuditRows(ctx: ServiceContext, filter: AuditFilter): Promise<AuditRow[]> {
  let query = ctx.tx
    .selectFrom('auditLog as a')
    .leftJoin('users as u', 'u.id', 'a.actorUserId')
    .select(['a.id', 'a.actorUserId', 'u.name as actorName', 'a.actorTokenId', 'a.objectType', 'a.objectId', 'a.action', 'a.changes', 'a.requestId', 'a.ip', 'a.createdAt'])
  if (filter.objectType) query = query.where('a.objectType', '=', filter.objectType)
  if (filter.objectId) query = query.where('a.objectId', '=', filter.objectId)
  if (filter.actorId) query = query.where('a.actorUserId', '=', filter.actorId)
  if (filter.action) query = query.where('a.action', '=', filter.action)
  if (filter.from) query = query.where('a.createdAt', '>=', new Date(filter.from))
  if (filter.to) query = query.where('a.createdAt', '<', new Date(filter.to))
  if (filter.after) query = query.where('a.id', '<', filter.after)
  return query.orderBy('a.id', 'desc').limit(filter.limit + 1).execute()
}
