/** HTTP for products and price lists: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { registerConfiguratorRoutes } from './configurator.routes.ts'
import { PriceList, PriceListInput, PriceListPatch, PriceQuery, Product, ProductInput, ProductListQuery, ProductPatch, ProductPrice } from './products.schema.ts'
import {
  createPriceList,
  createProduct,
  deletePriceList,
  deleteProduct,
  getPriceList,
  getProduct,
  getProductPrice,
  listPriceLists,
  listProducts,
  updatePriceList,
  updateProduct,
} from './products.service.ts'

export function registerProductRoutes(http: HttpServer, app: App): void {
  const tags = ['Products']
  registerConfiguratorRoutes(http, app)
  http.get(
    '/api/v1/products',
    { schema: { tags, summary: 'List products by code', querystring: ProductListQuery, response: { 200: listOf(Product), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listProducts(ctx, request.query)),
  )
  http.post(
    '/api/v1/products',
    { schema: { tags, summary: 'Create a product', body: ProductInput, response: { 201: Product, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createProduct(ctx, request.body))),
  )
  http.get(
    '/api/v1/products/:id',
    { schema: { tags, summary: 'Get a product', params: IdParams, response: { 200: Product, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getProduct(ctx, request.params.id)),
  )
  http.get(
    '/api/v1/products/:id/price',
    {
      schema: {
        tags,
        summary: 'The unit price of a product in a price list on a date (falls back to its own unit price)',
        params: IdParams,
        querystring: PriceQuery,
        response: { 200: ProductPrice, ...errorResponses },
      },
    },
    (request) => withServiceContext(app.db, request, (ctx) => getProductPrice(ctx, request.params.id, request.query)),
  )
  http.patch(
    '/api/v1/products/:id',
    { schema: { tags, summary: 'Update a product', params: IdParams, body: ProductPatch, response: { 200: Product, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateProduct(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/products/:id',
    { schema: { tags, summary: 'Delete a product (document lines keep their text and price)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteProduct(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  http.get(
    '/api/v1/price-lists',
    { schema: { tags, summary: 'List price lists with their prices', response: { 200: z.object({ data: z.array(PriceList) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listPriceLists(ctx)),
  )
  http.post(
    '/api/v1/price-lists',
    { schema: { tags, summary: 'Create a price list', body: PriceListInput, response: { 201: PriceList, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createPriceList(ctx, request.body))),
  )
  http.get(
    '/api/v1/price-lists/:id',
    { schema: { tags, summary: 'Get a price list', params: IdParams, response: { 200: PriceList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getPriceList(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/price-lists/:id',
    { schema: { tags, summary: 'Update a price list (prices: the whole list)', params: IdParams, body: PriceListPatch, response: { 200: PriceList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updatePriceList(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/price-lists/:id',
    { schema: { tags, summary: 'Delete a price list', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deletePriceList(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
