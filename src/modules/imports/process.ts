/**
 * The row loop shared by the dry run and the real run. Every record becomes exactly one of:
 * created, updated, skipped (a duplicate under the "skip" policy) or rejected — the last two
 * with a reason in the report, so nothing is dropped silently.
 *
 * Writing: the caller's transaction holds the whole import. Targets with a bulk path (contacts)
 * check each new record in memory with the service's rules and write them a batch at a time
 * (docs/decisions/0021-bulk-import.md); otherwise each row runs inside a savepoint, so a row the
 * object's service refuses (a reference that does not exist, a field the role may not write) is
 * rolled back alone and reported. Anything else — a crash, a lost connection, a worker shutdown —
 * propagates and rolls back every row already written.
 */
import { sql } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { ImportRowIssue } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { issuesFromDetails, type MemberLookup, parseRecord, type ReadFile, typeCells } from './rows.ts'
import type { ImportTarget, PreparedRecord } from './targets.ts'

export interface ProcessResult {
  total: number
  counts: { created: number; updated: number; skipped: number; errors: number }
  issues: ImportRowIssue[]
}

export interface ProcessOptions {
  write: boolean
  /** Called after each record with the number done; may throw to abort the whole run. */
  onRecord?: (done: number) => void | Promise<void>
  signal?: AbortSignal
  /** New records written per batch on the bulk path (default 2,000). */
  batchSize?: number
}

/** A checked new record waiting for its batch, and a matched record's update waiting for its batch. */
type PendingCreate = { row: number; prepared: PreparedRecord; values: Record<string, unknown> }
type PendingUpdate = { row: number; id: string; patch: Record<string, unknown>; values: Record<string, unknown> }

const DEFAULT_BATCH_SIZE = 2000
const YIELD_EVERY = 25

/** Hands the event loop to waiting requests between batches (a long import must not starve them). */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

export class ImportAbortedError extends Error {
  constructor() {
    super('The import was interrupted (the worker is shutting down); it will run again from the start.')
    // The worker releases jobs that end with this name instead of failing them.
    this.name = 'JobAbortedError'
  }
}

