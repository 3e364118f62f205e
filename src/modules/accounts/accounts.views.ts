/**
 * 取引先 list views: POST /accounts/query (filter language + sort + keyset) and bulk actions,
 * each record of a bulk action going through updateAccount / deleteAccount.
 */
import { authorize } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type Page, toPage } from '../../platform/db/pagination.ts'
import { invalid } from '../../platform/errors.ts'
import {
  type BulkRequest,
  type BulkResult,
  bulkPatch,
  catalogueFor,
  compileFilter,
  compileListQuery,
  cursorOf,
  type ListQueryBody,
  resolveBulkSelection,
  runBulk,
} from '../saved-views/index.ts'
import { presentAccount } from './accounts.presenter.ts'
import { matchingAccountIds, queryVisibleAccounts } from './accounts.queries.ts'
import { AccountPatch, type Account } from './accounts.schema.ts'
import { deleteAccount, updateAccount } from './accounts.service.ts'
import './accounts.list.ts'

const OBJECT = 'accounts'

export async function queryAccounts(ctx: ServiceContext, body: ListQueryBody): Promise<Page<Account>> {
  authorize(ctx, OBJECT, 'read')
  const catalogue = await catalogueFor(ctx, OBJECT)
  const { where, sort } = compileListQuery(ctx, catalogue, body, 'a')
  const rows = await queryVisibleAccounts(ctx, { where, q: body.q, sort, limit: body.limit })
  const page = toPage(rows, body.limit, (row) => cursorOf(sort, row))
  return { data: page.data.map((row) => presentAccount(ctx, row)), nextCursor: page.nextCursor }
}

export async function bulkAccounts(ctx: ServiceContext, request: BulkRequest): Promise<BulkResult> {
  const { action } = request
  authorize(ctx, OBJECT, action.type === 'delete' ? 'delete' : 'update')
  if (action.type === 'addTag' || action.type === 'removeTag') {
    throw invalid('Accounts have no tags; use a multi-select custom field.', [{ path: 'action.type', message: 'Not available for accounts.' }])
  }
  const catalogue = await catalogueFor(ctx, OBJECT)
  const patch = action.type === 'delete' ? null : (bulkPatch(catalogue, action, AccountPatch) as AccountPatch)
  const ids = await resolveBulkSelection(request, (limit) =>
    matchingAccountIds(ctx, { where: compileFilter(ctx, catalogue, request.matching?.filter, 'a', 'matching.filter'), q: request.matching?.q }, limit),
  )
  return runBulk(ctx, ids, (id) => (patch ? updateAccount(ctx, id, patch) : deleteAccount(ctx, id)))
}
