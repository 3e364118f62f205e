/** Merged-away ids: where an old contact or account id now lives. Used by the contacts and accounts reads. */
import type { Tx } from '../../platform/db/transaction.ts'

export async function mergedInto(tx: Tx, type: 'contacts' | 'accounts', oldId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('mergedRecords').select('survivorId').where('objectType', '=', type).where('oldId', '=', oldId).executeTakeFirst()
  return row?.survivorId
}
