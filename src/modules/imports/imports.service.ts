/**
 * Imports: upload → preview → mapping (remembered per tenant, object and header set) →
 * duplicate policy → dry run → background run → error report. No HTTP here.
 * Who may import: whoever may create records of the object (and update them, for the
 * "update" duplicate policy). Everyone who may read the object sees its imports.
 */
import { authorize, can, objectPermission } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { ImportRowIssue } from '../../platform/db/schema.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { enqueueJob } from '../../platform/jobs/index.ts'
import { formatCsvRow } from './csv.ts'
import {
  findImport,
  findImportContent,
  findImportContentSize,
  findRememberedMapping,
  type ImportRow,
  insertImport,
  listImportRows,
  rememberMapping,
  updateImportRow,
} from './imports.queries.ts'
import type { DryRunResult, Import, ImportFileQuery, ImportListQuery, ImportSettings, ImportUpload } from './imports.schema.ts'
import { MAX_IMPORT_BYTES } from './imports.schema.ts'
import { describeIssue } from './messages.ts'
import { processRecords, yieldToOthers } from './process.ts'
import { guessMapping, headerSignature, readImportFile } from './rows.ts'
import { findImportTarget, type ImportTarget, importObjectTypes } from './targets.ts'
import type { TextEncodingName } from './csv.ts'

export const IMPORT_JOB_TYPE = 'imports.run'
const PREVIEW_ROWS = 20

function targetFor(objectType: string): ImportTarget {
  const target = findImportTarget(objectType)
  if (!target) throw invalid(`Importing ${objectType} is not available yet.`, [{ path: 'objectType', message: 'Not importable.' }])
  return target
}

function presentImport(row: ImportRow): Import {
  const target = findImportTarget(row.objectType)
  const dryRun = row.dryRun as DryRunResult | null
  return {
    id: row.id,
    objectType: row.objectType,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    delimiter: row.delimiter,
    headers: row.headers,
    preview: row.preview,
    rowCount: row.rowCount,
    mapping: row.mapping,
    mappingSource: row.mappingSource as Import['mappingSource'],
    duplicatePolicy: row.duplicatePolicy,
    matchRule: target?.matchRule ?? { ja: '', en: '' },
    fields: (target?.fields ?? []).map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required ?? false })),
    status: row.status,
    progress: { done: row.rowsDone, total: row.rowCount },
    counts: { created: row.createdCount, updated: row.updatedCount, skipped: row.skippedCount, errors: row.errorCount },
    dryRun,
    failure: row.failure,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }
}

/**
 * An import shows the file's raw rows, including records the user might not be allowed to see:
 * roles that see all records of the object see every import of it, others only their own.
 */
function mayView(ctx: ServiceContext, row: Pick<ImportRow, 'objectType' | 'createdBy'>): boolean {
  if (!can(ctx, row.objectType, 'read')) return false
  return objectPermission(ctx, row.objectType).visibility === 'all' || row.createdBy === ctx.actor.userId
}

