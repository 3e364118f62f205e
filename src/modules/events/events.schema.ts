/** Event (イベント) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const EVENT_KINDS = ['seminar', 'webinar', 'meeting'] as const
export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'finished'] as const
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
/** The honeypot field of the public form: people never see it, bots fill it in. */
export const HONEYPOT_FIELD = 'website'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()
const instant = () => z.iso.datetime({ offset: true })

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const EventFields = z.strictObject({
  title: z.string().trim().min(1).max(200),
  kind: z.enum(EVENT_KINDS),
  description: optionalText(20_000),
  venue: optionalText(500),
  onlineUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  startsAt: instant(),
  endsAt: instant(),
  timeZone: z.string().max(64).refine(isTimeZone, 'An IANA time zone such as Asia/Tokyo.').optional(),
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  registrationOpensAt: instant().nullable().optional(),
  registrationClosesAt: instant().nullable().optional(),
  reminderHours: z.number().int().min(1).max(720).optional(),
  ownerId: z.uuid().nullable().optional(),
})

type Times = { startsAt?: string; endsAt?: string; registrationOpensAt?: string | null; registrationClosesAt?: string | null }
const endsAfterStart = (v: Times) => !v.startsAt || !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt)
const windowInOrder = (v: Times) => !v.registrationOpensAt || !v.registrationClosesAt || Date.parse(v.registrationClosesAt) > Date.parse(v.registrationOpensAt)

export const EventInput = EventFields.refine(endsAfterStart, { message: 'The end must be after the start.', path: ['endsAt'] })
  .refine(windowInOrder, { message: 'Registration must close after it opens.', path: ['registrationClosesAt'] })
  .meta({ id: 'EventCreate' })
export type EventInput = z.infer<typeof EventInput>

export const EventPatch = EventFields.extend({ status: z.enum(EVENT_STATUSES) })
  .partial()
  .refine(endsAfterStart, { message: 'The end must be after the start.', path: ['endsAt'] })
  .refine(windowInOrder, { message: 'Registration must close after it opens.', path: ['registrationClosesAt'] })
  .meta({ id: 'EventPatch' })
export type EventPatch = z.infer<typeof EventPatch>

export const EventCounts = z.object({
  confirmed: z.number().int(),
  waitlisted: z.number().int(),
  cancelled: z.number().int(),
  checkedIn: z.number().int(),
  /** Checked in ÷ confirmed, 0–1; null before anyone is confirmed. */
  attendanceRate: z.number().nullable(),
})

export const Event = z
  .object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(EVENT_KINDS),
    description: z.string().nullable(),
    venue: z.string().nullable(),
    onlineUrl: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    capacity: z.number().int().nullable(),
    registrationOpensAt: z.string().nullable(),
    registrationClosesAt: z.string().nullable(),
    status: z.enum(EVENT_STATUSES),
    publicKey: z.string(),
    reminderHours: z.number().int(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    counts: EventCounts,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Event' })
export type Event = z.infer<typeof Event>

export const EventListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
})
export type EventListQuery = z.infer<typeof EventListQuery>

export const Registration = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    name: z.string(),
    nameKana: z.string().nullable(),
    company: z.string().nullable(),
    email: z.string(),
    phone: z.string().nullable(),
    status: z.enum(REGISTRATION_STATUSES),
    code: z.string(),
    contactId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    checkedInAt: z.string().nullable(),
    promotedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    reminderSentAt: z.string().nullable(),
    followUpTaskId: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'EventRegistration' })
export type Registration = z.infer<typeof Registration>

export const RegistrationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
  status: z.enum(REGISTRATION_STATUSES).optional(),
  /** attended: confirmed and checked in; no_show: confirmed and not checked in. */
  attendance: z.enum(['attended', 'no_show']).optional(),
})
export type RegistrationListQuery = z.infer<typeof RegistrationListQuery>

export const RegistrationParams = z.strictObject({ id: z.uuid(), registrationId: z.uuid() })

export const CheckInRequest = z.strictObject({ checkedIn: z.boolean().default(true) }).meta({ id: 'EventCheckIn' })
export const CheckInByCode = z.strictObject({ code: z.string().trim().min(4).max(20) }).meta({ id: 'EventCheckInByCode' })

export const FollowUpResult = z.object({ created: z.number().int(), skipped: z.number().int(), taskIds: z.array(z.uuid()) }).meta({ id: 'EventFollowUpResult' })

export const RegistrationRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    nameKana: optionalText(200),
    company: optionalText(200),
    email: z.email().max(254),
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^[0-9０-９+()\-－ ]*$/, 'Digits, spaces, +, ( ) and - only.')
      .nullable()
      .optional(),
    [HONEYPOT_FIELD]: z.string().max(500).optional(),
  })
  .meta({ id: 'EventRegistrationRequest' })
export type RegistrationRequest = z.infer<typeof RegistrationRequest>

export const RegistrationReceipt = z
  .object({ status: z.enum(['confirmed', 'waitlisted']), code: z.string().nullable() })
  .meta({ id: 'EventRegistrationReceipt' })

export const PublicEvent = z
  .object({
    title: z.string(),
    kind: z.enum(EVENT_KINDS),
    description: z.string().nullable(),
    venue: z.string().nullable(),
    online: z.boolean().describe('Held online: the address is sent in the confirmation email, not shown on the page'),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    status: z.enum(EVENT_STATUSES),
    registration: z.enum(['open', 'not_yet_open', 'closed']),
    /** Seats left, or null when there is no limit; 0 means new registrations join the waitlist. */
    seatsLeft: z.number().int().nullable(),
  })
  .meta({ id: 'PublicEvent' })
export type PublicEvent = z.infer<typeof PublicEvent>

export const PublicKeyParams = z.strictObject({ key: z.string().min(10).max(64).regex(/^[A-Za-z0-9_-]+$/) })
export const CancelTokenParams = z.strictObject({ token: z.string().min(10).max(64).regex(/^[A-Za-z0-9_-]+$/) })

export const PublicRegistration = z
  .object({
    eventTitle: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    name: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
  })
  .meta({ id: 'PublicEventRegistration' })
export type PublicRegistration = z.infer<typeof PublicRegistration>
