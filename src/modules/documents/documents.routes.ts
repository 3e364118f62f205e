/** HTTP for documents: parse, call the service, stream bytes to and from the FileStore. No rules here. */
import path from 'node:path'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { invalid } from '../../platform/errors.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { ErrorResponse, errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Document, DocumentCreate, DocumentListQuery, DocumentPatch, DownloadQuery } from './documents.schema.ts'
import { createDocument, deleteDocument, findDownload, getDocument, listDocuments, prepareUpload, recordUpload, updateDocument } from './documents.service.ts'
import { contentDisposition, decodeFileName, storeUpload, tooLarge } from './documents.upload.ts'
import { type FileStore, LocalFileStore } from './file-store.ts'

export const FILE_NAME_HEADER = 'x-file-name'

export function registerDocumentRoutes(http: HttpServer, app: App, store: FileStore = new LocalFileStore(app.config.filesDir ?? path.join(app.config.dataDir, 'files'))): void {
  const tags = ['Documents']
  http.get(
    '/api/v1/documents',
    { schema: { tags, summary: 'Documents attached to a record, newest first, with their versions', querystring: DocumentListQuery, response: { 200: listOf(Document), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDocuments(ctx, request.query)),
  )
  http.post(
    '/api/v1/documents',
    { schema: { tags, summary: 'Attach a document (its file follows with PUT …/content)', body: DocumentCreate, response: { 201: Document, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createDocument(ctx, request.body))),
  )
  http.get(
    '/api/v1/documents/:id',
    { schema: { tags, summary: 'Get a document with its versions', params: IdParams, response: { 200: Document, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDocument(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/documents/:id',
    { schema: { tags, summary: 'Rename, describe or recategorise a document', params: IdParams, body: DocumentPatch, response: { 200: Document, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateDocument(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/documents/:id',
    { schema: { tags, summary: 'Delete a document and every version of its file', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const { storageKeys } = await withServiceContext(app.db, request, (ctx) => deleteDocument(ctx, request.params.id))
      // After the commit: a failed delete leaves an orphan file, never a row without its file.
      for (const key of storageKeys) await store.delete(key).catch((error: unknown) => request.log.warn({ err: error, key }, 'could not delete a document file'))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/documents/:id/content',
    {
      schema: {
        tags,
        summary: 'Download the current (or a given) version of the file',
        params: IdParams,
        querystring: DownloadQuery,
        response: { 200: z.any().describe('The file bytes'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await withServiceContext(app.db, request, (ctx) => findDownload(ctx, request.params.id, request.query.version))
      const stream = await store.get(file.storageKey)
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.fileName))
        .send(stream)
    },
  )

  // The upload takes the raw body as a stream, so it lives in its own scope with a pass-through parser.
  http.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
    const raw = scope as unknown as HttpServer
    raw.put(
      '/api/v1/documents/:id/content',
      {
        schema: {
          tags,
          summary: 'Upload a new version of the file (raw body; Content-Type and X-File-Name, percent-encoded UTF-8)',
          description: `Allowed: pdf, Office (doc/docx/xls/xlsx/ppt/pptx), images (png/jpg/gif/webp), csv, txt. At most ${app.config.fileMaxBytes} bytes (413 beyond).`,
          params: IdParams,
          response: { 201: Document, ...errorResponses, 413: ErrorResponse },
        },
      },
      async (request, reply) => {
        const declared = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
        const fileName = decodeFileName(request.headers[FILE_NAME_HEADER])
        const length = Number(request.headers['content-length'] ?? Number.NaN)
        if (Number.isFinite(length) && length > app.config.fileMaxBytes) throw tooLarge(app.config.fileMaxBytes)
        if (!fileName) throw invalid('Name the file in the X-File-Name header (percent-encoded UTF-8).', [{ path: 'X-File-Name', message: 'Required.' }])
        if (!declared) throw invalid('Send the file’s Content-Type.', [{ path: 'Content-Type', message: 'Required.' }])
        const body = request.body as Readable | undefined
        if (!body || typeof (body as Readable).pipe !== 'function') throw invalid('The file is empty.', [{ path: 'body', message: 'Send the file as the request body.' }])
        const target = await withServiceContext(app.db, request, (ctx) => prepareUpload(ctx, request.params.id))
        const stored = await storeUpload(store, target.storageKey, { body, fileName, declaredType: declared, maxBytes: app.config.fileMaxBytes })
        try {
          const document = await withServiceContext(app.db, request, (ctx) =>
            recordUpload(ctx, request.params.id, { ...target, ...stored, fileName }),
          )
          return reply.status(201).send(document)
        } catch (error) {
          await store.delete(target.storageKey)
          throw error
        }
      },
    )
  })
}
