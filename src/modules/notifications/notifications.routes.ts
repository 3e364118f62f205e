/** HTTP for the signed-in user's notifications: list, unread count, mark read. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { bindNotificationMailer } from './notifications.mail.ts'
import { Notification, NotificationListQuery, UnreadCount } from './notifications.schema.ts'
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.ts'

const tags = ['Notifications']

export function registerNotificationRoutes(http: HttpServer, app: App): void {
  bindNotificationMailer(app.db, { mailer: app.config.smtp ? app.mailer : null, publicUrl: app.config.publicUrl })
  http.get(
    '/api/v1/notifications',
    { schema: { tags, summary: 'List my notifications, newest first', querystring: NotificationListQuery, response: { 200: listOf(Notification), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listNotifications(ctx, request.query)),
  )
  http.get(
    '/api/v1/notifications/unread-count',
    { schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCount, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => countUnreadNotifications(ctx)),
  )
  http.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, summary: 'Mark one notification read', params: IdParams, response: { 200: Notification, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => markNotificationRead(ctx, request.params.id)),
  )
  http.post(
    '/api/v1/notifications/read-all',
    { schema: { tags, summary: 'Mark all my notifications read', response: { 200: UnreadCount, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => markAllNotificationsRead(ctx)),
  )
}