async function loadImport(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<ImportRow> {
  const row = await findImport(ctx.tx, id, options)
  if (!row || !mayView(ctx, row)) throw notFound('Import')
  return row
}

function assertMayRun(ctx: ServiceContext, objectType: string, policy: string): void {
  authorize(ctx, objectType, 'create')
  if (policy === 'update') authorize(ctx, objectType, 'update')
}

function validateMapping(target: ImportTarget, headers: string[], mapping: (string | null)[]): void {
  const details: { path: string; message: string }[] = []
  if (mapping.length !== headers.length) details.push({ path: 'mapping', message: `Give one entry per column (${headers.length}).` })
  const seen = new Set<string>()
  mapping.forEach((key, index) => {
    if (key === null) return
    if (!target.fields.some((f) => f.key === key)) details.push({ path: `mapping.${index}`, message: `No such field: ${key}` })
    else if (seen.has(key)) details.push({ path: `mapping.${index}`, message: `Field ${key} is mapped twice.` })
    seen.add(key)
  })
  if (details.length > 0) throw invalid('The mapping is not valid.', details)
}

export async function createImport(ctx: ServiceContext, input: ImportUpload): Promise<Import> {
  const { contentBase64, ...meta } = input
  const bytes = Buffer.from(contentBase64, 'base64')
  if (bytes.length > MAX_IMPORT_BYTES) throw invalid('The file is too large.', [{ path: 'contentBase64', message: `At most ${MAX_IMPORT_BYTES} bytes.` }])
  return createImportFromBytes(ctx, meta, bytes)
}

/** Stores the file and what was detected in it: encoding, delimiter, header, a preview and a first mapping. */
export async function createImportFromBytes(ctx: ServiceContext, input: ImportFileQuery, bytes: Buffer): Promise<Import> {
  const target = targetFor(input.objectType)
  authorize(ctx, input.objectType, 'create')
  if (bytes.length === 0) throw invalid('The file is empty.', [{ path: 'file', message: 'Empty file.' }])
  const file = readImportFile(bytes, { encoding: input.encoding as TextEncodingName | undefined, delimiter: input.delimiter })
  if (file.headers.length === 0) throw invalid('The file has no header row.', [{ path: 'file', message: 'No columns found.' }])
  const preview: string[][] = []
  let rowCount = 0
  for (const record of file.records()) {
    if (preview.length < PREVIEW_ROWS) preview.push(record.fields)
    rowCount++
    // Counting a million-row file takes seconds of this thread: let other requests in between.
    if (rowCount % 5000 === 0) await yieldToOthers()
  }
  const signature = headerSignature(file.headers)
  const remembered = await findRememberedMapping(ctx.tx, input.objectType, signature)
  const mapping = remembered
    ? file.headers.map((h) => (remembered[h] !== undefined && target.fields.some((f) => f.key === remembered[h]) ? remembered[h]! : null))
    : guessMapping(file.headers, target.fields, file.format === 'vcard' ? target.vcardMapping : undefined)
  const id = newId()
  await insertImport(ctx.tx, {
    id,
    tenantId: ctx.actor.tenantId,
    objectType: input.objectType,
    fileName: input.fileName,
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    headers: JSON.stringify(file.headers),
    preview: JSON.stringify(preview),
    rowCount,
    content: bytes,
    mapping: JSON.stringify(mapping),
    mappingSource: remembered ? 'remembered' : 'guessed',
    createdBy: ctx.actor.userId,
  })
  return presentImport((await findImport(ctx.tx, id))!)
}

export async function getImport(ctx: ServiceContext, id: string): Promise<Import> {
  return presentImport(await loadImport(ctx, id))
}

export async function listImports(ctx: ServiceContext, query: ImportListQuery): Promise<Page<Import>> {
  const after = decodeCursor(query.cursor, 1)
  const readable = importObjectTypes().filter((type) => can(ctx, type, 'read'))
  const everyone = readable.filter((type) => objectPermission(ctx, type).visibility === 'all')
  const rows = await listImportRows(ctx.tx, {
    limit: query.limit,
    objectType: query.objectType,
    objectTypes: readable,
    allOf: everyone,
    userId: ctx.actor.userId,
    after: after ? String(after[0]) : null,
  })
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentImport), nextCursor: page.nextCursor }
}

/** Sets the mapping and/or duplicate policy; the mapping is remembered for this layout. */
export async function updateImportSettings(ctx: ServiceContext, id: string, input: ImportSettings): Promise<Import> {
  const row = await loadImport(ctx, id, { forUpdate: true })
  const target = targetFor(row.objectType)
  authorize(ctx, row.objectType, 'create')
  // A failed run wrote nothing: its mapping and policy may be changed and it may run again.
  if (row.status !== 'uploaded' && row.status !== 'failed') throw conflict('This import has already been started.')
  if (input.mapping) {
    validateMapping(target, row.headers, input.mapping)
    await rememberMapping(ctx.tx, ctx.actor.tenantId, row.objectType, headerSignature(row.headers), Object.fromEntries(row.headers.map((h, i) => [h, input.mapping![i] ?? null])))
  }
  await updateImportRow(ctx.tx, id, {
    ...(input.mapping ? { mapping: JSON.stringify(input.mapping), mappingSource: 'chosen' } : {}),
    ...(input.duplicatePolicy ? { duplicatePolicy: input.duplicatePolicy } : {}),
    // A dry run describes one mapping and policy; after a change it no longer applies.
    dryRun: null,
  })
  return presentImport((await findImport(ctx.tx, id))!)
}

