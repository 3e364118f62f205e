/**
 * Documents (資料): files attached to a record. Who may see a document is decided by the record
 * it is attached to (through the owning module's own read service) plus the role's 'documents' rights.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { DocumentRecordType } from '../../platform/db/schema.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { AppError, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { getAccount } from '../accounts/index.ts'
import { getActivity } from '../activities/index.ts'
import { getDocument as getSalesDocument } from '../billing/index.ts'
import { getContact } from '../contacts/index.ts'
import { getContract } from '../contracts/index.ts'
import { getDeal } from '../deals/index.ts'
import type { Document, DocumentCreate, DocumentListQuery, DocumentPatch, DocumentVersion } from './documents.schema.ts'

const OBJECT = 'documents'

/** Each record type's own read service: it applies that module's rights and own/team visibility. */
const PARENT_READERS: Record<DocumentRecordType, (ctx: ServiceContext, id: string) => Promise<unknown>> = {
  account: getAccount,
  contact: getContact,
  deal: getDeal,
  sales_document: getSalesDocument,
  activity: getActivity,
  contract: getContract,
}

/** Throws not_found when the caller cannot see the record (forbidden when their role may not read its kind). */
async function assertParentReadable(ctx: ServiceContext, recordType: DocumentRecordType, recordId: string): Promise<void> {
  await PARENT_READERS[recordType](ctx, recordId)
}

type DocumentRow = Awaited<ReturnType<typeof findDocumentRow>> & {}

function findDocumentRow(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}) {
  let query = ctx.tx.selectFrom('documents').selectAll().where('id', '=', id)
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

function versionRows(ctx: ServiceContext, documentIds: string[]) {
  if (documentIds.length === 0) return Promise.resolve([])
  return ctx.tx
    .selectFrom('documentVersions as v')
    .leftJoin('users as u', 'u.id', 'v.uploadedBy')
    .select(['v.id', 'v.documentId', 'v.version', 'v.fileName', 'v.sizeBytes', 'v.contentType', 'v.sha256', 'v.storageKey', 'v.uploadedBy', 'v.uploadedAt', 'u.name as uploadedByName'])
    .where('v.documentId', 'in', documentIds)
    .orderBy('v.version', 'desc')
    .execute()
}
type VersionRow = Awaited<ReturnType<typeof versionRows>>[number]

function presentVersion(row: VersionRow): DocumentVersion {
  return {
    id: row.id,
    version: row.version,
    fileName: row.fileName,
    size: Number(row.sizeBytes),
    contentType: row.contentType,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedByName: row.uploadedByName,
    uploadedAt: row.uploadedAt.toISOString(),
  }
}

async function present(ctx: ServiceContext, rows: DocumentRow[]): Promise<Document[]> {
  const versions = (await versionRows(ctx, rows.map((r) => r.id))).map((v) => ({ documentId: v.documentId, presented: presentVersion(v) }))
  return rows.map((row) => {
    const own = versions.filter((v) => v.documentId === row.id).map((v) => v.presented)
    return {
      id: row.id,
      recordType: row.recordType,
      recordId: row.recordId,
      name: row.name,
      description: row.description,
      category: row.category,
      ownerId: row.ownerId,
      teamId: row.teamId,
      currentVersion: own.find((v) => v.id === row.currentVersionId) ?? null,
      versions: own,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }
  })
}

const auditable = (row: DocumentRow) => ({
  recordType: row.recordType,
  recordId: row.recordId,
  name: row.name,
  description: row.description,
  category: row.category,
  currentVersionId: row.currentVersionId,
})

/** A document the caller may read: it exists in the tenant and its record is visible to them. */
async function readableDocument(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<DocumentRow> {
  const row = await findDocumentRow(ctx, id, options)
  if (!row) throw notFound('Document')
  try {
    await assertParentReadable(ctx, row.recordType, row.recordId)
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('Document')
    throw error
  }
  return row
}

export async function listDocuments(ctx: ServiceContext, query: DocumentListQuery): Promise<Page<Document>> {
  authorize(ctx, OBJECT, 'read')
  await assertParentReadable(ctx, query.recordType, query.recordId)
  const after = decodeCursor(query.cursor, 1)
  let select = ctx.tx
    .selectFrom('documents')
    .selectAll()
    .where('recordType', '=', query.recordType)
    .where('recordId', '=', query.recordId)
  if (after) select = select.where('id', '<', String(after[0]))
  const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: await present(ctx, page.data), nextCursor: page.nextCursor }
}

export async function getDocument(ctx: ServiceContext, id: string): Promise<Document> {
  authorize(ctx, OBJECT, 'read')
  const row = await readableDocument(ctx, id)
  return (await present(ctx, [row]))[0]!
}

export async function createDocument(ctx: ServiceContext, input: DocumentCreate): Promise<Document> {
  authorize(ctx, OBJECT, 'create')
  try {
    await assertParentReadable(ctx, input.recordType, input.recordId)
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      throw invalid('The record to attach to does not exist or is not visible to you.', [{ path: 'recordId', message: 'No such record.' }])
    }
    throw error
  }
  const id = newId()
  await ctx.tx
    .insertInto('documents')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      recordType: input.recordType,
      recordId: input.recordId,
      name: input.name,
      description: input.description ?? null,
      category: input.category ?? 'other',
      currentVersionId: null,
      ownerId: ctx.actor.userId,
      teamId: ctx.actor.teamId,
      createdBy: ctx.actor.userId,
    })
    .execute()
  const row = (await findDocumentRow(ctx, id))!
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(row) })
  await emitEvent(ctx, 'document.created', { objectType: OBJECT, objectId: id, payload: { recordType: row.recordType, recordId: row.recordId, name: row.name } })
  return (await present(ctx, [row]))[0]!
}

