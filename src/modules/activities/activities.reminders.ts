/**
 * Reminders: a job per reminder time, enqueued with the change that set it. When it fires it
 * re-reads the activity and does nothing if the reminder moved, was sent, or the task closed,
 * so stale jobs are harmless. It notifies the assignee (else the owner), and a meeting's
 * attending colleagues, in-app and by email.
 */
import type { ServiceContext } from '../../platform/context.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { enqueueJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { createNotification } from '../notifications/index.ts'
import type { ActivityRow } from './activities.queries.ts'

export const REMINDER_JOB = 'activities.reminder'

export async function scheduleReminder(ctx: ServiceContext, row: ActivityRow): Promise<void> {
  if (!row.remindAt || row.remindedAt) return
  if (row.kind === 'task' && row.status !== 'open') return
  const at = row.remindAt.toISOString()
  await enqueueJob(ctx.tx, {
    type: REMINDER_JOB,
    payload: { activityId: row.id, remindAt: at },
    runAt: row.remindAt,
    uniqueKey: `activity-reminder:${row.id}:${at}`,
  })
}

/** Where the notification links to in the web app. */
export function activityLink(row: { id: string; accountId: string | null; kind: string }): string {
  if (row.accountId) return `/accounts/${row.accountId}?activity=${row.id}`
  return row.kind === 'task' ? `/tasks?activity=${row.id}` : `/calendar?activity=${row.id}`
}

/** "期限：2026/11/26 10:00" in the user's language and time zone (the email shows it as is). */
function describeWhen(kind: string, when: Date, locale: string, timeZone: string): string {
  const en = locale === 'en'
  const text = new Intl.DateTimeFormat(en ? 'en-US' : 'ja-JP', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(when)
  if (kind === 'task') return en ? `Due: ${text}` : `期限：${text}`
  return en ? `Starts: ${text}` : `開始：${text}`
}

registerJobHandler(REMINDER_JOB, async ({ db, job, payload }) => {
  if (!job.tenantId) return
  const activityId = String(payload.activityId)
  await inTenantTransaction(db, job.tenantId, async (tx) => {
    const row = await tx
      .selectFrom('activities')
      .select(['id', 'kind', 'subject', 'status', 'remindAt', 'remindedAt', 'assigneeId', 'ownerId', 'accountId', 'dueAt', 'startsAt'])
      .where('id', '=', activityId)
      .forUpdate()
      .executeTakeFirst()
    if (!row || row.remindedAt || !row.remindAt || row.remindAt.toISOString() !== payload.remindAt) return
    if (row.kind === 'task' && row.status !== 'open') return
    // A task reminds whoever must do it; a meeting reminds its owner and every colleague attending.
    const recipients = new Set<string>()
    const responsible = row.assigneeId ?? row.ownerId
    if (responsible) recipients.add(responsible)
    if (row.kind === 'meeting') {
      const attendees = await tx.selectFrom('activityAttendees').select('userId').where('activityId', '=', row.id).where('userId', 'is not', null).execute()
      for (const a of attendees) recipients.add(a.userId!)
    }
    const when = row.kind === 'task' ? row.dueAt : row.startsAt
    for (const userId of recipients) {
      const user = await tx.selectFrom('users').select(['locale', 'timeZone']).where('id', '=', userId).executeTakeFirst()
      await createNotification(tx, {
        tenantId: job.tenantId!,
        userId,
        kind: row.kind === 'task' ? 'task_reminder' : 'meeting_reminder',
        title: row.subject,
        body: when ? describeWhen(row.kind, when, user?.locale ?? 'ja', user?.timeZone ?? 'Asia/Tokyo') : null,
        link: activityLink(row),
        objectType: 'activities',
        objectId: row.id,
        email: true,
      })
    }
    await tx.updateTable('activities').set({ remindedAt: new Date() }).where('id', '=', row.id).execute()
  })
})
