/**
 * Flags duplicates as records arrive: every contact or account created — by a form, the API, a business card or an
 * import row (they all go through the same services and emit `contact.created` / `account.created`) — is matched
 * against the tenant with the engine, and pairs at or above the "possible" score join the queue at once, without
 * waiting for the next scan. A pair dismissed earlier stays dismissed (same unique pair).
 */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'
import { type DomainEvent, onEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { findSimilarIds, loadMatchInputs } from './duplicates.service.ts'
import { type DuplicateObject, POSSIBLE_THRESHOLD, scorePair } from './match.ts'

/** Matches one record against the others of its tenant and stores the candidate pairs; returns how many are new. */
export async function flagDuplicatesOf(tx: Tx, tenantId: string, type: DuplicateObject, id: string): Promise<number> {
  const [record] = await loadMatchInputs({ tx }, type, [id])
  // Deleted (or merged away) before the event was delivered: nothing to flag.
  if (!record) return 0
  const ids = (await findSimilarIds(tx, tenantId, type, record)).filter((other) => other !== id)
  let added = 0
  for (const other of await loadMatchInputs({ tx }, type, ids)) {
    const { score, reasons } = scorePair(type, record, other)
    if (score < POSSIBLE_THRESHOLD) continue
    const [a, b] = id < other.id ? [id, other.id] : [other.id, id]
    const result = await sql`insert into duplicate_candidates (id, tenant_id, object_type, record_a, record_b, score, reasons)
      values (${newId()}, ${tenantId}, ${type}, ${a}, ${b}, ${score}, ${sql`${reasons}::text[]`})
      on conflict (tenant_id, object_type, record_a, record_b) do nothing`.execute(tx)
    added += Number(result.numAffectedRows ?? 0)
  }
  return added
}

/**
 * A failure here must not hold up the outbox (a failing handler leaves the whole batch for a retry, blocking every
 * other subscriber): the work runs under a savepoint and is dropped on error — the next scan finds the pair anyway.
 */
function flagOnCreate(type: DuplicateObject) {
  return async (event: DomainEvent, tx: Tx) => {
    if (!event.objectId) return
    await sql`savepoint daifuku_flag_duplicates`.execute(tx)
    try {
      await flagDuplicatesOf(tx, event.tenantId, type, event.objectId)
      await sql`release savepoint daifuku_flag_duplicates`.execute(tx)
    } catch (error) {
      await sql`rollback to savepoint daifuku_flag_duplicates`.execute(tx)
      console.warn(`duplicates: flagging ${type} ${event.objectId} failed; the next scan will find its pairs`, error)
    }
  }
}

onEvent('contact.created', flagOnCreate('contacts'))
onEvent('account.created', flagOnCreate('accounts'))
