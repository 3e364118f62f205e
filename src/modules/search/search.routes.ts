/** HTTP for global search: parse, call the service, return. */
import type { App } from '../../app.ts'
import { withReadServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { SearchQuery, SearchResults } from './search.schema.ts'
import { search } from './search.service.ts'

export function registerSearchRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['Search'],
        summary: 'Search accounts and contacts by name, kana, company, phone or email (Japanese-aware, ranked)',
        querystring: SearchQuery,
        response: { 200: SearchResults, ...errorResponses },
      },
    },
    (request) => withReadServiceContext(app.db, request, (ctx) => search(ctx, request.query)),
  )
}
