/** The only file that touches the imports and import_mappings tables. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { ImportsTable } from '../../platform/db/schema.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'

export type ImportRow = Omit<Selectable<ImportsTable>, 'content'>

const COLUMNS = [
  'id',
  'tenantId',
  'objectType',
  'fileName',
  'format',
  'encoding',
  'delimiter',
  'headers',
  'preview',
  'rowCount',
  'mapping',
  'mappingSource',
  'duplicatePolicy',
  'status',
  'rowsDone',
  'createdCount',
  'updatedCount',
  'skippedCount',
  'errorCount',
  'errors',
  'dryRun',
  'failure',
  'jobId',
  'createdBy',
  'createdAt',
  'updatedAt',
  'startedAt',
  'finishedAt',
] as const

export function findImport(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ImportRow | undefined> {
  let query = tx.selectFrom('imports').select(COLUMNS).where('id', '=', id)
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** The stored file's size in bytes (0 once it has been discarded); undefined when there is no such import. */
export async function findImportContentSize(tx: Tx, id: string): Promise<number | undefined> {
  const row = await tx.selectFrom('imports').select(sql<number>`octet_length(content)`.as('size')).where('id', '=', id).executeTakeFirst()
  return row ? Number(row.size) : undefined
}

const CONTENT_PIECE_BYTES = 16 * 1024 * 1024

/**
 * The stored file, in pieces of 16 MB. Read whole, it would arrive as hex text twice its size (a 185 MB file: a
 * 370 MB string, and over ~256 MB more than a JavaScript string can hold); the column is stored uncompressed, so
 * each piece is read without the ones before it (docs/decisions/0037).
 */
export async function findImportContent(tx: Tx, id: string, pieceBytes = CONTENT_PIECE_BYTES): Promise<Uint8Array[] | undefined> {
  const size = await findImportContentSize(tx, id)
  if (size === undefined) return undefined
  const pieces: Uint8Array[] = []
  for (let from = 0; from < size; from += pieceBytes) {
    const row = await tx
      .selectFrom('imports')
      .select(sql<Uint8Array>`substring(content from ${from + 1} for ${pieceBytes})`.as('piece'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    pieces.push(row.piece instanceof Uint8Array ? row.piece : new Uint8Array(row.piece))
  }
  return pieces
}

export function listImportRows(
  tx: Tx,
  filter: { limit: number; objectType?: string; objectTypes: string[]; allOf: string[]; userId: string; after: string | null },
): Promise<ImportRow[]> {
  if (filter.objectTypes.length === 0) return Promise.resolve([])
  let query = tx
    .selectFrom('imports')
    .select(COLUMNS)
    .where('objectType', 'in', filter.objectTypes)
    // Every import of the objects whose records the user sees all of; otherwise only the user's own.
    .where((eb) => eb.or([eb('createdBy', '=', filter.userId), ...(filter.allOf.length > 0 ? [eb('objectType', 'in', filter.allOf)] : [])]))
  if (filter.objectType) query = query.where('objectType', '=', filter.objectType)
  if (filter.after) query = query.where('id', '<', filter.after)
  return query.orderBy('id', 'desc').limit(filter.limit + 1).execute()
}

export async function insertImport(tx: Tx, values: Insertable<ImportsTable>): Promise<void> {
  await tx.insertInto('imports').values(values).execute()
}

export async function updateImportRow(tx: Tx | Db, id: string, values: Updateable<ImportsTable>, onlyIfStatus?: string): Promise<number> {
  let query = tx
    .updateTable('imports')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
  if (onlyIfStatus) query = query.where('status', '=', onlyIfStatus as 'running')
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function findRememberedMapping(tx: Tx, objectType: string, signature: string): Promise<Record<string, string | null> | undefined> {
  const row = await tx
    .selectFrom('importMappings')
    .select('mapping')
    .where('objectType', '=', objectType)
    .where('headerSignature', '=', signature)
    .executeTakeFirst()
  return row?.mapping
}

export async function rememberMapping(tx: Tx, tenantId: string, objectType: string, signature: string, mapping: Record<string, string | null>): Promise<void> {
  await tx
    .insertInto('importMappings')
    .values({ id: newId(), tenantId, objectType, headerSignature: signature, mapping: JSON.stringify(mapping) })
    .onConflict((oc) => oc.columns(['tenantId', 'objectType', 'headerSignature']).doUpdateSet({ mapping: JSON.stringify(mapping), updatedAt: sql<Date>`now()` }))
    .execute()
}

/** Drops the stored files of imports that were never run or failed long ago (they hold personal data). */
export async function discardStaleImportFiles(tx: Tx | Db, olderThanDays: number): Promise<number> {
  const result = await tx
    .updateTable('imports')
    .set({ content: Buffer.alloc(0), updatedAt: sql<Date>`now()` })
    .where('status', 'in', ['uploaded', 'failed'])
    .where('createdAt', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
    .where(sql<boolean>`octet_length(content) > 0`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
