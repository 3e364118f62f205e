/**
 * Domain events (`account.created`, `deal.won` …) written to the outbox in the same
 * transaction as the change, then delivered to subscribers by the job runner, so a
 * crash can neither lose an event nor publish one for a change that rolled back.
 */
import { sql } from 'kysely'
import type { ServiceContext } from '../context.ts'
import { type BulkColumn, insertJsonRows } from '../db/bulk.ts'
import type { Db } from '../db/database.ts'
import { inSystemTransaction, type Tx } from '../db/transaction.ts'
import { newId } from '../ids.ts'

export interface DomainEvent {
  id: string
  tenantId: string
  type: string
  objectType: string | null
  objectId: string | null
  payload: Record<string, unknown>
  actorUserId: string | null
  createdAt: Date
}

export async function emitEvent(
  ctx: ServiceContext,
  type: string,
  event: { objectType?: string; objectId?: string; payload?: Record<string, unknown> } = {},
): Promise<void> {
  await ctx.tx
    .insertInto('outboxEvents')
    .values({
      id: newId(),
      tenantId: ctx.actor.tenantId,
      type,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
      actorUserId: ctx.actor.userId,
      requestId: ctx.requestId,
    })
    .execute()
}

/** Many events in one statement (bulk imports): the same rows emitEvent writes, one per event. */
export async function emitEventsInBulk(ctx: ServiceContext, events: readonly { type: string; objectType?: string; objectId?: string; payload?: Record<string, unknown> }[]): Promise<void> {
  const rows = events.map((event) => ({
    id: newId(),
    tenantId: ctx.actor.tenantId,
    type: event.type,
    objectType: event.objectType ?? null,
    objectId: event.objectId ?? null,
    payload: event.payload ?? {},
    actorUserId: ctx.actor.userId,
    requestId: ctx.requestId,
  }))
  await insertJsonRows(ctx.tx, 'outbox_events', OUTBOX_COLUMNS, rows)
}

const OUTBOX_COLUMNS: readonly BulkColumn[] = [
  ['id', 'uuid'],
  ['tenantId', 'uuid'],
  ['type', 'text'],
  ['objectType', 'text'],
  ['objectId', 'uuid'],
  ['payload', 'jsonb'],
  ['actorUserId', 'uuid'],
  ['requestId', 'text'],
]

/**
 * Handlers run inside the delivering transaction and must use its `tx` (for example to
 * enqueue a job): on PGlite the pool has one connection, so reaching for `db` would wait forever.
 */
export type EventHandler = (event: DomainEvent, tx: Tx) => Promise<void>
const subscribers = new Map<string, EventHandler[]>()

/** Subscribe to an event type, or to every event with '*'. */
export function onEvent(type: string, handler: EventHandler): void {
  subscribers.set(type, [...(subscribers.get(type) ?? []), handler])
}

/**
 * Delivers a batch of unpublished events in order. Claimed with SKIP LOCKED so several
 * workers never deliver one event twice; a failing handler leaves the event for a retry.
 */
export async function publishPendingEvents(db: Db, batchSize = 100): Promise<number> {
  return inSystemTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('outboxEvents')
      .selectAll()
      .where('publishedAt', 'is', null)
      .orderBy('id')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const row of rows) {
      const event: DomainEvent = { ...row, payload: row.payload ?? {} }
      for (const handler of [...(subscribers.get(row.type) ?? []), ...(subscribers.get('*') ?? [])]) {
        await handler(event, tx)
      }
    }
    if (rows.length > 0) {
      await tx
        .updateTable('outboxEvents')
        .set({ publishedAt: sql<Date>`now()` })
        .where('id', 'in', rows.map((r) => r.id))
        .execute()
    }
    return rows.length
  })
}
