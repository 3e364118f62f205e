/**
 * Comments (コメント) on accounts, contacts and deals. Anyone who may see the record may comment;
 * only the author edits or deletes. @mentions notify members of the tenant who can see the record,
 * and nobody else (a mention must never reveal a record to someone barred from it).
 */
import { sql } from 'kysely'
import type { Selectable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { RecordCommentsTable } from '../../platform/db/schema.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { createNotification } from '../notifications/index.ts'
import type { Comment, CommentCreate, CommentListQuery, CommentPatch, CommentRecordType } from './customer-360.schema.ts'
import { recordColumn, userCanSeeRecord, visibleRecord, visibleRecordId } from './customer-360.records.ts'

const OBJECT = 'comments'
const LINK_BASE: Record<CommentRecordType, string> = { accounts: '/accounts/', contacts: '/contacts/', deals: '/deals/' }

type CommentRow = Selectable<RecordCommentsTable>

function recordOf(row: CommentRow): { recordType: CommentRecordType; recordId: string } {
  if (row.accountId) return { recordType: 'accounts', recordId: row.accountId }
  if (row.contactId) return { recordType: 'contacts', recordId: row.contactId }
  return { recordType: 'deals', recordId: row.dealId! }
}

async function userNames(ctx: ServiceContext, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await ctx.tx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function presentComments(ctx: ServiceContext, rows: CommentRow[]): Promise<Comment[]> {
  const names = await userNames(ctx, [...new Set(rows.flatMap((r) => [...r.mentionUserIds, ...(r.authorId ? [r.authorId] : [])]))])
  return rows.map((row) => ({
    id: row.id,
    ...recordOf(row),
    authorId: row.authorId,
    authorName: row.authorId ? (names.get(row.authorId) ?? null) : null,
    body: row.body,
    mentions: row.mentionUserIds.flatMap((userId) => (names.has(userId) ? [{ userId, name: names.get(userId)! }] : [])),
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }))
}

/** Mentioned ids must be active members of this tenant (RLS hides other tenants' memberships). */
async function assertMembers(ctx: ServiceContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  const found = await ctx.tx.selectFrom('memberships').select('userId').where('userId', 'in', ids).where('status', '=', 'active').execute()
  const known = new Set(found.map((m) => m.userId))
  const details = ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `mentionUserIds.${i}`, message: 'No such user in this tenant.' }]))
  if (details.length > 0) throw invalid('Some mentioned users do not exist.', details)
}

/** Notifies each newly mentioned user who can see the record; returns who was notified. */
async function notifyMentions(ctx: ServiceContext, row: CommentRow, userIds: string[]): Promise<string[]> {
  const { recordType, recordId } = recordOf(row)
  const notified: string[] = []
  if (userIds.every((id) => id === ctx.actor.userId)) return notified
  const author = (await userNames(ctx, [ctx.actor.userId])).get(ctx.actor.userId) ?? ''
  // Stored once for every reader, so no words of either language: the record's name, then "author: comment".
  const recordName = (await visibleRecord(ctx, recordType, recordId)).name
  for (const userId of userIds) {
    if (userId === ctx.actor.userId) continue
    if (!(await userCanSeeRecord(ctx, userId, recordType, recordId))) continue
    await createNotification(ctx.tx, {
      tenantId: ctx.actor.tenantId,
      userId,
      kind: 'mention',
      title: recordName || author,
      body: `${author}: ${row.body}`.slice(0, 500),
      link: `${LINK_BASE[recordType]}${recordId}`,
      objectType: recordType,
      objectId: recordId,
    })
    notified.push(userId)
  }
  return notified
}

export async function listComments(ctx: ServiceContext, query: CommentListQuery): Promise<Page<Comment>> {
  const recordId = await visibleRecordId(ctx, query.recordType, query.recordId)
  const after = decodeCursor(query.cursor, 1)
  let q = ctx.tx.selectFrom('recordComments').selectAll().where(recordColumn(query.recordType), '=', recordId)
  if (after) q = q.where('id', '<', String(after[0]))
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: await presentComments(ctx, page.data), nextCursor: page.nextCursor }
}

export async function createComment(ctx: ServiceContext, input: CommentCreate): Promise<Comment> {
  const recordId = await visibleRecordId(ctx, input.recordType, input.recordId)
  const mentions = [...new Set(input.mentionUserIds ?? [])]
  await assertMembers(ctx, mentions)
  const row = await ctx.tx
    .insertInto('recordComments')
    .values({ id: newId(), tenantId: ctx.actor.tenantId, [recordColumn(input.recordType)]: recordId, authorId: ctx.actor.userId, body: input.body, mentionUserIds: mentions })
    .returningAll()
    .executeTakeFirstOrThrow()
  const notified = await notifyMentions(ctx, row, mentions)
  await recordAudit(ctx, { objectType: OBJECT, objectId: row.id, action: 'create', after: { recordType: input.recordType, recordId, body: row.body, mentionUserIds: mentions } })
  await emitEvent(ctx, 'comment.created', { objectType: OBJECT, objectId: row.id, payload: { recordType: input.recordType, recordId, mentioned: notified } })
  return (await presentComments(ctx, [row]))[0]!
}

/** The author's own comment on a record they can still see; others get not_found / forbidden. */
async function ownComment(ctx: ServiceContext, id: string): Promise<CommentRow> {
  const row = await ctx.tx.selectFrom('recordComments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound('Comment')
  const { recordType, recordId } = recordOf(row)
  await visibleRecordId(ctx, recordType, recordId)
  if (row.authorId !== ctx.actor.userId) throw forbidden('Only the author may change or delete a comment.')
  return row
}

export async function updateComment(ctx: ServiceContext, id: string, patch: CommentPatch): Promise<Comment> {
  const before = await ownComment(ctx, id)
  const mentions = patch.mentionUserIds === undefined ? before.mentionUserIds : [...new Set(patch.mentionUserIds)]
  await assertMembers(ctx, mentions)
  const row = await ctx.tx
    .updateTable('recordComments')
    .set({ body: patch.body, mentionUserIds: mentions, editedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  // Only people added by this edit hear about it; the others were told already.
  const notified = await notifyMentions(ctx, row, mentions.filter((m) => !before.mentionUserIds.includes(m)))
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: { body: before.body, mentionUserIds: before.mentionUserIds }, after: { body: row.body, mentionUserIds: mentions } })
  await emitEvent(ctx, 'comment.updated', { objectType: OBJECT, objectId: id, payload: { ...recordOf(row), mentioned: notified } })
  return (await presentComments(ctx, [row]))[0]!
}

export async function deleteComment(ctx: ServiceContext, id: string): Promise<void> {
  const before = await ownComment(ctx, id)
  await ctx.tx.deleteFrom('recordComments').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: { ...recordOf(before), body: before.body } })
  await emitEvent(ctx, 'comment.deleted', { objectType: OBJECT, objectId: id, payload: recordOf(before) })
}