/**
 * Checks every row as the import would — the object's schema, duplicates against existing
 * records and earlier rows of the file — and writes nothing but the summary on the import.
 */
export async function dryRunImport(ctx: ServiceContext, id: string): Promise<DryRunResult> {
  const row = await loadImport(ctx, id, { forUpdate: true })
  const target = targetFor(row.objectType)
  assertMayRun(ctx, row.objectType, row.duplicatePolicy)
  validateMapping(target, row.headers, row.mapping)
  const content = await storedFile(ctx, id)
  const file = readImportFile(content, { encoding: row.encoding as TextEncodingName, delimiter: row.delimiter || undefined })
  const result = await processRecords(ctx, target, file, row.mapping, row.duplicatePolicy, { write: false })
  const summary: DryRunResult = {
    total: result.total,
    counts: result.counts,
    issues: result.issues.slice(0, 200),
    issueCount: result.issues.length,
    checkedAt: new Date().toISOString(),
  }
  await updateImportRow(ctx.tx, id, { dryRun: JSON.stringify(summary) })
  return summary
}

const fileGone = () => conflict('The file of this import is no longer kept; upload it again.')

async function storedFile(ctx: ServiceContext, id: string): Promise<Uint8Array[]> {
  const pieces = await findImportContent(ctx.tx, id)
  if (!pieces || pieces.length === 0) throw fileGone()
  return pieces
}

async function assertFileKept(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await findImportContentSize(ctx.tx, id))) throw fileGone()
}

/** Queues the import; the job writes every row in one transaction (see process.ts). */
export async function startImport(ctx: ServiceContext, id: string): Promise<Import> {
  const row = await loadImport(ctx, id, { forUpdate: true })
  const target = targetFor(row.objectType)
  assertMayRun(ctx, row.objectType, row.duplicatePolicy)
  if (row.status !== 'uploaded' && row.status !== 'failed') throw conflict('This import has already been started.')
  validateMapping(target, row.headers, row.mapping)
  if (!row.mapping.some((key) => key !== null)) throw invalid('Map at least one column.', [{ path: 'mapping', message: 'Nothing is mapped.' }])
  await assertFileKept(ctx, id)
  const jobId = await enqueueJob(ctx.tx, {
    type: IMPORT_JOB_TYPE,
    payload: { importId: id, tenantId: ctx.actor.tenantId, userId: ctx.actor.userId },
    // A failed import is rolled back whole and reported; running it again would fail the same way.
    maxAttempts: 1,
    uniqueKey: `import:${id}`,
  })
  await updateImportRow(ctx.tx, id, { status: 'queued', jobId })
  return presentImport((await findImport(ctx.tx, id))!)
}

/** The error report: every row that was not written (rejected or skipped), with row, column and reason. */
export async function importReportCsv(ctx: ServiceContext, id: string, lang: 'ja' | 'en'): Promise<string> {
  const row = await loadImport(ctx, id)
  const issues: ImportRowIssue[] = row.status === 'done' ? row.errors : ((row.dryRun as DryRunResult | null)?.issues ?? [])
  const header = lang === 'ja' ? ['行', '列', '項目', '種別', '理由'] : ['row', 'column', 'field', 'kind', 'reason']
  const kind = (k: string) => (lang === 'ja' ? (k === 'error' ? 'エラー' : 'スキップ') : k)
  const fields = findImportTarget(row.objectType)?.fields ?? []
  const fieldLabel = (key: string | null) => (key ? (fields.find((f) => f.key === key)?.label[lang] ?? key) : '')
  let out = formatCsvRow(header)
  for (const issue of issues) out += formatCsvRow([issue.row, issue.column, fieldLabel(issue.field), kind(issue.kind), describeIssue(issue, lang)])
  return out
}
