/**
 * Audit log (監査ログ): who changed what, when, from where. Read-only here; every service
 * writes its own entries through platform/audit in the same transaction as the change.
 */
import { authorize } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { invalid } from '../../platform/errors.ts'
import { listAuditRows } from './audit.queries.ts'
import type { AuditEntry, AuditListQuery } from './audit.schema.ts'

export async function listAuditEntries(ctx: ServiceContext, query: AuditListQuery): Promise<Page<AuditEntry>> {
  authorize(ctx, 'audit', 'read')
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) {
    throw invalid('"from" must be earlier than "to".', [{ path: 'to', message: 'Must be after "from".' }])
  }
  const after = decodeCursor(query.cursor, 1)
  const { limit, cursor: _cursor, ...filters } = query
  const rows = await listAuditRows(ctx, { limit, after: after ? String(after[0]) : null, ...filters })
  const page = toPage(rows, limit, (row) => [row.id])
  return {
    data: page.data.map((row) => ({
      id: row.id,
      actorId: row.actorUserId,
      actorName: row.actorName,
      actorTokenId: row.actorTokenId,
      objectType: row.objectType,
      objectId: row.objectId,
      action: row.action,
      changes: row.changes ?? {},
      requestId: row.requestId,
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  }
}
