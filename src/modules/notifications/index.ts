/**
 * Notifications (お知らせ): in-app messages to one user (reminders, later @mentions), their
 * unread count and read state, and the email copy sent by a job. Other modules use this file only.
 */
import './notifications.mail.ts'

export { registerNotificationRoutes } from './notifications.routes.ts'
export { createNotification, type NewNotification, NOTIFICATION_EMAIL_JOB } from './notifications.service.ts'
export type { Notification } from './notifications.schema.ts'
