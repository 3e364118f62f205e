/**
 * Notifications: other modules create them (createNotification, inside their own transaction);
 * each user lists and marks only their own. An email copy goes out through a job when SMTP is set.
 */
import { sql, type Selectable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { NotificationsTable } from '../../platform/db/schema.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { notFound } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { enqueueJob } from '../../platform/jobs/index.ts'
import type { Notification, NotificationListQuery, UnreadCount } from './notifications.schema.ts'

export const NOTIFICATION_EMAIL_JOB = 'notifications.email'

type NotificationRow = Selectable<NotificationsTable>

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    objectType: row.objectType,
    objectId: row.objectId,
    readAt: row.readAt ? row.readAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }
}

export interface NewNotification {
  tenantId: string
  userId: string
  kind: string
  title: string
  body?: string | null
  link?: string | null
  objectType?: string | null
  objectId?: string | null
  /** Also queue an email copy (sent only when SMTP is configured). */
  email?: boolean
}

/** Adds a notification in the caller's (tenant) transaction; the email job commits with it. */
export async function createNotification(tx: Tx, input: NewNotification): Promise<string> {
  const id = newId()
  await tx
    .insertInto('notifications')
    .values({
      id,
      tenantId: input.tenantId,
      userId: input.userId,
      kind: input.kind,
      title: input.title,
      body: input.body ?? null,
      link: input.link ?? null,
      objectType: input.objectType ?? null,
      objectId: input.objectId ?? null,
    })
    .execute()
  if (input.email) await enqueueJob(tx, { type: NOTIFICATION_EMAIL_JOB, payload: { notificationId: id }, tenantId: input.tenantId })
  return id
}

export async function listNotifications(ctx: ServiceContext, query: NotificationListQuery): Promise<Page<Notification>> {
  const after = decodeCursor(query.cursor, 1)
  let q = ctx.tx.selectFrom('notifications').selectAll().where('userId', '=', ctx.actor.userId)
  if (query.unread === 'true') q = q.where('readAt', 'is', null)
  if (after) q = q.where('id', '<', String(after[0]))
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentNotification), nextCursor: page.nextCursor }
}

export async function countUnreadNotifications(ctx: ServiceContext): Promise<UnreadCount> {
  const row = await ctx.tx
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', ctx.actor.userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow()
  return { unread: row.n }
}

/** Marks one of the actor's notifications read (idempotent: the first read time stays). */
export async function markNotificationRead(ctx: ServiceContext, id: string): Promise<Notification> {
  const row = await ctx.tx
    .updateTable('notifications')
    .set({ readAt: sql<Date>`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('userId', '=', ctx.actor.userId)
    .returningAll()
    .executeTakeFirst()
  if (!row) throw notFound('Notification')
  return presentNotification(row)
}

export async function markAllNotificationsRead(ctx: ServiceContext): Promise<UnreadCount> {
  await ctx.tx
    .updateTable('notifications')
    .set({ readAt: sql<Date>`now()` })
    .where('userId', '=', ctx.actor.userId)
    .where('readAt', 'is', null)
    .execute()
  return { unread: 0 }
}
