/** HTTP for the account hierarchy (parent / subsidiaries). */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { AccountHierarchy, AccountRef, getAccountHierarchy, listAccountChildren, SetParent, setAccountParent } from './accounts.hierarchy.ts'

const tags = ['Accounts']

export function registerAccountHierarchyRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/accounts/:id/children',
    { schema: { tags, summary: 'Subsidiaries (子会社) of an account', params: IdParams, response: { 200: z.object({ data: z.array(AccountRef) }), ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listAccountChildren(ctx, request.params.id)) }),
  )
  http.get(
    '/api/v1/accounts/:id/hierarchy',
    { schema: { tags, summary: 'Parent, ancestors and subsidiaries of an account', params: IdParams, response: { 200: AccountHierarchy, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getAccountHierarchy(ctx, request.params.id)),
  )
  http.put(
    '/api/v1/accounts/:id/parent',
    { schema: { tags, summary: 'Set or clear the parent company (loops are refused)', params: IdParams, body: SetParent, response: { 200: AccountHierarchy, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => setAccountParent(ctx, request.params.id, request.body)),
  )
}
