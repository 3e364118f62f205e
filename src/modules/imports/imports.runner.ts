/**
 * The background run of an import: every row in ONE tenant transaction, so a run that dies
 * half-way (error, lost connection, killed process) leaves no rows behind — the database
 * rolls them back — and the import is marked failed (or queued again after a shutdown).
 * Progress goes to the import row through a separate connection while the run holds its own.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { resolveMembershipActor } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import type { TextEncodingName } from './csv.ts'
import { discardStaleImportFiles, findImport, findImportContent, updateImportRow } from './imports.queries.ts'
import { IMPORT_JOB_TYPE } from './imports.service.ts'
import { processRecords } from './process.ts'
import { readImportFile } from './rows.ts'
import { findImportTarget } from './targets.ts'

export interface RunImportInput {
  importId: string
  tenantId: string
  userId: string
  signal?: AbortSignal
  /** Test hook and progress: called after each record inside the run's transaction. */
  onRecord?: (done: number) => void | Promise<void>
  /** Write progress to the import row every this many records (default 200). */
  progressEvery?: number
  /** New records per bulk batch (default 2,000; tests use small ones to cross batch boundaries). */
  batchSize?: number
}

export async function runImport(db: Db, input: RunImportInput): Promise<void> {
  const { importId, tenantId } = input
  const row = await inTenantTransaction(db, tenantId, async (tx) => {
    const found = await findImport(tx, importId, { forUpdate: true })
    // "running" too: a worker that died mid-run leaves it so, and the job comes back.
    if (!found || (found.status !== 'queued' && found.status !== 'running')) return null
    await updateImportRow(tx, importId, { status: 'running', startedAt: new Date(), rowsDone: 0, failure: null, finishedAt: null })
    return found
  })
  if (!row) return
  const markFailed = (message: string) =>
    inTenantTransaction(db, tenantId, (tx) =>
      updateImportRow(tx, importId, { status: 'failed', finishedAt: new Date(), failure: message, rowsDone: 0, createdCount: 0, updatedCount: 0, skippedCount: 0, errorCount: 0 }),
    )

  const actor = await resolveMembershipActor(db, input.userId, tenantId)
  const target = findImportTarget(row.objectType)
  if (!actor || !target) {
    await markFailed(!actor ? 'The user who started the import is no longer a member of this tenant.' : `Importing ${row.objectType} is not available.`)
    return
  }

  const every = input.progressEvery ?? 200
  let progressWrite: Promise<unknown> | null = null
  const reportProgress = (done: number) => {
    // At most one write in flight; "where status = running" makes a late one harmless.
    if (progressWrite) return
    progressWrite = inTenantTransaction(db, tenantId, (tx) => updateImportRow(tx, importId, { rowsDone: done }, 'running'))
      .catch(() => {})
      .finally(() => (progressWrite = null))
  }

  try {
    await inTenantTransaction(db, tenantId, async (tx) => {
      // Every audit row and event of the run carries the import's id: an auditor finds all it wrote by it.
      const ctx = { actor, tx, requestId: `import:${importId}`, ip: null }
      // Rights are checked again at run time: the role may have changed since it was queued.
      authorize(ctx, row.objectType, 'create')
      if (row.duplicatePolicy === 'update') authorize(ctx, row.objectType, 'update')
      const content = (await findImportContent(tx, importId))!
      const file = readImportFile(content, { encoding: row.encoding as TextEncodingName, delimiter: row.delimiter || undefined })
      const result = await processRecords(ctx, target, file, row.mapping, row.duplicatePolicy, {
        write: true,
        signal: input.signal,
        batchSize: input.batchSize,
        onRecord: async (done) => {
          if (done % every === 0) reportProgress(done)
          await input.onRecord?.(done)
        },
      })
      // One summary entry and event for the whole import, next to the per-record ones the objects wrote.
      const summary = { objectType: row.objectType, fileName: row.fileName, rows: result.total, ...result.counts }
      await recordAudit(ctx, {
        objectType: 'imports',
        objectId: importId,
        action: 'import',
        changes: Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, { before: null, after: value }])),
      })
      await emitEvent(ctx, 'import.completed', { objectType: 'imports', objectId: importId, payload: summary })
      // Committed together with the rows: a report exists exactly when the rows do.
      await updateImportRow(tx, importId, {
        status: 'done',
        finishedAt: new Date(),
        rowsDone: result.total,
        createdCount: result.counts.created,
        updatedCount: result.counts.updated,
        skippedCount: result.counts.skipped,
        errorCount: result.counts.errors,
        errors: JSON.stringify(result.issues),
        // The file holds personal data and is no longer needed once its rows are in: it goes (preview and report stay).
        content: Buffer.alloc(0),
      })
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'JobAbortedError') {
      // Shutdown: the rows are rolled back and the worker hands the job back; it starts over.
      await inTenantTransaction(db, tenantId, (tx) => updateImportRow(tx, importId, { status: 'queued', rowsDone: 0 })).catch(() => {})
      throw error
    }
    const message = error instanceof Error ? error.message : String(error)
    await markFailed(`The import stopped and nothing was written: ${message}`)
    throw error
  }
}

registerJobHandler(IMPORT_JOB_TYPE, async ({ db, payload, signal }) => {
  await runImport(db, {
    importId: String(payload.importId),
    tenantId: String(payload.tenantId),
    userId: String(payload.userId),
    signal,
  })
})

/** Files of imports never run (or failed) are kept this long for the user to come back to, then dropped. */
export const STALE_IMPORT_FILE_DAYS = 30
const DISCARD_JOB = 'imports.discard-stale-files'

registerJobHandler(DISCARD_JOB, async ({ db, logger }) => {
  const discarded = await inSystemTransaction(db, (tx) => discardStaleImportFiles(tx, STALE_IMPORT_FILE_DAYS))
  if (discarded > 0) logger.info({ discarded }, 'discarded the files of stale imports')
})
defineRecurringJob({ name: 'imports-discard-stale-files', type: DISCARD_JOB, intervalSeconds: 24 * 3600 })
