/** HTTP for imports and exports: parse, call the service, return. No rules here. */
import { Readable } from 'node:stream'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { authorize } from '../../platform/access/policy.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { AccountListQuery } from '../accounts/accounts.schema.ts'
import { registerContactExportRoutes } from './contacts.export.ts'
import { UTF8_BOM } from './csv.ts'
import { exportAccountsCsv, type RunInContext } from './exports.service.ts'
import { DryRunResult, ExportFormat, Import, ImportFileQuery, ImportLimits, ImportListQuery, ImportSettings, ImportUpload, MAX_IMPORT_BYTES, MAX_RAW_IMPORT_BYTES } from './imports.schema.ts'
import { createImport, createImportFromBytes, dryRunImport, getImport, importReportCsv, listImports, startImport, updateImportSettings } from './imports.service.ts'

const tags = ['Imports and exports']
const RAW_TYPES = ['text/csv', 'text/tab-separated-values', 'text/vcard', 'text/x-vcard', 'application/octet-stream']
const Lang = z.enum(['ja', 'en']).default('ja')

const AccountExportQuery = AccountListQuery.omit({ limit: true, cursor: true })
  .extend({ ...ExportFormat.shape, format: z.enum(['csv']).default('csv'), lang: Lang })

const stamp = () => new Date().toISOString().slice(0, 10).replace(/-/g, '')

export function registerImportRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/imports',
    { schema: { tags, summary: 'List imports', querystring: ImportListQuery, response: { 200: listOf(Import), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listImports(ctx, request.query)),
  )
  http.post(
    '/api/v1/imports',
    {
      // Base64 of a 15 MB file, plus the JSON around it.
      bodyLimit: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024,
      schema: { tags, summary: 'Upload a CSV or vCard file: detects encoding, delimiter and header, previews, and pre-maps the columns', body: ImportUpload, response: { 201: Import, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createImport(ctx, request.body))),
  )
  const maxFileBytes = MAX_RAW_IMPORT_BYTES[app.database.kind]
  http.get(
    '/api/v1/imports/limits',
    { schema: { tags, summary: 'The largest files this server accepts for import', response: { 200: ImportLimits, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, async () => ({ maxFileBytes, maxJsonFileBytes: MAX_IMPORT_BYTES })),
  )
  // The file as the raw body (curl --data-binary @file.csv): no base64, larger files. Its own scope, so the
  // byte parsers for these content types apply to this route only.
  http.register(async (scope: HttpServer) => {
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_request, body, done) => done(null, body))
    scope.post(
      '/api/v1/imports/file',
      {
        bodyLimit: maxFileBytes,
        schema: {
          tags,
          summary: `Upload a file as the raw request body (Content-Type ${RAW_TYPES.join(', ')}; at most 50 MB on the embedded database, 256 MB on PostgreSQL: GET /api/v1/imports/limits); same answer as POST /api/v1/imports`,
          querystring: ImportFileQuery,
          response: { 201: Import, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
        return reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createImportFromBytes(ctx, request.query, body)))
      },
    )
  })
  http.get(
    '/api/v1/imports/:id',
    { schema: { tags, summary: 'Get an import (status and progress; poll while it runs)', params: IdParams, response: { 200: Import, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getImport(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/imports/:id',
    { schema: { tags, summary: 'Set the column mapping and duplicate policy', params: IdParams, body: ImportSettings, response: { 200: Import, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateImportSettings(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/imports/:id/dry-run',
    { schema: { tags, summary: 'Check every row without writing anything', params: IdParams, response: { 200: DryRunResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => dryRunImport(ctx, request.params.id)),
  )
  http.post(
    '/api/v1/imports/:id/run',
    { schema: { tags, summary: 'Start the import as a background job', params: IdParams, response: { 202: Import, ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => startImport(ctx, request.params.id))),
  )
  http.get(
    '/api/v1/imports/:id/report.csv',
    {
      schema: {
        tags,
        summary: 'Error report (CSV, UTF-8 with BOM): every row not written, with row, column and reason',
        params: IdParams,
        querystring: z.strictObject({ lang: Lang }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const csv = await withServiceContext(app.db, request, (ctx) => importReportCsv(ctx, request.params.id, request.query.lang))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-report-${request.params.id}.csv"`)
        .send(Buffer.concat([UTF8_BOM, Buffer.from(csv, 'utf8')]) as never) // raw bytes: not serialised
    },
  )
  http.get(
    '/api/v1/exports/accounts',
    { schema: { tags, summary: 'Export accounts as CSV (same filters as the list), streamed', querystring: AccountExportQuery, response: { ...errorResponses } } },
    async (request, reply) => {
      const run: RunInContext = (work) => withServiceContext(app.db, request, work)
      // Checked before the first byte, so a refusal is a normal JSON error.
      await run(async (ctx) => authorize(ctx, 'accounts', 'read'))
      const { format: _format, encoding, lang, ...filters } = request.query
      const charset = encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'
      return reply
        .header('content-type', `text/csv; charset=${charset}`)
        .header('content-disposition', `attachment; filename="accounts-${stamp()}.csv"`)
        .send(Readable.from(exportAccountsCsv(run, filters, { encoding, lang })) as never) // a stream: not serialised
    },
  )
  registerContactExportRoutes(http, app, tags)
}
