/**
 * Bulk actions (一括操作) over a selection or "everything matching the filter": one transaction,
 * each record through its object's own update/delete service (so permissions, validation, audit
 * and events are the same as one by one), each inside a savepoint so a refused record is
 * reported and the others still go through.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, invalid } from '../../platform/errors.ts'
import type { ActorCatalogue } from './list-filter.catalogue.ts'
import { BULK_LIMIT, type BulkAction, type BulkRequest, type BulkResult } from './list-filter.schema.ts'

/** The ids a bulk request names: the selection, or the matching records found by `findMatching` (at most BULK_LIMIT). */
export async function resolveBulkSelection(request: BulkRequest, findMatching: (limit: number) => Promise<string[]>): Promise<string[]> {
  if ((request.ids === undefined) === (request.matching === undefined)) {
    throw invalid('Name the records: either ids or matching, not both.', [{ path: 'ids', message: 'Give ids or matching.' }])
  }
  if (request.ids) return [...new Set(request.ids)]
  const ids = await findMatching(BULK_LIMIT + 1)
  if (ids.length > BULK_LIMIT) {
    throw invalid(`More than ${BULK_LIMIT} records match; narrow the filter and run the action in parts.`, [
      { path: 'matching', message: `At most ${BULK_LIMIT} records per bulk action.` },
    ])
  }
  return ids
}

/**
 * The patch an update-type action sends to the object's update service, validated by the
 * object's own patch schema. Only fields the catalogue marks bulk-editable may be set.
 */
export function bulkPatch(catalogue: ActorCatalogue, action: Exclude<BulkAction, { type: 'delete' | 'addTag' | 'removeTag' }>, patchSchema: z.ZodType): Record<string, unknown> {
  let patch: Record<string, unknown>
  if (action.type === 'assignOwner') patch = { ownerId: action.ownerId }
  else {
    const field = catalogue.fields.get(action.field)
    if (!field || !field.bulkEdit) {
      throw invalid('This field cannot be changed in bulk.', [{ path: 'action.field', message: `Not a bulk-editable field: ${action.field}.` }])
    }
    const value = action.value === '' ? null : action.value
    patch = field.key.startsWith('custom.') ? { custom: { [field.key.slice(7)]: value } } : { [field.key]: value }
  }
  const parsed = patchSchema.safeParse(patch)
  if (!parsed.success) {
    throw invalid('The new value is not valid for this field.', parsed.error.issues.map((issue) => ({ path: 'action.value', message: issue.message })))
  }
  return parsed.data as Record<string, unknown>
}

/** Applies `apply` to each id; AppErrors (not found, forbidden, invalid …) are reported per record. */
export async function runBulk(ctx: ServiceContext, ids: string[], apply: (id: string) => Promise<unknown>): Promise<BulkResult> {
  const result: BulkResult = { matched: ids.length, succeeded: [], failed: [] }
  for (const id of ids) {
    await sql`savepoint bulk_record`.execute(ctx.tx)
    try {
      await apply(id)
      await sql`release savepoint bulk_record`.execute(ctx.tx)
      result.succeeded.push(id)
    } catch (error) {
      await sql`rollback to savepoint bulk_record`.execute(ctx.tx)
      if (!(error instanceof AppError)) throw error
      const detail = error.details[0]
      result.failed.push({ id, code: error.code, message: detail ? `${error.message} (${detail.path}: ${detail.message})` : error.message })
    }
  }
  return result
}
