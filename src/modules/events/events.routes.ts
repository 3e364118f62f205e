/** HTTP for events: staff CRUD, registrations, check-in, CSV and follow-up; the public page's endpoints. */
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import { bindMailer, mailBindingFor } from '../../platform/mail/binding.ts'
import { cancelledMail, confirmationMail, eventCancelledMail, promotedMail, waitlistMail } from './events.mail.ts'
import {
  CancelTokenParams,
  CheckInByCode,
  CheckInRequest,
  Event,
  EventInput,
  EventListQuery,
  EventPatch,
  FollowUpResult,
  PublicEvent,
  PublicKeyParams,
  PublicRegistration,
  Registration,
  RegistrationListQuery,
  RegistrationParams,
  RegistrationReceipt,
  RegistrationRequest,
} from './events.schema.ts'
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events.service.ts'
import { cancelByToken, getPublicEvent, getPublicRegistration, registerForEvent, type CancellationOutcome } from './public.service.ts'
import { cancelRegistration, checkIn, checkInByCode, createFollowUpTasks, listRegistrations, registrationsCsv } from './registrations.service.ts'
import type { Promotion } from './waitlist.ts'

const tags = ['Events']
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** Per visitor IP and per event (or token): a bot hammering one page is stopped without touching others. */
const perIpAnd = (param: 'key' | 'token') => (request: FastifyRequest) => `event|${request.ip}|${(request.params as Record<string, string | undefined>)[param] ?? ''}`
export const EVENT_REGISTER_RATE_LIMIT = { max: 10, timeWindow: '1 minute', keyGenerator: perIpAnd('key') }
const EVENT_VIEW_RATE_LIMIT = { max: 60, timeWindow: '1 minute', keyGenerator: perIpAnd('key') }
const CANCEL_RATE_LIMIT = { max: 20, timeWindow: '1 minute', keyGenerator: perIpAnd('token') }

const ExportQuery = z.strictObject({ attendance: z.enum(['attended', 'no_show']).optional(), lang: z.enum(['ja', 'en']).default('ja') })
const CancelResult = z.object({ status: z.literal('cancelled'), promoted: z.number().int() }).meta({ id: 'EventRegistrationCancelled' })

