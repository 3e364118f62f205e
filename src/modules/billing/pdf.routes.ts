/** HTTP for sales-document PDFs and the logo/seal images printed on them: parse, call the service, send bytes. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { ErrorResponse, errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { BILLING_IMAGE_KINDS, BILLING_IMAGE_MAX_BYTES, BILLING_IMAGE_TYPES, deleteBillingImage, getBillingImage, listBillingImages, putBillingImage } from './images.service.ts'
import { pdfContentDisposition, renderSalesDocumentPdf } from './pdf.service.ts'

const PdfQuery = z.strictObject({
  lang: z.enum(['ja', 'en']).default('ja').describe('Language of the printed document'),
  download: z.enum(['0', '1', 'true', 'false']).optional().describe('1: Content-Disposition attachment (save); default inline (preview)'),
})
const ImageParams = z.strictObject({ kind: z.enum(BILLING_IMAGE_KINDS) })
const BillingImage = z.object({ kind: z.enum(BILLING_IMAGE_KINDS), contentType: z.string(), size: z.number(), updatedAt: z.string() }).meta({ id: 'BillingImage' })

export function registerBillingPdfRoutes(http: HttpServer, app: App): void {
  const tags = ['Sales documents']
  http.get(
    '/api/v1/sales-documents/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The document as a PDF (Japanese or English), with the issuer’s logo and seal',
        params: IdParams,
        querystring: PdfQuery,
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await withServiceContext(app.db, request, (ctx) => renderSalesDocumentPdf(ctx, request.params.id, request.query.lang))
      const download = request.query.download === '1' || request.query.download === 'true'
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', String(pdf.bytes.length))
        .header('content-disposition', pdfContentDisposition(pdf.fileName, download))
        .send(pdf.bytes)
    },
  )

  http.get(
    '/api/v1/billing/settings/images',
    { schema: { tags, summary: 'Which of the logo and seal are uploaded', response: { 200: z.object({ data: z.array(BillingImage) }), ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listBillingImages(ctx)) }),
  )
  http.get(
    '/api/v1/billing/settings/images/:kind',
    { schema: { tags, summary: 'The uploaded logo or seal image', params: ImageParams, response: { 200: z.any().describe('image/png or image/jpeg'), ...errorResponses } } },
    async (request, reply) => {
      const image = await withServiceContext(app.db, request, (ctx) => getBillingImage(ctx, request.params.kind))
      return reply.header('content-type', image.contentType).header('cache-control', 'private, no-cache').send(image.content)
    },
  )
  http.delete(
    '/api/v1/billing/settings/images/:kind',
    { schema: { tags, summary: 'Remove the logo or seal (admins)', params: ImageParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteBillingImage(ctx, request.params.kind))
      return reply.status(204).send(null)
    },
  )
  // The upload is the raw image as the body, so it gets its own scope with a buffer parser.
  http.register(async (scope) => {
    scope.addContentTypeParser([...BILLING_IMAGE_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: BILLING_IMAGE_MAX_BYTES }, (_request, body, done) => done(null, body))
    const raw = scope as unknown as HttpServer
    raw.put(
      '/api/v1/billing/settings/images/:kind',
      {
        schema: {
          tags,
          summary: 'Upload the logo or seal (admins; raw PNG or JPEG body)',
          description: `At most ${BILLING_IMAGE_MAX_BYTES} bytes (413 beyond). The type is read from the bytes.`,
          params: ImageParams,
          response: { 200: BillingImage, ...errorResponses, 413: ErrorResponse },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
        return withServiceContext(app.db, request, (ctx) => putBillingImage(ctx, request.params.kind, body))
      },
    )
  })
}
