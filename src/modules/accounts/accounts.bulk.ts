/**
 * New accounts in bulk, for imports (a 名刺 list names thousands of companies): each is checked and valued exactly as
 * createAccount does (checkNewAccount, newAccountValues, resolveCustomValues), then all are written with one INSERT
 * each for accounts, audit rows and outbox events. The caller's transaction holds the batch.
 */
import { recordAuditInBulk } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type BulkColumn, insertJsonRows } from '../../platform/db/bulk.ts'
import { emitEventsInBulk } from '../../platform/events/outbox.ts'
import { listDefinitionRows } from '../custom-fields/custom-fields.queries.ts'
import { resolveCustomValues } from '../custom-fields/custom-fields.values.ts'
import type { AccountInput } from './accounts.schema.ts'
import { checkNewAccount, newAccountValues } from './accounts.service.ts'
import { placeAccounts } from '../territories/index.ts'

const OBJECT = 'accounts'

const ACCOUNT_COLUMNS: readonly BulkColumn[] = [
  ['id', 'uuid'],
  ['tenantId', 'uuid'],
  ['name', 'text'],
  ['nameKana', 'text'],
  ['industry', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['website', 'text'],
  ['annualRevenue', 'bigint'],
  ['employeeCount', 'integer'],
  ['notes', 'text'],
  ['ownerId', 'uuid'],
  ['teamId', 'uuid'],
  ['createdBy', 'uuid'],
  ['searchText', 'text'],
  ['custom', 'jsonb'],
  ['postalCode', 'text'],
  ['prefecture', 'text'],
  ['address', 'text'],
]

/**
 * Creates the accounts with the ids given (the caller has already linked records to them). A refusal (AppError) of
 * any one throws before anything is written, as createAccount would have thrown for it.
 */
export async function createAccountsInBulk(ctx: ServiceContext, items: readonly { id: string; input: AccountInput }[]): Promise<void> {
  if (items.length === 0) return
  const rows: Record<string, unknown>[] = []
  // Without custom fields defined, resolveCustomValues of no input is {}: skip its query per account.
  const definitions = await listDefinitionRows(ctx, { object: OBJECT })
  for (const { id, input } of items) {
    await checkNewAccount(ctx, input)
    const custom = definitions.length === 0 && input.custom === undefined ? {} : await resolveCustomValues(ctx, OBJECT, id, input.custom, null)
    rows.push({ ...newAccountValues(ctx, id, input), custom })
  }
  await insertJsonRows(ctx.tx, 'accounts', ACCOUNT_COLUMNS, rows)
  await placeAccounts(ctx.tx, items.map((item) => item.id))
  // The audit trail of each account reads as createAccount's: the stored fields without tenant and search text.
  await recordAuditInBulk(
    ctx,
    rows.map(({ tenantId: _t, searchText: _s, ...fields }) => ({ objectType: OBJECT, objectId: fields.id as string, action: 'create', after: { ...fields, parentAccountId: null } })),
  )
  await emitEventsInBulk(
    ctx,
    rows.map((row) => ({ type: 'account.created', objectType: OBJECT, objectId: row.id as string, payload: { name: row.name } })),
  )
}
