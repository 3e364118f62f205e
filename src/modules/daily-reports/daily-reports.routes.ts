/** HTTP for 日報 (daily reports): parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Comment, CommentWrite, DailyReport, DayQuery, DayReportWrite, DayView, ReportListQuery } from './daily-reports.schema.ts'
import { addComment, getDay, listReports, saveMyDay } from './daily-reports.service.ts'

const tags = ['Daily reports']

export function registerDailyReportRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/daily-reports',
    { schema: { tags, summary: 'Daily reports, newest day first', querystring: ReportListQuery, response: { 200: listOf(DailyReport), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listReports(ctx, request.query)),
  )
  http.get(
    '/api/v1/daily-reports/day',
    { schema: { tags, summary: "A person's day: report, activities and deal moves, comments", querystring: DayQuery, response: { 200: DayView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDay(ctx, request.query)),
  )
  http.put(
    '/api/v1/daily-reports/day',
    { schema: { tags, summary: 'Write or hand in my report of a day', body: DayReportWrite, response: { 200: DailyReport, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => saveMyDay(ctx, request.body)),
  )
  http.post(
    '/api/v1/daily-reports/:id/comments',
    { schema: { tags, summary: 'Comment on a report (the author is notified)', params: IdParams, body: CommentWrite, response: { 201: Comment, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => addComment(ctx, request.params.id, request.body.body))),
  )
}
