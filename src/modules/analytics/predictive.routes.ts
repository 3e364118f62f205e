/** HTTP for the predictive models: model and last run, refresh, churn score, cohorts, basket rules, next best actions. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { listNextBestActions } from './nba.service.ts'
import { latestRun, requestModelsRefresh } from './predictive.jobs.ts'
import { AnalyticsRun, BasketRulesQuery, BasketRulesView, ChurnScoreView, CohortsView, NextBestAction, PredictiveModels } from './predictive.schema.ts'
import { getChurnModel, getChurnScore, getCohorts, listBasketRules } from './predictive.service.ts'
import { AccountIdParams } from './rfm.schema.ts'
import { authorize } from '../../platform/access/policy.ts'

const tags = ['Analytics']

export function registerPredictiveRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/analytics/models',
    { schema: { tags, summary: 'The churn model (AUC and sizes for admins) and the latest refresh run with its progress', response: { 200: PredictiveModels, ...errorResponses } } },
    (request) =>
      withServiceContext(app.db, request, async (ctx) => {
        authorize(ctx, 'analytics', 'read')
        return { churn: await getChurnModel(ctx), lastRun: await latestRun(ctx.tx) }
      }),
  )
  http.post(
    '/api/v1/analytics/models/refresh',
    { schema: { tags, summary: 'Retrain churn and recompute cohorts and basket rules in the background; returns the run to follow', response: { 202: AnalyticsRun, ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => requestModelsRefresh(ctx))),
  )
  http.get(
    '/api/v1/analytics/churn/accounts/:accountId',
    { schema: { tags, summary: 'Churn risk of one account with its top reasons', params: AccountIdParams, response: { 200: ChurnScoreView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getChurnScore(ctx, request.params.accountId)),
  )
  http.get(
    '/api/v1/analytics/cohorts',
    { schema: { tags, summary: 'Retention by acquisition month: percent of each cohort still purchasing in month +n', response: { 200: CohortsView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getCohorts(ctx)),
  )
  http.get(
    '/api/v1/analytics/basket-rules',
    { schema: { tags, summary: 'Products bought together: support, confidence and lift, strongest first', querystring: BasketRulesQuery, response: { 200: BasketRulesView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listBasketRules(ctx, request.query.limit)),
  )
  http.get(
    '/api/v1/accounts/:id/next-best-actions',
    { schema: { tags, summary: 'A short ranked list of what to do next with this account, each with its reason', params: IdParams, response: { 200: z.object({ data: z.array(NextBestAction) }), ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listNextBestActions(ctx, request.params.id)) }),
  )
}
