/** HTTP for quotes, orders, invoices, payments and the issuer settings: parse, call the service, return. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import {
  BillingSettings,
  BillingSettingsPut,
  ConvertInput,
  DocumentInput,
  DocumentListQuery,
  DocumentPatch,
  PaymentInput,
  SalesDocument,
  SalesDocumentDetail,
  Totals,
  TotalsInput,
} from './billing.schema.ts'
import { convertDocument, createDocument, getDocument, listDocuments, previewTotals, updateDocument } from './documents.service.ts'
import { registerBillingPdfRoutes } from './pdf.routes.ts'
import { recordPayment } from './payments.service.ts'
import { getBillingSettings, putBillingSettings } from './settings.service.ts'

export function registerBillingRoutes(http: HttpServer, app: App): void {
  const tags = ['Sales documents']
  http.get(
    '/api/v1/sales-documents',
    { schema: { tags, summary: 'List quotes, orders and invoices (newest first)', querystring: DocumentListQuery, response: { 200: listOf(SalesDocument), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDocuments(ctx, request.query)),
  )
  http.post(
    '/api/v1/sales-documents',
    { schema: { tags, summary: 'Create a quote, order or invoice (numbered per kind and year)', body: DocumentInput, response: { 201: SalesDocumentDetail, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createDocument(ctx, request.body))),
  )
  http.post(
    '/api/v1/sales-documents/totals',
    { schema: { tags, summary: 'Per-rate totals of unsaved lines (live preview)', body: TotalsInput, response: { 200: Totals, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => previewTotals(ctx, request.body)),
  )
  http.get(
    '/api/v1/sales-documents/:id',
    { schema: { tags, summary: 'A document with its lines, per-rate totals, payments and conversions', params: IdParams, response: { 200: SalesDocumentDetail, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDocument(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/sales-documents/:id',
    { schema: { tags, summary: 'Update a document or change its status', params: IdParams, body: DocumentPatch, response: { 200: SalesDocumentDetail, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateDocument(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/sales-documents/:id/convert',
    { schema: { tags, summary: 'Quote → order or order → invoice, copying the lines', params: IdParams, body: ConvertInput, response: { 201: SalesDocumentDetail, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => convertDocument(ctx, request.params.id, request.body))),
  )
  http.post(
    '/api/v1/sales-documents/:id/payments',
    { schema: { tags, summary: 'Record a payment against an invoice', params: IdParams, body: PaymentInput, response: { 201: SalesDocumentDetail, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => recordPayment(ctx, request.params.id, request.body))),
  )

  http.get(
    '/api/v1/billing/settings',
    { schema: { tags, summary: 'Issuer settings and tax rounding mode', response: { 200: BillingSettings, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getBillingSettings(ctx)),
  )
  http.put(
    '/api/v1/billing/settings',
    { schema: { tags, summary: 'Set the issuer settings (admins)', body: BillingSettingsPut, response: { 200: BillingSettings, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => putBillingSettings(ctx, request.body)),
  )
  registerBillingPdfRoutes(http, app)
}
