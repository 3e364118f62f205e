/** HTTP for customer groups, the applicable price list, configurators and catalogue share links. */
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { createShareLink, listShareLinks, readPublicCatalog, revokeShareLink } from './catalog.service.ts'
import { Configurator, ConfiguratorPut, ConfigurationResult, ConfigureRequest } from './configurator.schema.ts'
import { configureProduct, getConfigurator, putConfigurator } from './configurator.service.ts'
import {
  createCustomerGroup,
  deleteCustomerGroup,
  getAccountCustomerGroup,
  getApplicablePriceList,
  listCustomerGroups,
  listGroupMembers,
  setAccountCustomerGroup,
  updateCustomerGroup,
} from './customer-groups.service.ts'
import {
  AccountCustomerGroup,
  AccountCustomerGroupPut,
  ApplicablePriceList,
  ApplicableQuery,
  CustomerGroup,
  CustomerGroupInput,
  CustomerGroupPatch,
  GroupMember,
  GroupMembersQuery,
  PublicCatalog,
  ShareLink,
  ShareLinkInput,
  TokenParams,
} from './pricing.schema.ts'

/** Per visitor IP and token: enough for people paging through a catalogue, not for scraping. */
const perIpAndToken = (request: FastifyRequest) => `catalog|${request.ip}|${(request.params as { token?: string }).token ?? ''}`
export const PUBLIC_CATALOG_RATE_LIMIT = { max: 60, timeWindow: '1 minute', keyGenerator: perIpAndToken }

export function registerConfiguratorRoutes(http: HttpServer, app: App): void {
  const tags = ['Products']
  http.get(
    '/api/v1/customer-groups',
    { schema: { tags, summary: 'Customer groups with their account counts', response: { 200: z.object({ data: z.array(CustomerGroup) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listCustomerGroups(ctx)),
  )
  http.post(
    '/api/v1/customer-groups',
    { schema: { tags, summary: 'Create a customer group', body: CustomerGroupInput, response: { 201: CustomerGroup, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createCustomerGroup(ctx, request.body))),
  )
  http.patch(
    '/api/v1/customer-groups/:id',
    { schema: { tags, summary: 'Rename or describe a customer group', params: IdParams, body: CustomerGroupPatch, response: { 200: CustomerGroup, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateCustomerGroup(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/customer-groups/:id',
    { schema: { tags, summary: 'Delete a customer group (refused while a price list is for it)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteCustomerGroup(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/customer-groups/:id/accounts',
    { schema: { tags, summary: 'Accounts in a customer group', params: IdParams, querystring: GroupMembersQuery, response: { 200: z.object({ data: z.array(GroupMember) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listGroupMembers(ctx, request.params.id, request.query.limit)),
  )
  http.get(
    '/api/v1/accounts/:id/customer-group',
    { schema: { tags, summary: "An account's customer group", params: IdParams, response: { 200: AccountCustomerGroup, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getAccountCustomerGroup(ctx, request.params.id)),
  )
  http.put(
    '/api/v1/accounts/:id/customer-group',
    { schema: { tags, summary: 'Put an account in a customer group (null: none)', params: IdParams, body: AccountCustomerGroupPut, response: { 200: AccountCustomerGroup, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => setAccountCustomerGroup(ctx, request.params.id, request.body)),
  )
  http.get(
    '/api/v1/price-lists/applicable',
    {
      schema: {
        tags,
        summary: "The price list for an account's customer group, a currency and a date (most specific list valid that day)",
        querystring: ApplicableQuery,
        response: { 200: ApplicablePriceList, ...errorResponses },
      },
    },
    (request) => withServiceContext(app.db, request, (ctx) => getApplicablePriceList(ctx, request.query)),
  )

  http.get(
    '/api/v1/products/:id/configurator',
    { schema: { tags, summary: "A product's option groups and rules", params: IdParams, response: { 200: Configurator, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getConfigurator(ctx, request.params.id)),
  )
  http.put(
    '/api/v1/products/:id/configurator',
    { schema: { tags, summary: "Replace a product's option groups and rules", params: IdParams, body: ConfiguratorPut, response: { 200: Configurator, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => putConfigurator(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/products/:id/configure',
    {
      schema: {
        tags,
        summary: 'Validate and price a selection of options (errors in Japanese and English)',
        params: IdParams,
        body: ConfigureRequest,
        response: { 200: ConfigurationResult, ...errorResponses },
      },
    },
    (request) => withServiceContext(app.db, request, (ctx) => configureProduct(ctx, request.params.id, request.body)),
  )

  http.get(
    '/api/v1/catalog-share-links',
    { schema: { tags, summary: 'Catalogue share links (admins)', response: { 200: z.object({ data: z.array(ShareLink) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listShareLinks(ctx)),
  )
  http.post(
    '/api/v1/catalog-share-links',
    { schema: { tags, summary: 'Share the catalogue (all or some products) through a link', body: ShareLinkInput, response: { 201: ShareLink, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createShareLink(ctx, request.body))),
  )
  http.post(
    '/api/v1/catalog-share-links/:id/revoke',
    { schema: { tags, summary: 'Revoke a share link (at once, for good)', params: IdParams, response: { 200: ShareLink, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => revokeShareLink(ctx, request.params.id)),
  )
  http.get(
    '/api/v1/public/catalog/:token',
    {
      config: { public: true, rateLimit: PUBLIC_CATALOG_RATE_LIMIT },
      schema: { tags, summary: 'The shared catalogue (no sign-in; 60 per minute per IP and link)', params: TokenParams, response: { 200: PublicCatalog, ...errorResponses } },
    },
    (request) => readPublicCatalog(app.db, request.params.token),
  )
}
