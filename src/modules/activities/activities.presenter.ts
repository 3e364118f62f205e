/** Activity row → API JSON: an allow-list of fields, minus those the role hides. */
import { withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Activity } from './activities.schema.ts'
import type { ActivityRow, AttendeeRow } from './activities.queries.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function isOverdue(row: Pick<ActivityRow, 'kind' | 'status' | 'dueAt'>, now = new Date()): boolean {
  return row.kind === 'task' && row.status === 'open' && row.dueAt !== null && row.dueAt.getTime() < now.getTime()
}

export function presentActivity(ctx: Pick<ServiceContext, 'actor'>, row: ActivityRow, attendees: AttendeeRow[] = []): Activity {
  const visible = withoutHiddenFields(ctx, 'activities', {
    subject: row.subject,
    body: row.body,
    ownerId: row.ownerId,
    accountId: row.accountId,
    contactId: row.contactId,
    dueAt: iso(row.dueAt),
    remindAt: iso(row.remindAt),
    assigneeId: row.assigneeId,
    priority: row.priority,
    status: row.status,
    direction: row.direction,
    outcome: row.outcome,
    durationSeconds: row.durationSeconds,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    allDay: row.allDay,
    place: row.place,
    attendees: attendees.map((a) => ({ userId: a.userId, contactId: a.contactId, name: a.name })),
    emailFrom: row.emailFrom,
    emailTo: row.emailTo,
    sentAt: iso(row.sentAt),
  })
  return {
    id: row.id,
    kind: row.kind,
    ...visible,
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    ...(visible.assigneeId !== undefined ? { assigneeName: row.assigneeName } : {}),
    ...(visible.accountId !== undefined ? { accountName: row.accountName } : {}),
    ...(visible.contactId !== undefined ? { contactName: row.contactName } : {}),
    teamId: row.teamId,
    relatedType: row.relatedType,
    relatedId: row.relatedId,
    completedAt: iso(row.completedAt),
    overdue: isOverdue(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
