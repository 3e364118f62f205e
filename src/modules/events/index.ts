/**
 * Events (イベント・セミナー): seminars, webinars and meetings with a public registration page, capacity and
 * waitlist, confirmation (.ics) and reminder emails, check-in and follow-up. Owns events and event_registrations.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import './events.jobs.ts'
import './registrations.leads.ts'

registerAccessObject({
  name: 'events',
  label: { ja: 'イベント', en: 'Events' },
  fields: [],
})

export { registerEventRoutes } from './events.routes.ts'
export { createEvent, getEvent, listEvents, updateEvent, deleteEvent } from './events.service.ts'
export { registerForEvent, cancelByToken, getPublicEvent } from './public.service.ts'
export { listRegistrations, checkIn, checkInByCode, cancelRegistration, createFollowUpTasks, registrationsCsv } from './registrations.service.ts'
export { sendDueEventReminders, EVENT_REMINDERS_JOB } from './events.jobs.ts'
export { eventIcs } from './events.mail.ts'
export type { Event, EventInput, EventPatch, Registration } from './events.schema.ts'
