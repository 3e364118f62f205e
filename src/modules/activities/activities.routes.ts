/** HTTP for activities, the calendar and the iCalendar feed: parse, call the service, return. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { notFound } from '../../platform/errors.ts'
import {
  Activity,
  ActivityInput,
  ActivityListQuery,
  ActivityPatch,
  CalendarFeed,
  CalendarQuery,
  CalendarResponse,
  FeedParams,
  MyTasksQuery,
} from './activities.schema.ts'
import { createActivity, deleteActivity, getActivity, listActivities, listMyTasks, updateActivity } from './activities.service.ts'
import { FEED_PATH, getCalendarFeed, listCalendar, renderCalendarFeed, revokeCalendarFeed, rotateCalendarFeed } from './activities.calendar.ts'

const tags = ['Activities']
const calendarTags = ['Calendar']

export function registerActivityRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/activities',
    { schema: { tags, summary: 'List activities (timeline order, newest first)', querystring: ActivityListQuery, response: { 200: listOf(Activity), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listActivities(ctx, request.query)),
  )
  http.get(
    '/api/v1/activities/my-tasks',
    { schema: { tags, summary: 'My tasks, soonest due first', querystring: MyTasksQuery, response: { 200: listOf(Activity), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listMyTasks(ctx, request.query)),
  )
  http.post(
    '/api/v1/activities',
    { schema: { tags, summary: 'Log an activity or add a task', body: ActivityInput, response: { 201: Activity, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createActivity(ctx, request.body))),
  )
  http.get(
    '/api/v1/activities/:id',
    { schema: { tags, summary: 'Get an activity', params: IdParams, response: { 200: Activity, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getActivity(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/activities/:id',
    { schema: { tags, summary: 'Update an activity (status done completes a task)', params: IdParams, body: ActivityPatch, response: { 200: Activity, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateActivity(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/activities/:id',
    { schema: { tags, summary: 'Delete an activity', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteActivity(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/calendar',
    { schema: { tags: calendarTags, summary: 'Meetings and dated tasks in a time range', querystring: CalendarQuery, response: { 200: CalendarResponse, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listCalendar(ctx, request.query)),
  )
  http.get(
    '/api/v1/calendar/feed',
    { schema: { tags: calendarTags, summary: 'Whether my iCalendar feed is on (the URL itself is shown only when made)', response: { 200: CalendarFeed, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getCalendarFeed(ctx)),
  )
  http.post(
    '/api/v1/calendar/feed',
    { schema: { tags: calendarTags, summary: 'Create or rotate my iCalendar feed URL', response: { 200: CalendarFeed, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => rotateCalendarFeed(ctx, app.config.publicUrl)),
  )
  http.delete(
    '/api/v1/calendar/feed',
    { schema: { tags: calendarTags, summary: 'Turn my iCalendar feed off', response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => revokeCalendarFeed(ctx))
      return reply.status(204).send(null)
    },
  )
  http.get(
    `${FEED_PATH}/:file`,
    {
      config: { public: true },
      schema: {
        tags: calendarTags,
        summary: 'iCalendar feed (RFC 5545) at a secret URL, for calendar programs',
        params: FeedParams,
        response: { 200: z.string().describe('text/calendar'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const match = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(request.params.file)
      if (!match) throw notFound('Calendar feed')
      const body = await renderCalendarFeed(app.db, match[1]!, app.config.publicUrl)
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="daifuku.ics"')
        .send(body)
    },
  )
}
