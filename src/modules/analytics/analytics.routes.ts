/** HTTP for analytics: RFM summary, customer scores (with CLV), the CLV model, settings and refresh. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { AccountIdParams, ClvModel, CustomerScore, CustomerScoreQuery, RfmSettings, RfmSettingsPatch, RfmSummary } from './rfm.schema.ts'
import { getClvModel } from './clv.service.ts'
import { registerPredictiveRoutes } from './predictive.routes.ts'
import { getCustomerScore, getRfmSettings, getRfmSummary, listCustomerScores, requestRfmRefresh, updateRfmSettings } from './rfm.service.ts'

const tags = ['Analytics']

export function registerAnalyticsRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/analytics/rfm/summary',
    { schema: { tags, summary: 'Customers and spend per RFM segment, and the recency × frequency grid', response: { 200: RfmSummary, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getRfmSummary(ctx)),
  )
  http.get(
    '/api/v1/analytics/rfm/customers',
    { schema: { tags, summary: 'Customer scores, biggest spenders first', querystring: CustomerScoreQuery, response: { 200: listOf(CustomerScore), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listCustomerScores(ctx, request.query)),
  )
  http.get(
    '/api/v1/analytics/rfm/customers/:accountId',
    { schema: { tags, summary: 'The RFM score and segment of one account', params: AccountIdParams, response: { 200: CustomerScore, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getCustomerScore(ctx, request.params.accountId)),
  )
  http.get(
    '/api/v1/analytics/rfm/settings',
    { schema: { tags, summary: 'Segment thresholds', response: { 200: RfmSettings, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getRfmSettings(ctx)),
  )
  http.patch(
    '/api/v1/analytics/rfm/settings',
    { schema: { tags, summary: 'Change segment thresholds (admins); scores are recomputed in the background', body: RfmSettingsPatch, response: { 200: RfmSettings, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateRfmSettings(ctx, request.body)),
  )
  http.post(
    '/api/v1/analytics/rfm/refresh',
    { schema: { tags, summary: 'Recompute the scores in the background now', response: { 202: z.object({ jobId: z.string().nullable() }), ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => requestRfmRefresh(ctx))),
  )
  http.get(
    '/api/v1/analytics/clv/model',
    { schema: { tags, summary: 'The fitted CLV model (BG/NBD + Gamma-Gamma); model is null before the first fit', response: { 200: z.object({ model: ClvModel.nullable() }), ...errorResponses } } },
    async (request) => ({ model: await withServiceContext(app.db, request, (ctx) => getClvModel(ctx)) }),
  )
  registerPredictiveRoutes(http, app)
}
