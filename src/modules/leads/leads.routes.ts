/** HTTP for leads: CRUD, bulk capture, matches and conversion. Parse, call the service, return. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { LeadConversion, LeadConvert, LeadMatches } from './lead-convert.schema.ts'
import { convertLead, findLeadMatches } from './lead-convert.service.ts'
import { registerLeadSettingsRoutes } from './lead-settings.routes.ts'
import { Lead, LeadImport, LeadImportResult, LeadInput, LeadListQuery, LeadPatch } from './leads.schema.ts'
import { createLead, deleteLead, getLead, importLeads, listLeads, updateLead } from './leads.service.ts'

const tags = ['Leads']

export function registerLeadRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/leads',
    { schema: { tags, summary: 'List leads', querystring: LeadListQuery, response: { 200: listOf(Lead), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listLeads(ctx, request.query)),
  )
  http.post(
    '/api/v1/leads',
    { schema: { tags, summary: 'Create a lead (assigned by the rules unless ownerId is given)', body: LeadInput, response: { 201: Lead, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createLead(ctx, request.body))),
  )
  http.post(
    '/api/v1/leads/bulk',
    { schema: { tags, summary: 'Create up to 500 leads at once (all or nothing)', body: LeadImport, response: { 201: LeadImportResult, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => importLeads(ctx, request.body))),
  )
  http.get(
    '/api/v1/leads/:id',
    { schema: { tags, summary: 'Get a lead', params: IdParams, response: { 200: Lead, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getLead(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/leads/:id',
    { schema: { tags, summary: 'Update a lead (qualify / disqualify with status); 409 once converted', params: IdParams, body: LeadPatch, response: { 200: Lead, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateLead(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/leads/:id',
    { schema: { tags, summary: 'Delete a lead (not a converted one)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteLead(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/leads/:id/matches',
    { schema: { tags, summary: 'Existing accounts and contacts like the lead (名寄せ)', params: IdParams, response: { 200: LeadMatches, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => findLeadMatches(ctx, request.params.id)),
  )
  http.post(
    '/api/v1/leads/:id/convert',
    { schema: { tags, summary: 'Convert into account + contact (+ deal) in one transaction, linking existing matches', params: IdParams, body: LeadConvert, response: { 200: LeadConversion, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => convertLead(ctx, request.params.id, request.body)),
  )
  registerLeadSettingsRoutes(http, app)
}