export async function processRecords(
  ctx: ServiceContext,
  target: ImportTarget,
  file: ReadFile,
  mapping: readonly (string | null)[],
  policy: 'skip' | 'update' | 'create',
  options: ProcessOptions,
): Promise<ProcessResult> {
  const matcher = await target.loadMatcher(ctx)
  const members = target.fields.some((f) => f.type === 'user') ? await loadMembers(ctx) : new Map<string, string>()
  const counts = { created: 0, updated: 0, skipped: 0, errors: 0 }
  const issues: ImportRowIssue[] = []
  let total = 0
  // Records this run created (or, in a dry run, would create) → the row they came from.
  const earlierRow = new Map<string, number>()
  const reject = (found: ImportRowIssue[]) => {
    counts.errors++
    issues.push(...found)
  }
  // Bulk path: checked new records waiting to be written, and their ids (an update of one of them must wait for it).
  const bulk = options.write ? target.bulkCreate : undefined
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  let pending: PendingCreate[] = []
  const pendingIds = new Set<string>()
  // Updates of matched records waiting for the batch (each record at most once per batch: a second waits for the next).
  const bulkUpdate = options.write ? target.bulkUpdate?.bind(target) : undefined
  let pendingUpdates: PendingUpdate[] = []
  const pendingUpdateIds = new Set<string>()
  // One batch is written while the next is checked: the database inserts and indexes batch N while this thread
  // validates batch N+1 (docs/decisions/0031). Statements share the run's one connection and run in the order
  // they were sent, so anything else that sends statements (a savepoint, a lookup) waits for the write first.
  let writing: Promise<void> | null = null
  let writeFailure: unknown = null
  const settle = async () => {
    if (writing) {
      const done = writing
      writing = null
      await done
    }
    if (writeFailure) throw writeFailure
  }
  const write = async (batch: PendingCreate[], updates: PendingUpdate[]) => {
    if (bulk && batch.length > 0) {
      const refusals = await bulk.write(ctx, batch.map((p) => p.prepared))
      batch.forEach((p, i) => {
        const refusal = refusals[i]
        // Rare (an owner removed from the tenant meanwhile): the row is reported; a later row of the file that matched
        // it as a duplicate has already been decided.
        if (refusal) reject(issuesFromDetails(target, p.row, file.headers, mapping, refusal.message, refusal.details, p.values))
        else counts.created++
      })
    }
    if (bulkUpdate && updates.length > 0) {
      const refusals = await bulkUpdate(ctx, updates.map((u) => ({ id: u.id, patch: u.patch })))
      updates.forEach((u, i) => {
        const refusal = refusals[i]
        if (refusal) reject(issuesFromDetails(target, u.row, file.headers, mapping, refusal.message, refusal.details, u.values))
        else counts.updated++
      })
    }
  }
  /** Sends the waiting batch to be written (after the previous one) and returns without waiting for it. */
  const flush = async () => {
    await settle()
    if (pending.length === 0 && pendingUpdates.length === 0) return
    writing = write(pending, pendingUpdates).catch((error: unknown) => {
      writeFailure = error
    })
    pending = []
    pendingUpdates = []
    pendingIds.clear()
    pendingUpdateIds.clear()
    await yieldToOthers()
  }
  try {
    for (const record of file.records()) {
      if (options.signal?.aborted) throw new ImportAbortedError()
      total++
      // The cells typed first: enough to look for a duplicate. The object's schema then checks the record once, as
      // a new record or as a patch of the one it matched.
      const typed = typeCells(target, file.headers, mapping, record, members)
      const match = typed.issues.length > 0 ? null : matcher.find(typed.values)
      const action = match ? policy : 'create'
      const built = parseRecord(target, typed, record, action === 'create' ? 'create' : 'update')
      if (built.issues.length > 0) {
        reject(built.issues)
      } else if (action === 'skip') {
        counts.skipped++
        issues.push({
          row: record.row,
          column: null,
          field: match!.by,
          reason: `Duplicate of ${earlierRow.has(match!.id) ? `row ${earlierRow.get(match!.id)} of this file` : `existing record ${match!.id}`} (same ${match!.by}); skipped by the duplicate policy.`,
          kind: 'skipped',
          code: 'duplicate',
        })
      } else if (!options.write) {
        if (action === 'create') {
          counts.created++
          matcher.add(`row ${record.row}`, built.values)
          earlierRow.set(`row ${record.row}`, record.row)
        } else counts.updated++
      } else if (bulk && action === 'create') {
        try {
          const prepared = await bulk.prepare(ctx, built.input, built.values, settle)
          matcher.add(prepared.id, built.values)
          earlierRow.set(prepared.id, record.row)
          pending.push({ row: record.row, prepared, values: built.values })
          pendingIds.add(prepared.id)
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          reject(issuesFromDetails(target, record.row, file.headers, mapping, error.message, error.details, built.values))
        }
        if (pending.length + pendingUpdates.length >= batchSize) await flush()
      } else if (bulkUpdate && action === 'update') {
        // The record was created by this file and waits in the batch, or is already updated in it: write first.
        if (pendingIds.has(match!.id) || pendingUpdateIds.has(match!.id)) await flush()
        pendingUpdates.push({ row: record.row, id: match!.id, patch: built.input, values: built.values })
        pendingUpdateIds.add(match!.id)
        if (pending.length + pendingUpdates.length >= batchSize) await flush()
      } else {
        // An update of a record this file creates: write the waiting batch first.
        if (action === 'update' && pendingIds.has(match!.id)) await flush()
        // A savepoint must not enclose another batch's statements (a rollback to it would undo them).
        await settle()
        await sql`savepoint import_row`.execute(ctx.tx)
        try {
          if (action === 'create') {
            const id = await target.create(ctx, built.input, built.values)
            matcher.add(id, built.values)
            earlierRow.set(id, record.row)
            counts.created++
          } else {
            await target.update(ctx, match!.id, built.input, built.values)
            counts.updated++
          }
          await sql`release savepoint import_row`.execute(ctx.tx)
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          await sql`rollback to savepoint import_row`.execute(ctx.tx)
          await sql`release savepoint import_row`.execute(ctx.tx)
          reject(issuesFromDetails(target, record.row, file.headers, mapping, error.message, error.details, built.values))
        }
      }
      await options.onRecord?.(total)
      // Checking a row is synchronous work awaited through microtasks only: without this a batch's worth of rows
      // would keep the event loop (and on PGlite every other request) waiting.
      if (total % YIELD_EVERY === 0) await yieldToOthers()
    }
    await flush()
    await settle()
  } finally {
    // Never leave with a batch still being sent: the caller commits or rolls back the connection next.
    await writing
  }
  // Bulk batches report their refusals late: back in file order (stable, so a row's issues keep theirs).
  issues.sort((a, b) => a.row - b.row)
  return { total, counts, issues }
}

/** Active members by email and by name with spaces removed (a name two members share is left out: ambiguous). */
async function loadMembers(ctx: ServiceContext): Promise<MemberLookup> {
  const rows = await ctx.tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['u.id', 'u.email', 'u.name'])
    .where('m.status', '=', 'active')
    .execute()
  const lookup: MemberLookup = new Map()
  const names = new Map<string, string | null>()
  for (const row of rows) {
    lookup.set(row.email.normalize('NFKC').toLowerCase(), row.id)
    const name = row.name.normalize('NFKC').replace(/[\s\u3000]+/g, '')
    names.set(name, names.has(name) ? null : row.id)
  }
  for (const [name, id] of names) if (id && !lookup.has(name)) lookup.set(name, id)
  return lookup
}
