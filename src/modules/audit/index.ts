/**
 * Audit log (監査ログ): the searchable record of every change and sign-in in a tenant.
 * Other modules use only what this file exports.
 */
export { registerAuditRoutes } from './audit.routes.ts'
export * from './audit.service.ts'
export type { AuditEntry, AuditListQuery } from './audit.schema.ts'
