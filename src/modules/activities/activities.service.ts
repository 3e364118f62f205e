/**
 * Activities (活動履歴): the rules for logging and changing tasks, calls, meetings, notes and
 * emails. Every write checks the role, validates references, audits, emits an event and
 * (for reminders) schedules the reminder job, in one transaction.
 */
import { sql } from 'kysely'
import { findAccessObject } from '../../platform/access/objects.ts'
import { assertWritableFields, authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { ActivitiesTable } from '../../platform/db/schema.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { Updateable } from 'kysely'
import { presentActivity } from './activities.presenter.ts'
import {
  accountExists,
  activityTime,
  type ActivityRow,
  deleteActivityRow,
  existingContacts,
  existingMembers,
  findVisibleActivity,
  relatedRecordExists,
  insertActivity,
  listAttendees,
  replaceAttendees,
  selectActivities,
  updateActivityRow,
} from './activities.queries.ts'
import { createNotification } from '../notifications/index.ts'
import { activityLink, scheduleReminder } from './activities.reminders.ts'
import {
  ACTIVITY_KINDS,
  type Activity,
  type ActivityInput,
  type ActivityListQuery,
  type ActivityPatch,
  KIND_FIELDS,
  type MyTasksQuery,
} from './activities.schema.ts'

const OBJECT = 'activities'
type Kind = (typeof ACTIVITY_KINDS)[number]
type Detail = { path: string; message: string }

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value))

function auditable(row: ActivityRow): Record<string, unknown> {
  // remindedAt is the reminder job's bookkeeping, not a user's change.
  const { ownerName: _o, assigneeName: _a, accountName: _c, contactName: _n, tenantId: _t, remindedAt: _r, ...fields } = row
  return fields
}

/** The role's field rules name `attendees`; the input carries two lists for it. */
function writableView(input: ActivityPatch): Record<string, unknown> {
  const { attendeeUserIds, attendeeContactIds, ...rest } = input
  return { ...rest, attendees: attendeeUserIds ?? attendeeContactIds }
}

function assertKindFields(kind: Kind, input: ActivityPatch): void {
  const foreign = Object.entries(KIND_FIELDS)
    .filter(([k]) => k !== kind)
    .flatMap(([, names]) => names)
    .filter((name) => !KIND_FIELDS[kind].includes(name) && (input as Record<string, unknown>)[name] !== undefined)
  if (foreign.length > 0) {
    throw invalid(`Some fields do not apply to a ${kind}.`, [...new Set(foreign)].map((path) => ({ path, message: `Not a field of a ${kind}.` })))
  }
}

