/** HTTP for accounts: parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withReadServiceContext, withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { BulkRequest, BulkResult, ListQueryBody } from '../saved-views/index.ts'
import { bulkAccounts, queryAccounts } from './accounts.views.ts'
import { registerAccountHierarchyRoutes } from './accounts.hierarchy.routes.ts'
import { Account, AccountInput, AccountListQuery, AccountPatch } from './accounts.schema.ts'
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from './accounts.service.ts'

const tags = ['Accounts']

export function registerAccountRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/accounts',
    { schema: { tags, summary: 'List accounts', querystring: AccountListQuery, response: { 200: listOf(Account), ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => listAccounts(ctx, request.query)),
  )
  http.post(
    '/api/v1/accounts/query',
    { schema: { tags, summary: 'List accounts with a filter (AND/OR groups), sort and keyset cursor', body: ListQueryBody, response: { 200: listOf(Account), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => queryAccounts(ctx, request.body)),
  )
  http.post(
    '/api/v1/accounts/bulk',
    { schema: { tags, summary: 'Edit, assign, tag or delete many accounts in one transaction (at most 1000)', body: BulkRequest, response: { 200: BulkResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => bulkAccounts(ctx, request.body)),
  )
  http.post(
    '/api/v1/accounts',
    { schema: { tags, summary: 'Create an account', body: AccountInput, response: { 201: Account, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createAccount(ctx, request.body))),
  )
  http.get(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'Get an account', params: IdParams, response: { 200: Account, ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => getAccount(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'Update an account', params: IdParams, body: AccountPatch, response: { 200: Account, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateAccount(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'Delete an account', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteAccount(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  registerAccountHierarchyRoutes(http, app)
}
