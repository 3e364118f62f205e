/** HTTP for lead settings (web forms, scoring and assignment rules) and the public form endpoints. */
import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { listAssignmentRules, replaceAssignmentRules } from './lead-assignment.service.ts'
import { PublicKeyParams, PublicWebForm, WebForm, WebFormInput, WebFormList, WebFormPatch, WebFormSubmission, WebFormSubmitted } from './lead-forms.schema.ts'
import { createWebForm, deleteWebForm, getPublicWebForm, getWebForm, listWebForms, submitWebForm, updateWebForm } from './lead-forms.service.ts'
import { AssignmentRuleList, AssignmentRulesPut, ScoringRuleList, ScoringRulesPut } from './lead-rules.schema.ts'
import { listScoringRules, replaceScoringRules } from './lead-scoring.service.ts'

const tags = ['Leads']

/** Per visitor IP and per form: a bot hammering one form is stopped without touching the others. */
const perIpAndForm = (request: FastifyRequest) => `lead-form|${request.ip}|${(request.params as { key?: string }).key ?? ''}`
export const LEAD_FORM_SUBMIT_RATE_LIMIT = { max: 5, timeWindow: '1 minute', keyGenerator: perIpAndForm }
const LEAD_FORM_VIEW_RATE_LIMIT = { max: 60, timeWindow: '1 minute', keyGenerator: perIpAndForm }

export function registerLeadSettingsRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/lead-forms',
    { schema: { tags, summary: 'List web forms', response: { 200: WebFormList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listWebForms(ctx)),
  )
  http.post(
    '/api/v1/lead-forms',
    { schema: { tags, summary: 'Create a web form (admins)', body: WebFormInput, response: { 201: WebForm, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createWebForm(ctx, request.body))),
  )
  http.get(
    '/api/v1/lead-forms/:id',
    { schema: { tags, summary: 'Get a web form', params: IdParams, response: { 200: WebForm, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getWebForm(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/lead-forms/:id',
    { schema: { tags, summary: 'Update a web form (admins)', params: IdParams, body: WebFormPatch, response: { 200: WebForm, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateWebForm(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/lead-forms/:id',
    { schema: { tags, summary: 'Delete a web form (admins)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteWebForm(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/lead-scoring-rules',
    { schema: { tags, summary: 'Lead scoring rules', response: { 200: ScoringRuleList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listScoringRules(ctx)),
  )
  http.put(
    '/api/v1/lead-scoring-rules',
    { schema: { tags, summary: 'Replace the scoring rules and rescore open leads (admins)', body: ScoringRulesPut, response: { 200: ScoringRuleList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => replaceScoringRules(ctx, request.body)),
  )
  http.get(
    '/api/v1/lead-assignment-rules',
    { schema: { tags, summary: 'Lead assignment rules, in order', response: { 200: AssignmentRuleList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listAssignmentRules(ctx)),
  )
  http.put(
    '/api/v1/lead-assignment-rules',
    { schema: { tags, summary: 'Replace the ordered assignment rules (admins)', body: AssignmentRulesPut, response: { 200: AssignmentRuleList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => replaceAssignmentRules(ctx, request.body)),
  )

  http.get(
    '/api/v1/public/lead-forms/:key',
    {
      config: { public: true, rateLimit: LEAD_FORM_VIEW_RATE_LIMIT },
      schema: { tags, summary: 'A web form as the public page shows it (no sign-in)', params: PublicKeyParams, response: { 200: PublicWebForm, ...errorResponses } },
    },
    (request) => getPublicWebForm(app.db, request.params.key),
  )
  http.post(
    '/api/v1/public/lead-forms/:key/submissions',
    {
      config: { public: true, rateLimit: LEAD_FORM_SUBMIT_RATE_LIMIT },
      schema: { tags, summary: 'Submit a web form (no sign-in; 5 per minute per IP and form)', params: PublicKeyParams, body: WebFormSubmission, response: { 202: WebFormSubmitted, ...errorResponses } },
    },
    async (request, reply) => {
      const result = await submitWebForm(app.db, request.params.key, request.body, { requestId: request.id, ip: request.ip })
      return reply.status(202).send({ message: result.message })
    },
  )
}