async function assertReferences(ctx: ServiceContext, input: ActivityPatch): Promise<void> {
  const details: Detail[] = []
  const users = [input.ownerId, input.assigneeId, ...(input.attendeeUserIds ?? [])].filter((id): id is string => typeof id === 'string')
  const members = await existingMembers(ctx, users)
  if (input.ownerId && !members.has(input.ownerId)) details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  if (input.assigneeId && !members.has(input.assigneeId)) details.push({ path: 'assigneeId', message: 'No such user in this tenant.' })
  input.attendeeUserIds?.forEach((id, i) => {
    if (!members.has(id)) details.push({ path: `attendeeUserIds.${i}`, message: 'No such user in this tenant.' })
  })
  if (input.accountId && !(await accountExists(ctx, input.accountId))) details.push({ path: 'accountId', message: 'No such account.' })
  const contactIds = [input.contactId, ...(input.attendeeContactIds ?? [])].filter((id): id is string => typeof id === 'string')
  const contacts = await existingContacts(ctx, contactIds)
  const contactMissing = (id: string) => !contacts.has(id)
  if (input.contactId && contactMissing(input.contactId)) details.push({ path: 'contactId', message: 'No such contact.' })
  input.attendeeContactIds?.forEach((id, i) => {
    if (contactMissing(id)) details.push({ path: `attendeeContactIds.${i}`, message: 'No such contact.' })
  })
  if (input.relatedType && input.relatedId) {
    const known = findAccessObject(input.relatedType) !== undefined && !findAccessObject(input.relatedType)!.administrative
    const snake = input.relatedType.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    if (!known) details.push({ path: 'relatedType', message: 'Not a kind of record activities can link to.' })
    else if (!(await relatedRecordExists(ctx, snake, input.relatedId))) details.push({ path: 'relatedId', message: 'No such record.' })
  }
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

/** Rules across fields, checked on the row as it will be after the write. */
function assertConsistent(row: { kind: Kind; startsAt: Date | null; endsAt: Date | null; relatedType: string | null; relatedId: string | null }): void {
  const details: Detail[] = []
  if (row.kind === 'meeting' && !row.startsAt) details.push({ path: 'startsAt', message: 'A meeting needs a start time.' })
  if (row.startsAt && row.endsAt && row.endsAt < row.startsAt) details.push({ path: 'endsAt', message: 'The end is before the start.' })
  if ((row.relatedType === null) !== (row.relatedId === null)) details.push({ path: 'relatedId', message: 'relatedType and relatedId go together.' })
  if (details.length > 0) throw invalid('The activity is not consistent.', details)
}

/** Tells a colleague that a task is now theirs (not when you assign it to yourself). */
async function notifyAssignee(ctx: ServiceContext, row: ActivityRow): Promise<void> {
  if (row.kind !== 'task' || !row.assigneeId || row.assigneeId === ctx.actor.userId || row.status !== 'open') return
  await createNotification(ctx.tx, {
    tenantId: ctx.actor.tenantId,
    userId: row.assigneeId,
    kind: 'task_assigned',
    title: row.subject,
    body: row.ownerName,
    link: activityLink(row),
    objectType: OBJECT,
    objectId: row.id,
  })
}

async function present(ctx: ServiceContext, rows: ActivityRow[]): Promise<Activity[]> {
  const attendees = await listAttendees(ctx, rows.filter((r) => r.kind === 'meeting').map((r) => r.id))
  return rows.map((row) => presentActivity(ctx, row, attendees.get(row.id) ?? []))
}

export async function listActivities(ctx: ServiceContext, query: ActivityListQuery): Promise<Page<Activity>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  let q = selectActivities(ctx)
  if (query.kind) q = q.where('a.kind', '=', query.kind)
  if (query.status) q = q.where('a.status', '=', query.status)
  if (query.assigneeId) q = q.where('a.assigneeId', '=', query.assigneeId)
  if (query.ownerId) q = q.where('a.ownerId', '=', query.ownerId)
  if (query.accountId) q = q.where('a.accountId', '=', query.accountId)
  if (query.contactId) q = q.where('a.contactId', '=', query.contactId)
  if (query.relatedType) q = q.where('a.relatedType', '=', query.relatedType)
  if (query.relatedId) q = q.where('a.relatedId', '=', query.relatedId)
  if (query.from) q = q.where(activityTime(), '>=', new Date(query.from))
  if (query.to) q = q.where(activityTime(), '<', new Date(query.to))
  if (query.overdue === 'true') q = q.where('a.kind', '=', 'task').where('a.status', '=', 'open').where('a.dueAt', '<', sql<Date>`now()`)
  if (after) q = q.where('a.id', '<', String(after[0]))
  const rows = await q.orderBy('a.id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: await present(ctx, page.data), nextCursor: page.nextCursor }
}

/** Tasks assigned to me (or mine with no assignee), soonest due first, undated last. */
export async function listMyTasks(ctx: ServiceContext, query: MyTasksQuery): Promise<Page<Activity>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 2)
  const me = ctx.actor.userId
  const due = sql<Date>`coalesce(a.due_at, 'infinity'::timestamptz)`
  let q = selectActivities(ctx)
    .where('a.kind', '=', 'task')
    .where('a.status', '=', query.status)
    .where((eb) => eb.or([eb('a.assigneeId', '=', me), eb.and([eb('a.assigneeId', 'is', null), eb('a.ownerId', '=', me)])]))
  if (query.overdue === 'true') q = q.where('a.dueAt', '<', sql<Date>`now()`)
  if (after) q = q.where(sql`(coalesce(a.due_at, 'infinity'::timestamptz), a.id)`, '>', sql`(${after[0]}::timestamptz, ${after[1]}::uuid)`)
  const rows = await q.orderBy(due).orderBy('a.id').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.dueAt ? row.dueAt.toISOString() : 'infinity', row.id])
  return { data: await present(ctx, page.data), nextCursor: page.nextCursor }
}

export async function getActivity(ctx: ServiceContext, id: string): Promise<Activity> {
  authorize(ctx, OBJECT, 'read')
  const row = await findVisibleActivity(ctx, id)
  if (!row) throw notFound('Activity')
  return (await present(ctx, [row]))[0]!
}

