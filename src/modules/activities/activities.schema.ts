/** Activity (活動) input and output schemas: tasks, calls, meetings, notes and logged emails. */
import { z } from 'zod'

export const ACTIVITY_KINDS = ['task', 'call', 'meeting', 'note', 'email'] as const
export const PRIORITIES = ['low', 'normal', 'high'] as const
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const
export const DIRECTIONS = ['inbound', 'outbound'] as const

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()
const time = () => z.iso.datetime({ offset: true }).nullable().optional()

const fields = {
  subject: z.string().trim().min(1).max(500),
  body: optionalText(20_000),
  ownerId: z.uuid().nullable().optional(),
  accountId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  relatedType: z.string().trim().regex(/^[a-z][a-zA-Z]{1,39}$/).nullable().optional().describe('Another object, e.g. "deals" or "cases"'),
  relatedId: z.uuid().nullable().optional(),
  // task
  dueAt: time(),
  remindAt: time().describe('Tasks and meetings: when the reminder notification fires'),
  assigneeId: z.uuid().nullable().optional(),
  priority: z.enum(PRIORITIES).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  // call
  direction: z.enum(DIRECTIONS).nullable().optional(),
  outcome: optionalText(200),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  // meeting
  startsAt: time(),
  endsAt: time(),
  allDay: z.boolean().optional(),
  place: optionalText(500),
  attendeeUserIds: z.array(z.uuid()).max(200).optional(),
  attendeeContactIds: z.array(z.uuid()).max(200).optional(),
  // email
  emailFrom: optionalText(500),
  emailTo: optionalText(2000),
  sentAt: time(),
}

export const ActivityInput = z.strictObject({ kind: z.enum(ACTIVITY_KINDS), ...fields }).meta({ id: 'ActivityCreate' })
export type ActivityInput = z.infer<typeof ActivityInput>

/** The kind never changes; every other field may. */
export const ActivityPatch = z.strictObject(fields).partial().meta({ id: 'ActivityPatch' })
export type ActivityPatch = z.infer<typeof ActivityPatch>

/** Fields that belong to one kind only; setting them on another kind is rejected. */
export const KIND_FIELDS: Record<(typeof ACTIVITY_KINDS)[number], readonly string[]> = {
  task: ['dueAt', 'remindAt', 'assigneeId', 'priority', 'status'],
  call: ['direction', 'outcome', 'durationSeconds'],
  meeting: ['startsAt', 'endsAt', 'allDay', 'place', 'attendeeUserIds', 'attendeeContactIds', 'remindAt'],
  note: [],
  email: ['emailFrom', 'emailTo', 'sentAt'],
}

export const Attendee = z.object({ userId: z.string().nullable(), contactId: z.string().nullable(), name: z.string().nullable() }).meta({ id: 'ActivityAttendee' })

export const Activity = z
  .object({
    id: z.uuid(),
    kind: z.enum(ACTIVITY_KINDS),
    subject: z.string().optional(),
    body: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable(),
    accountId: z.string().nullable().optional(),
    accountName: z.string().nullable().optional(),
    contactId: z.string().nullable().optional(),
    contactName: z.string().nullable().optional(),
    relatedType: z.string().nullable(),
    relatedId: z.string().nullable(),
    dueAt: z.string().nullable().optional(),
    remindAt: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
    assigneeName: z.string().nullable().optional(),
    priority: z.enum(PRIORITIES).nullable().optional(),
    status: z.enum(TASK_STATUSES).nullable().optional(),
    completedAt: z.string().nullable(),
    overdue: z.boolean().describe('An open task whose due time has passed'),
    direction: z.enum(DIRECTIONS).nullable().optional(),
    outcome: z.string().nullable().optional(),
    durationSeconds: z.number().nullable().optional(),
    startsAt: z.string().nullable().optional(),
    endsAt: z.string().nullable().optional(),
    allDay: z.boolean().optional(),
    place: z.string().nullable().optional(),
    attendees: z.array(Attendee).optional(),
    emailFrom: z.string().nullable().optional(),
    emailTo: z.string().nullable().optional(),
    sentAt: z.string().nullable().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Activity', description: 'Fields hidden from your role are omitted.' })
export type Activity = z.infer<typeof Activity>

// A fresh instance per use: a schema shared by two querystrings becomes a $ref that @fastify/swagger cannot resolve.
const bool = () => z.enum(['true', 'false']).optional()

export const ActivityListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  assigneeId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  relatedType: z.string().max(40).optional(),
  relatedId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Activity time (start, due, sent or created) at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Activity time before'),
  overdue: bool().describe('true: open tasks past their due time'),
})
export type ActivityListQuery = z.infer<typeof ActivityListQuery>

export const MyTasksQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(TASK_STATUSES).default('open'),
  overdue: bool(),
})
export type MyTasksQuery = z.infer<typeof MyTasksQuery>

export const CalendarQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  scope: z.enum(['me', 'team']).default('me').describe('me: mine, assigned to me or attended by me; team: every activity I may see'),
})
export type CalendarQuery = z.infer<typeof CalendarQuery>

export const CalendarItem = z
  .object({
    id: z.uuid(),
    kind: z.enum(['task', 'meeting']),
    subject: z.string(),
    start: z.string(),
    end: z.string().nullable(),
    allDay: z.boolean(),
    place: z.string().nullable(),
    status: z.enum(TASK_STATUSES).nullable(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
  })
  .meta({ id: 'CalendarItem' })
export type CalendarItem = z.infer<typeof CalendarItem>

export const CalendarResponse = z.object({ data: z.array(CalendarItem), truncated: z.boolean() }).meta({ id: 'Calendar' })
export type CalendarResponse = z.infer<typeof CalendarResponse>

export const CalendarFeed = z
  .object({
    active: z.boolean(),
    prefix: z.string().nullable(),
    createdAt: z.string().nullable(),
    url: z.string().nullable().describe('Only in the answer that creates or rotates the token; afterwards only a SHA-256 is kept'),
  })
  .meta({ id: 'CalendarFeed' })
export type CalendarFeed = z.infer<typeof CalendarFeed>

export const FeedParams = z.strictObject({ file: z.string().max(200) })

/** Fields that roles may hide or make read-only. */
export const ACTIVITY_FIELDS = [
  'subject',
  'body',
  'ownerId',
  'accountId',
  'contactId',
  'dueAt',
  'remindAt',
  'assigneeId',
  'priority',
  'status',
  'direction',
  'outcome',
  'durationSeconds',
  'startsAt',
  'endsAt',
  'allDay',
  'place',
  'attendees',
  'emailFrom',
  'emailTo',
  'sentAt',
] as const