export function registerEventRoutes(http: HttpServer, app: App): void {
  bindMailer(app.db, { mailer: app.mailer, publicUrl: app.config.publicUrl })

  /** Sends after the commit; a failed email never undoes a registration (it is logged). */
  const deliver = async (messages: MailMessage[]) => {
    const { mailer } = mailBindingFor(app.db, app.logger)
    for (const message of messages) {
      await mailer.send(message).catch((error: unknown) => app.logger.error({ err: error, mail: { subject: message.subject } }, 'sending event email failed'))
    }
  }
  const promotionMails = (promoted: Promotion[]) => promoted.map((p) => promotedMail(p.event, p.registration, app.config.publicUrl))
  const cancellationMails = (outcome: CancellationOutcome) => [...(outcome.cancelled ? [cancelledMail(outcome.cancelled.event, outcome.cancelled.registration)] : []), ...promotionMails(outcome.promoted)]

  http.get(
    '/api/v1/events',
    { schema: { tags, summary: 'List events, newest first', querystring: EventListQuery, response: { 200: listOf(Event), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listEvents(ctx, request.query)),
  )
  http.post(
    '/api/v1/events',
    { schema: { tags, summary: 'Create an event (a draft until published)', body: EventInput, response: { 201: Event, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createEvent(ctx, request.body))),
  )
  http.get(
    '/api/v1/events/:id',
    { schema: { tags, summary: 'Get an event with registration counts and attendance rate', params: IdParams, response: { 200: Event, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getEvent(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/events/:id',
    { schema: { tags, summary: 'Update an event; status publishes, cancels (emailing registrants) or finishes it; more capacity promotes the waitlist', params: IdParams, body: EventPatch, response: { 200: Event, ...errorResponses } } },
    async (request) => {
      const { event, promoted, cancelled } = await withServiceContext(app.db, request, (ctx) => updateEvent(ctx, request.params.id, request.body))
      await deliver([...promotionMails(promoted), ...(cancelled ? cancelled.registrations.map((r) => eventCancelledMail(cancelled.event, r)) : [])])
      return event
    },
  )
  http.delete(
    '/api/v1/events/:id',
    { schema: { tags, summary: 'Delete an event and its registrations', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteEvent(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/events/:id/registrations',
    { schema: { tags, summary: 'Registrations in order of registration (search, status, attended / no-show)', params: IdParams, querystring: RegistrationListQuery, response: { 200: listOf(Registration), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listRegistrations(ctx, request.params.id, request.query)),
  )
  http.get(
    '/api/v1/events/:id/export',
    { schema: { tags, summary: 'Confirmed registrants (or attendees / no-shows) as CSV', params: IdParams, querystring: ExportQuery, response: { ...errorResponses } } },
    async (request, reply) => {
      const csv = await withServiceContext(app.db, request, (ctx) => registrationsCsv(ctx, request.params.id, request.query))
      const suffix = request.query.attendance ? `-${request.query.attendance}` : ''
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-${request.params.id}${suffix}.csv"`)
        .send(Buffer.concat([UTF8_BOM, Buffer.from(csv, 'utf8')]) as never) // raw bytes: not serialised
    },
  )
  http.post(
    '/api/v1/events/:id/registrations/:registrationId/check-in',
    { schema: { tags, summary: 'Mark a confirmed registrant as attended (or undo with checkedIn: false)', params: RegistrationParams, body: CheckInRequest, response: { 200: Registration, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => checkIn(ctx, request.params.id, request.params.registrationId, request.body.checkedIn)),
  )
  http.post(
    '/api/v1/events/:id/check-in',
    { schema: { tags, summary: 'Check in by the reception code from the confirmation email', params: IdParams, body: CheckInByCode, response: { 200: Registration, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => checkInByCode(ctx, request.params.id, request.body.code)),
  )
  http.post(
    '/api/v1/events/:id/registrations/:registrationId/cancel',
    { schema: { tags, summary: 'Cancel a registration for the registrant; the oldest waitlisted one takes the seat', params: RegistrationParams, response: { 200: CancelResult, ...errorResponses } } },
    async (request) => {
      const outcome = await withServiceContext(app.db, request, (ctx) => cancelRegistration(ctx, request.params.id, request.params.registrationId))
      await deliver(cancellationMails(outcome))
      return { status: 'cancelled' as const, promoted: outcome.promoted.length }
    },
  )
  http.post(
    '/api/v1/events/:id/follow-up-tasks',
    { schema: { tags, summary: 'Create a follow-up task for each attendee without one, for the event owner', params: IdParams, response: { 200: FollowUpResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => createFollowUpTasks(ctx, request.params.id)),
  )

  // ---- Public (no sign-in) ----
  http.get(
    '/api/v1/public/events/:key',
    { config: { public: true, rateLimit: EVENT_VIEW_RATE_LIMIT }, schema: { tags, summary: 'An event as its public registration page shows it (no sign-in)', params: PublicKeyParams, response: { 200: PublicEvent, ...errorResponses } } },
    (request) => getPublicEvent(app.db, request.params.key),
  )
  http.post(
    '/api/v1/public/events/:key/registrations',
    {
      config: { public: true, rateLimit: EVENT_REGISTER_RATE_LIMIT },
      schema: { tags, summary: 'Register for an event (no sign-in; 10 per minute per IP and event); waitlisted when full', params: PublicKeyParams, body: RegistrationRequest, response: { 201: RegistrationReceipt, ...errorResponses } },
    },
    async (request, reply) => {
      const outcome = await registerForEvent(app.db, request.params.key, request.body, { requestId: request.id, ip: request.ip })
      if (outcome.mail) {
        const { event, registration } = outcome.mail
        await deliver([outcome.status === 'confirmed' ? confirmationMail(event, registration, app.config.publicUrl) : waitlistMail(event, registration, app.config.publicUrl)])
      }
      return reply.status(201).send({ status: outcome.status, code: outcome.code })
    },
  )
  http.get(
    '/api/v1/public/event-registrations/:token',
    { config: { public: true, rateLimit: CANCEL_RATE_LIMIT }, schema: { tags, summary: 'A registration as the cancellation page shows it (no sign-in)', params: CancelTokenParams, response: { 200: PublicRegistration, ...errorResponses } } },
    (request) => getPublicRegistration(app.db, request.params.token),
  )
  http.post(
    '/api/v1/public/event-registrations/:token/cancel',
    { config: { public: true, rateLimit: CANCEL_RATE_LIMIT }, schema: { tags, summary: 'Cancel a registration through the link in its email (no sign-in)', params: CancelTokenParams, response: { 200: CancelResult, ...errorResponses } } },
    async (request) => {
      const outcome = await cancelByToken(app.db, request.params.token, { requestId: request.id, ip: request.ip })
      await deliver(cancellationMails(outcome))
      return { status: 'cancelled' as const, promoted: outcome.promoted.length }
    },
  )
}