export async function updateDocument(ctx: ServiceContext, id: string, patch: DocumentPatch): Promise<Document> {
  authorize(ctx, OBJECT, 'update')
  const before = await readableDocument(ctx, id, { forUpdate: true })
  await ctx.tx
    .updateTable('documents')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.category !== undefined ? { category: patch.category } : {}),
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .execute()
  const after = (await findDocumentRow(ctx, id))!
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'document.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return (await present(ctx, [after]))[0]!
}

/** Deletes the document and its versions; returns the storage keys to remove once the transaction commits. */
export async function deleteDocument(ctx: ServiceContext, id: string): Promise<{ storageKeys: string[] }> {
  authorize(ctx, OBJECT, 'delete')
  const before = await readableDocument(ctx, id, { forUpdate: true })
  const versions = await versionRows(ctx, [id])
  await ctx.tx.deleteFrom('documents').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'document.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name, recordType: before.recordType, recordId: before.recordId } })
  return { storageKeys: versions.map((v) => v.storageKey) }
}

/** Checks an upload may start and names the key its bytes go to (nothing is written yet). */
export async function prepareUpload(ctx: ServiceContext, id: string): Promise<{ storageKey: string; versionId: string }> {
  authorize(ctx, OBJECT, 'update')
  await readableDocument(ctx, id)
  const versionId = newId()
  return { versionId, storageKey: `${ctx.actor.tenantId}/${id}/${versionId}` }
}

export interface StoredUpload {
  versionId: string
  storageKey: string
  fileName: string
  size: number
  contentType: string
  sha256: string
}

/** Records stored bytes as the document's next version and makes it current. */
export async function recordUpload(ctx: ServiceContext, id: string, upload: StoredUpload): Promise<Document> {
  authorize(ctx, OBJECT, 'update')
  const before = await readableDocument(ctx, id, { forUpdate: true })
  if (!upload.storageKey.startsWith(`${ctx.actor.tenantId}/${id}/`)) throw invalid('The upload does not belong to this document.')
  const last = await ctx.tx
    .selectFrom('documentVersions')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('documentId', '=', id)
    .executeTakeFirst()
  const version = Number(last?.max ?? 0) + 1
  await ctx.tx
    .insertInto('documentVersions')
    .values({
      id: upload.versionId,
      tenantId: ctx.actor.tenantId,
      documentId: id,
      version,
      fileName: upload.fileName,
      sizeBytes: upload.size,
      contentType: upload.contentType,
      sha256: upload.sha256,
      storageKey: upload.storageKey,
      uploadedBy: ctx.actor.userId,
    })
    .execute()
  await ctx.tx.updateTable('documents').set({ currentVersionId: upload.versionId, updatedAt: new Date() }).where('id', '=', id).execute()
  const after = (await findDocumentRow(ctx, id))!
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: { ...auditable(after), version, fileName: upload.fileName, sha256: upload.sha256 } })
  await emitEvent(ctx, 'document.version_uploaded', {
    objectType: OBJECT,
    objectId: id,
    payload: { version, fileName: upload.fileName, size: upload.size, recordType: after.recordType, recordId: after.recordId },
  })
  return (await present(ctx, [after]))[0]!
}

/** The version to download (default: current), after the visibility checks. */
export async function findDownload(ctx: ServiceContext, id: string, version?: number): Promise<{ storageKey: string; fileName: string; contentType: string; size: number }> {
  authorize(ctx, OBJECT, 'read')
  const doc = await readableDocument(ctx, id)
  let query = ctx.tx.selectFrom('documentVersions').select(['storageKey', 'fileName', 'contentType', 'sizeBytes']).where('documentId', '=', id)
  query = version !== undefined ? query.where('version', '=', version) : query.where('id', '=', doc.currentVersionId ?? '00000000-0000-0000-0000-000000000000')
  const row = await query.executeTakeFirst()
  if (!row) throw notFound(version !== undefined ? `Version ${version}` : 'File of this document')
  // Defence in depth beside RLS: a key of another tenant is never served.
  if (!row.storageKey.startsWith(`${ctx.actor.tenantId}/`)) throw notFound('Document')
  return { storageKey: row.storageKey, fileName: row.fileName, contentType: row.contentType, size: Number(row.sizeBytes) }
}
