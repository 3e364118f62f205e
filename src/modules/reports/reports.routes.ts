/** HTTP for reports: catalogue, run, drill-down, CSV and saved reports. Parse, call the service, return. */
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import {
  DrillRequest,
  DrillResult,
  ReportCatalogue,
  ReportCatalogueQuery,
  ReportDefinition,
  REPORT_FORMATS,
  ReportExport,
  ReportResult,
  SavedReport,
  SavedReportCreate,
  SavedReportPatch,
} from './reports.schema.ts'
import { registerReportScheduleRoutes } from './reports.schedules.routes.ts'
import {
  createSavedReport,
  deleteSavedReport,
  drillDownReport,
  exportReport,
  exportSavedReport,
  getReportCatalogue,
  listSavedReports,
  loadSavedReport,
  runReport,
  runSavedReport,
  updateSavedReport,
  type ReportFile,
} from './reports.service.ts'

const tags = ['Reports']
const ExportQuery = z.strictObject({ lang: z.enum(['ja', 'en']).default('ja'), format: z.enum(REPORT_FORMATS).default('csv') })

/** Raw bytes (not serialised) with the file's type and an attachment name. */
function sendFile(reply: FastifyReply, file: ReportFile) {
  return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body as never)
}

export function registerReportRoutes(http: HttpServer, app: App): void {
  registerReportScheduleRoutes(http, app)
  http.get(
    '/api/v1/reports/catalogue',
    { schema: { tags, summary: 'Objects and fields you may report on (fields hidden from your role are left out)', querystring: ReportCatalogueQuery, response: { 200: ReportCatalogue, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, async (ctx) => getReportCatalogue(ctx, request.query.object)),
  )
  http.post(
    '/api/v1/reports/run',
    { schema: { tags, summary: 'Run a report definition: groups, pivot, subtotals and the grand total', body: ReportDefinition, response: { 200: ReportResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => runReport(ctx, request.body)),
  )
  http.post(
    '/api/v1/reports/drill',
    { schema: { tags, summary: 'The rows behind one total of a report, newest first (keyset paged)', body: DrillRequest, response: { 200: DrillResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => drillDownReport(ctx, request.body)),
  )
  http.post(
    '/api/v1/reports/export',
    { schema: { tags, summary: 'A report result as CSV (UTF-8 with BOM, for Excel) or PDF (A4 landscape)', body: ReportExport, response: { ...errorResponses } } },
    async (request, reply) => {
      const { definition, locale, format, title } = request.body
      return sendFile(reply, await withServiceContext(app.db, request, (ctx) => exportReport(ctx, definition, { locale, format, title })))
    },
  )
  http.get(
    '/api/v1/reports',
    { schema: { tags, summary: 'Saved reports you may run (yours and shared ones)', response: { 200: z.object({ data: z.array(SavedReport) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listSavedReports(ctx)),
  )
  http.post(
    '/api/v1/reports',
    { schema: { tags, summary: 'Save a report', body: SavedReportCreate, response: { 201: SavedReport, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createSavedReport(ctx, request.body))),
  )
  http.get(
    '/api/v1/reports/:id',
    { schema: { tags, summary: 'Get a saved report', params: IdParams, response: { 200: SavedReport, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => loadSavedReport(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/reports/:id',
    { schema: { tags, summary: 'Change a saved report', params: IdParams, body: SavedReportPatch, response: { 200: SavedReport, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateSavedReport(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/reports/:id',
    { schema: { tags, summary: 'Delete a saved report (and its dashboard widgets)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteSavedReport(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/reports/:id/result',
    { schema: { tags, summary: 'Run a saved report', params: IdParams, response: { 200: ReportResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => runSavedReport(ctx, request.params.id)),
  )
  http.get(
    '/api/v1/reports/:id/export',
    { schema: { tags, summary: 'A saved report as CSV (UTF-8 with BOM) or PDF, titled with its name', params: IdParams, querystring: ExportQuery, response: { ...errorResponses } } },
    async (request, reply) => {
      const { lang, format } = request.query
      return sendFile(reply, await withServiceContext(app.db, request, (ctx) => exportSavedReport(ctx, request.params.id, { locale: lang, format })))
    },
  )
}
