/** HTTP for the audit log: parse, call the service, return. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { AuditEntry, AuditListQuery } from './audit.schema.ts'
import { listAuditEntries } from './audit.service.ts'

export function registerAuditRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/audit',
    { schema: { tags: ['Audit'], summary: 'Search the audit log, newest first', querystring: AuditListQuery, response: { 200: listOf(AuditEntry), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listAuditEntries(ctx, request.query)),
  )
}