export async function createActivity(ctx: ServiceContext, input: ActivityInput): Promise<Activity> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { ...writableView(input), subject: undefined })
  assertKindFields(input.kind, input)
  await assertReferences(ctx, input)
  const id = newId()
  const isTask = input.kind === 'task'
  const status = isTask ? (input.status ?? 'open') : null
  const values = {
    id,
    tenantId: ctx.actor.tenantId,
    kind: input.kind,
    subject: input.subject,
    body: input.body ?? null,
    // A new activity belongs to whoever logs it unless another owner is named.
    ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
    teamId: ctx.actor.teamId,
    accountId: input.accountId ?? null,
    contactId: input.contactId ?? null,
    relatedType: input.relatedType ?? null,
    relatedId: input.relatedId ?? null,
    dueAt: toDate(input.dueAt) ?? null,
    remindAt: toDate(input.remindAt) ?? null,
    assigneeId: isTask ? (input.assigneeId === undefined ? ctx.actor.userId : input.assigneeId) : null,
    priority: isTask ? (input.priority ?? 'normal') : null,
    status,
    completedAt: status === 'done' ? new Date() : null,
    direction: input.direction ?? null,
    outcome: input.outcome ?? null,
    durationSeconds: input.durationSeconds ?? null,
    startsAt: toDate(input.startsAt) ?? null,
    endsAt: toDate(input.endsAt) ?? null,
    allDay: input.allDay ?? false,
    place: input.place ?? null,
    emailFrom: input.emailFrom ?? null,
    emailTo: input.emailTo ?? null,
    sentAt: toDate(input.sentAt) ?? null,
    createdBy: ctx.actor.userId,
  }
  assertConsistent(values)
  await insertActivity(ctx, values)
  if (input.kind === 'meeting') await replaceAttendees(ctx, id, input.attendeeUserIds ?? [], input.attendeeContactIds ?? [])
  const created = await findVisibleActivity(ctx, id)
  if (!created) throw notFound('Activity')
  await scheduleReminder(ctx, created)
  await notifyAssignee(ctx, created)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'activity.created', { objectType: OBJECT, objectId: id, payload: { kind: created.kind, accountId: created.accountId, contactId: created.contactId } })
  return (await present(ctx, [created]))[0]!
}

export async function updateActivity(ctx: ServiceContext, id: string, patch: ActivityPatch): Promise<Activity> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, writableView(patch))
  const before = await findVisibleActivity(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Activity')
  assertKindFields(before.kind, patch)
  await assertReferences(ctx, patch)
  const { attendeeUserIds, attendeeContactIds, dueAt, remindAt, startsAt, endsAt, sentAt, ...plain } = patch
  const values: Updateable<ActivitiesTable> = {
    ...plain,
    dueAt: toDate(dueAt),
    remindAt: toDate(remindAt),
    startsAt: toDate(startsAt),
    endsAt: toDate(endsAt),
    sentAt: toDate(sentAt),
  }
  if (patch.status !== undefined && patch.status !== before.status) values.completedAt = patch.status === 'done' ? new Date() : null
  // A moved reminder, or a task opened again, is due to remind again.
  const newRemindAt = values.remindAt === undefined ? before.remindAt : (values.remindAt as Date | null)
  if ((newRemindAt?.getTime() ?? null) !== (before.remindAt?.getTime() ?? null) || (patch.status === 'open' && before.status !== 'open')) {
    values.remindedAt = null
  }
  assertConsistent({
    kind: before.kind,
    startsAt: values.startsAt === undefined ? before.startsAt : (values.startsAt as Date | null),
    endsAt: values.endsAt === undefined ? before.endsAt : (values.endsAt as Date | null),
    relatedType: values.relatedType === undefined ? before.relatedType : values.relatedType,
    relatedId: values.relatedId === undefined ? before.relatedId : values.relatedId,
  })
  await updateActivityRow(ctx, id, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)))
  const attendeesBefore = before.kind === 'meeting' ? ((await listAttendees(ctx, [id])).get(id) ?? []) : []
  if (attendeeUserIds !== undefined || attendeeContactIds !== undefined) await replaceAttendees(ctx, id, attendeeUserIds, attendeeContactIds)
  const after = await findVisibleActivity(ctx, id)
  if (!after) throw notFound('Activity')
  if (values.remindedAt === null) await scheduleReminder(ctx, after)
  if (after.assigneeId !== before.assigneeId) await notifyAssignee(ctx, after)
  const attendeesAfter = before.kind === 'meeting' ? ((await listAttendees(ctx, [id])).get(id) ?? []) : []
  const key = (list: typeof attendeesBefore) => list.map((a) => a.userId ?? `contact:${a.contactId}`).sort()
  const changed = await recordAudit(ctx, {
    objectType: OBJECT,
    objectId: id,
    action: 'update',
    before: { ...auditable(before), attendees: key(attendeesBefore) },
    after: { ...auditable(after), attendees: key(attendeesAfter) },
  })
  if (changed) await emitEvent(ctx, 'activity.updated', { objectType: OBJECT, objectId: id, payload: { kind: after.kind, fields: Object.keys(patch) } })
  return (await present(ctx, [after]))[0]!
}

export async function deleteActivity(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findVisibleActivity(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Activity')
  await deleteActivityRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'activity.deleted', { objectType: OBJECT, objectId: id, payload: { kind: before.kind } })
}
