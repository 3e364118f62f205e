/** HTTP for commission plans and statements: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { UTF8_BOM } from '../imports/csv.ts'
import {
  CommissionAssignment,
  CommissionAssignmentInput,
  CommissionPlan,
  CommissionPlanInput,
  CommissionPlanList,
  CommissionPlanPatch,
  CsvQuery,
  Statement,
  StatementList,
  StatementListQuery,
} from './incentives.schema.ts'
import {
  assignCommissionPlan,
  createCommissionPlan,
  deleteCommissionPlan,
  getCommissionPlan,
  getStatement,
  listCommissionPlans,
  listStatements,
  removeCommissionAssignment,
  statementCsv,
  updateCommissionPlan,
} from './incentives.service.ts'

const tags = ['Incentives']

export function registerIncentiveRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/commission-plans',
    { schema: { tags, summary: 'List commission plans with their assignments (admins)', response: { 200: CommissionPlanList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listCommissionPlans(ctx)),
  )
  http.post(
    '/api/v1/commission-plans',
    { schema: { tags, summary: 'Create a commission plan', body: CommissionPlanInput, response: { 201: CommissionPlan, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createCommissionPlan(ctx, request.body))),
  )
  http.get(
    '/api/v1/commission-plans/:id',
    { schema: { tags, summary: 'Get a commission plan', params: IdParams, response: { 200: CommissionPlan, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getCommissionPlan(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/commission-plans/:id',
    { schema: { tags, summary: 'Update a commission plan', params: IdParams, body: CommissionPlanPatch, response: { 200: CommissionPlan, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateCommissionPlan(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/commission-plans/:id',
    { schema: { tags, summary: 'Delete a commission plan and its assignments', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteCommissionPlan(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.post(
    '/api/v1/commission-plans/:id/assignments',
    { schema: { tags, summary: 'Put a rep on the plan for a period', params: IdParams, body: CommissionAssignmentInput, response: { 201: CommissionAssignment, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => assignCommissionPlan(ctx, request.params.id, request.body))),
  )
  http.delete(
    '/api/v1/commission-assignments/:id',
    { schema: { tags, summary: 'Take a rep off a plan for a period', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => removeCommissionAssignment(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/commission-statements',
    { schema: { tags, summary: 'Commission statements you may read (yours; your team’s as a manager; all as an admin)', querystring: StatementListQuery, response: { 200: StatementList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listStatements(ctx, request.query)),
  )
  http.get(
    '/api/v1/commission-statements/:id',
    { schema: { tags, summary: 'A statement with its lines (source deal or invoice, base, rate, commission)', params: IdParams, response: { 200: Statement, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getStatement(ctx, request.params.id)),
  )
  http.get(
    '/api/v1/commission-statements/:id/csv',
    { schema: { tags, summary: 'A statement as CSV (UTF-8 with BOM)', params: IdParams, querystring: CsvQuery, response: { 200: z.string(), ...errorResponses } } },
    async (request, reply) => {
      const { fileName, csv } = await withServiceContext(app.db, request, (ctx) => statementCsv(ctx, request.params.id, request.query.lang))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.concat([UTF8_BOM, Buffer.from(csv, 'utf8')]) as never) // raw bytes: not serialised
    },
  )
}
