/** HTTP for dashboards and their widgets. Parse, call the service, return. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Dashboard, DashboardCreate, DashboardData, DashboardDataQuery, DashboardPatch, Widget, WidgetCreate, WidgetParams } from './dashboards.schema.ts'
import { addWidget, createDashboard, deleteDashboard, getDashboard, getDashboardData, listDashboards, removeWidget, updateDashboard } from './dashboards.service.ts'

const tags = ['Dashboards']

export function registerDashboardRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/dashboards',
    { schema: { tags, summary: 'Dashboards you may see (yours and shared ones; the defaults are made on the first call)', response: { 200: z.object({ data: z.array(Dashboard) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDashboards(ctx)),
  )
  http.post(
    '/api/v1/dashboards',
    { schema: { tags, summary: 'Create a dashboard', body: DashboardCreate, response: { 201: Dashboard, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createDashboard(ctx, request.body))),
  )
  http.get(
    '/api/v1/dashboards/:id',
    { schema: { tags, summary: 'Get a dashboard and its widgets', params: IdParams, response: { 200: Dashboard, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDashboard(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/dashboards/:id',
    { schema: { tags, summary: 'Rename or share a dashboard', params: IdParams, body: DashboardPatch, response: { 200: Dashboard, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateDashboard(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/dashboards/:id',
    { schema: { tags, summary: 'Delete a dashboard', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteDashboard(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/dashboards/:id/data',
    { schema: { tags, summary: 'Every widget’s data in one request, with the period and team filters', params: IdParams, querystring: DashboardDataQuery, response: { 200: DashboardData, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDashboardData(ctx, request.params.id, request.query)),
  )
  http.post(
    '/api/v1/dashboards/:id/widgets',
    { schema: { tags, summary: 'Put a saved report on the dashboard', params: IdParams, body: WidgetCreate, response: { 201: Widget, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => addWidget(ctx, request.params.id, request.body))),
  )
  http.delete(
    '/api/v1/dashboards/:id/widgets/:widgetId',
    { schema: { tags, summary: 'Take a widget off the dashboard', params: WidgetParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => removeWidget(ctx, request.params.id, request.params.widgetId))
      return reply.status(204).send(null)
    },
  )
}
