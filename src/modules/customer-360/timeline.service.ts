/**
 * The 360° timeline of an account or contact: everything that happened with the customer, newest
 * first, one keyset page at a time, filtered by kind, showing only what the viewer may see.
 */
import { fieldRules, withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, encodeCursor } from '../../platform/db/pagination.ts'
import { invalid } from '../../platform/errors.ts'
import { customRule } from '../custom-fields/custom-fields.values.ts'
import { TIMELINE_KINDS, type CustomerRecordType, type TimelineItem, type TimelineKind, type TimelinePage, type TimelineQuery } from './customer-360.schema.ts'
import { visibleRecordId } from './customer-360.records.ts'
import { selectTimeline, type TimelineRow } from './timeline.queries.ts'

/** Which access object's field rules apply to an item's details. */
const DETAIL_OBJECT: Partial<Record<TimelineKind, string>> = { activity: 'activities', deal: 'deals', salesDocument: 'salesDocuments', contract: 'contracts' }

export function parseKinds(raw: string | undefined): Set<TimelineKind> {
  if (!raw) return new Set(TIMELINE_KINDS)
  const asked = raw.split(',').map((k) => k.trim()).filter(Boolean)
  const unknown = asked.filter((k) => !(TIMELINE_KINDS as readonly string[]).includes(k))
  if (unknown.length > 0 || asked.length === 0) {
    throw invalid('Unknown timeline kind.', [{ path: 'kinds', message: `Use a comma-separated subset of: ${TIMELINE_KINDS.join(', ')}.` }])
  }
  return new Set(asked as TimelineKind[])
}

function visibleChanges(ctx: ServiceContext, type: CustomerRecordType, changes: TimelineRow['changes']): TimelineItem['changes'] {
  const rules = fieldRules(ctx, type)
  const out: NonNullable<TimelineItem['changes']> = []
  for (const [field, change] of Object.entries(changes ?? {})) {
    if (rules[field] === 'hidden') continue
    if (field === 'custom') {
      // Custom values change as one object: show each visible key as its own line.
      const before = (change.before ?? {}) as Record<string, unknown>
      const after = (change.after ?? {}) as Record<string, unknown>
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (customRule(rules, key) === 'hidden' || JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue
        out.push({ field: `custom.${key}`, before: before[key] ?? null, after: after[key] ?? null })
      }
      continue
    }
    out.push({ field, before: change.before, after: change.after })
  }
  return out
}

function presentItem(ctx: ServiceContext, type: CustomerRecordType, row: TimelineRow): TimelineItem {
  const object = DETAIL_OBJECT[row.kind]
  // Details use the source object's API field names, so its role's field rules apply as they are.
  const details = object ? withoutHiddenFields(ctx, object, row.details) : row.details
  return {
    id: row.id,
    kind: row.kind,
    subtype: row.subtype,
    at: new Date(row.at).toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    recordType: row.recordType,
    recordId: row.recordId,
    changes: row.kind === 'change' ? visibleChanges(ctx, type, row.changes) : null,
    details,
  }
}

/** One page for a record the caller has already found visible. */
export async function loadTimeline(ctx: ServiceContext, type: CustomerRecordType, id: string, query: TimelineQuery): Promise<TimelinePage> {
  const kinds = parseKinds(query.kinds)
  const cursor = decodeCursor(query.cursor, 1)
  const before = cursor ? String(cursor[0]) : null
  if (before !== null && !/^[0-9a-f-]{36}$/i.test(before)) throw invalid('The cursor is not valid; start again from the first page.', [{ path: 'cursor', message: 'Malformed cursor.' }])
  const rows = await selectTimeline(ctx, { type, id, before, take: query.limit + 1 }, kinds)
  const page = rows.slice(0, query.limit)
  return {
    data: page.map((row) => presentItem(ctx, type, row)),
    nextCursor: rows.length > query.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  }
}

export async function getTimeline(ctx: ServiceContext, type: CustomerRecordType, id: string, query: TimelineQuery): Promise<TimelinePage> {
  return loadTimeline(ctx, type, await visibleRecordId(ctx, type, id), query)
}
