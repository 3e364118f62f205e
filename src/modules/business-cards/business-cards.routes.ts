/** HTTP for 名刺 (business card) entry: parse, call the service, return. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { BusinessCard, BusinessCardResult } from './business-cards.schema.ts'
import { saveBusinessCard } from './business-cards.service.ts'

export function registerBusinessCardRoutes(http: HttpServer, app: App): void {
  http.post(
    '/api/v1/business-cards',
    {
      schema: {
        tags: ['Contacts'],
        summary: 'Save a business card: create or update the person, link the existing or a new company, in one transaction',
        body: BusinessCard,
        response: { 201: BusinessCardResult, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => saveBusinessCard(ctx, request.body))),
  )
}
