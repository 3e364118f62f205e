/** HTTP for scheduled report delivery: list and add a report's schedules, change, delete, send now. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { bindMailer } from '../../platform/mail/binding.ts'
import { ReportSchedule, ReportScheduleCreate, ReportSchedulePatch, ReportScheduleSent } from './reports.schedules.schema.ts'
import { createReportSchedule, deleteReportSchedule, listReportSchedules, sendReportScheduleNow, updateReportSchedule } from './reports.schedules.service.ts'

const tags = ['Reports']

export function registerReportScheduleRoutes(http: HttpServer, app: App): void {
  bindMailer(app.db, { mailer: app.mailer, publicUrl: app.config.publicUrl })
  http.get(
    '/api/v1/reports/:id/schedules',
    { schema: { tags, summary: 'Delivery schedules of a saved report', params: IdParams, response: { 200: z.object({ data: z.array(ReportSchedule) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listReportSchedules(ctx, request.params.id)),
  )
  http.post(
    '/api/v1/reports/:id/schedules',
    {
      schema: {
        tags,
        summary: 'Email a saved report on a schedule; each recipient gets it run as themselves (only rows and fields they may see)',
        params: IdParams,
        body: ReportScheduleCreate,
        response: { 201: ReportSchedule, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createReportSchedule(ctx, request.params.id, request.body))),
  )
  http.patch(
    '/api/v1/report-schedules/:id',
    { schema: { tags, summary: 'Change, pause (active: false) or resume a delivery schedule', params: IdParams, body: ReportSchedulePatch, response: { 200: ReportSchedule, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateReportSchedule(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/report-schedules/:id',
    { schema: { tags, summary: 'Delete a delivery schedule', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteReportSchedule(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.post(
    '/api/v1/report-schedules/:id/send-now',
    { schema: { tags, summary: 'Queue a delivery to every recipient now (the schedule’s times are unchanged)', params: IdParams, response: { 202: ReportScheduleSent, ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => sendReportScheduleNow(ctx, request.params.id))),
  )
}
