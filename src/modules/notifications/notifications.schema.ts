/** In-app notification (お知らせ) schemas: the list filter and the notification as its user sees it. */
import { z } from 'zod'

export const Notification = z
  .object({
    id: z.uuid(),
    kind: z.string().describe('e.g. "reminder"'),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable().describe('Path inside the web app, e.g. /activities/…'),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' })
export type Notification = z.infer<typeof Notification>

export const NotificationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  unread: z.enum(['true', 'false']).optional().describe('true: only unread ones'),
})
export type NotificationListQuery = z.infer<typeof NotificationListQuery>

export const UnreadCount = z.object({ unread: z.number().int() }).meta({ id: 'NotificationUnreadCount' })
export type UnreadCount = z.infer<typeof UnreadCount>
