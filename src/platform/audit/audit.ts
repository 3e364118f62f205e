/**
 * The audit trail: every create/update/delete with who, what, before/after and the
 * request id, written inside the same transaction as the change itself.
 */
import { findAccessObject } from '../access/objects.ts'
import { forgetCachedCredentials } from '../auth/credential-cache.ts'
import type { ServiceContext } from '../context.ts'
import { type BulkColumn, insertJsonRows } from '../db/bulk.ts'
import type { AuditChanges } from '../db/schema.ts'
import type { Tx } from '../db/transaction.ts'
import { newId } from '../ids.ts'

export type AuditAction = 'create' | 'update' | 'delete' | 'merge' | string

/** Fields that never enter the audit trail, whatever the object. */
const NEVER_AUDITED = new Set(['passwordHash', 'tokenHash', 'updatedAt', 'createdAt'])

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  return value ?? null
}

/** Field-by-field differences between two versions of a record. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChanges {
  const changes: AuditChanges = {}
  // A new or deleted record (every import row): each field that has a value is a change, no comparison needed.
  if (!before || !after) {
    const [record, side] = before ? [before, 'before' as const] : [after ?? {}, 'after' as const]
    for (const key of Object.keys(record)) {
      if (NEVER_AUDITED.has(key) || key === 'tenantId') continue
      const value = comparable(record[key])
      // JSON.stringify writes NaN and ±Infinity as null: the comparison below would see no change.
      if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue
      changes[key] = side === 'after' ? { before: null, after: value } : { before: value, after: null }
    }
    return changes
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const key of keys) {
    if (NEVER_AUDITED.has(key) || key === 'tenantId') continue
    const b = comparable(before[key])
    const a = comparable(after[key])
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[key] = { before: b, after: a }
  }
  return changes
}

export interface AuditEntry {
  objectType: string
  objectId: string | null
  action: AuditAction
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  /** Extra facts for actions that are not plain edits (e.g. merged ids). */
  changes?: AuditChanges
}

/** Records a change made by the context's actor. Returns false when an update changed nothing. */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<boolean> {
  const changes = entry.changes ?? diffRecords(entry.before ?? null, entry.after ?? null)
  if (entry.action === 'update' && Object.keys(changes).length === 0) return false
  // Users, roles, teams, tokens …: who may do what may have changed.
  if (findAccessObject(entry.objectType)?.administrative) forgetCachedCredentials()
  await ctx.tx
    .insertInto('auditLog')
    .values({
      id: newId(),
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      actorTokenId: ctx.actor.tokenId,
      objectType: entry.objectType,
      objectId: entry.objectId,
      action: entry.action,
      changes: JSON.stringify(changes),
      requestId: ctx.requestId,
      ip: ctx.ip,
    })
    .execute()
  return true
}

/**
 * Many changes by the context's actor in one statement (bulk imports): the same rows recordAudit writes, one per
 * entry, so the trail of each record reads the same whichever path wrote it. Updates that changed nothing are left
 * out, as recordAudit does.
 */
export async function recordAuditInBulk(ctx: ServiceContext, entries: readonly AuditEntry[]): Promise<void> {
  const rows: Record<string, unknown>[] = []
  for (const entry of entries) {
    const changes = entry.changes ?? diffRecords(entry.before ?? null, entry.after ?? null)
    if (entry.action === 'update' && Object.keys(changes).length === 0) continue
    if (findAccessObject(entry.objectType)?.administrative) forgetCachedCredentials()
    rows.push({ id: newId(), tenantId: ctx.actor.tenantId, actorUserId: ctx.actor.userId, actorTokenId: ctx.actor.tokenId, objectType: entry.objectType, objectId: entry.objectId, action: entry.action, changes: JSON.stringify(changes), requestId: ctx.requestId, ip: ctx.ip })
  }
  await insertJsonRows(ctx.tx, 'audit_log', AUDIT_COLUMNS, rows)
}

const AUDIT_COLUMNS: readonly BulkColumn[] = [
  ['id', 'uuid'],
  ['tenantId', 'uuid'],
  ['actorUserId', 'uuid'],
  ['actorTokenId', 'uuid'],
  ['objectType', 'text'],
  ['objectId', 'uuid'],
  ['action', 'text'],
  ['changes', 'jsonb', 'text'],
  ['requestId', 'text'],
  ['ip', 'text'],
]

/** Sign-in events, written by platform code outside any tenant transaction. */
export async function recordAuthEvent(
  tx: Tx,
  event: { tenantId: string | null; userId: string | null; action: 'login' | 'login_failed' | 'logout' | 'password_reset' | 'locked'; email: string; requestId: string | null; ip: string | null },
): Promise<void> {
  forgetCachedCredentials()
  await tx
    .insertInto('auditLog')
    .values({
      id: newId(),
      tenantId: event.tenantId,
      actorUserId: event.userId,
      actorTokenId: null,
      objectType: 'session',
      objectId: event.userId,
      action: event.action,
      changes: JSON.stringify({ email: { before: null, after: event.email } }),
      requestId: event.requestId,
      ip: event.ip,
    })
    .execute()
}
