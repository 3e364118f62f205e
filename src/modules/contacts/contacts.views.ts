/**
 * 担当者 list views: POST /contacts/query (filter language + sort + keyset) and bulk actions,
 * each record of a bulk action going through updateContact / deleteContact.
 */
import { authorize, fieldRules } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type Page, toPage } from '../../platform/db/pagination.ts'
import { foldQuery } from '../../platform/japanese/index.ts'
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
import { presentContact } from './contacts.presenter.ts'
import { normalizeTags } from './contacts.profile.ts'
import { findVisibleContact, matchingContactIds, queryVisibleContacts } from './contacts.queries.ts'
import { type Contact, ContactPatch } from './contacts.schema.ts'
import { deleteContact, SEARCHED_FIELDS, updateContact, visibleSearchText } from './contacts.service.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import './contacts.list.ts'

const OBJECT = 'contacts'

export async function queryContacts(ctx: ServiceContext, body: ListQueryBody): Promise<Page<Contact>> {
  authorize(ctx, OBJECT, 'read')
  const catalogue = await catalogueFor(ctx, OBJECT)
  const { where, sort } = compileListQuery(ctx, catalogue, body, 'c')
  const rows = await queryVisibleContacts(ctx, { where, q: body.q, sort, limit: body.limit })
  const page = toPage(rows, body.limit, (row) => cursorOf(sort, row))
  // As on the GET list: free text must not match through a field the role hides.
  const hiddenSearched = SEARCHED_FIELDS.some((f) => fieldRules(ctx, OBJECT)[f] === 'hidden')
  const folded = body.q ? foldQuery(body.q) : ''
  const data = hiddenSearched && folded ? page.data.filter((row) => visibleSearchText(ctx, row).includes(folded)) : page.data
  return { data: data.map((row) => presentContact(ctx, row)), nextCursor: page.nextCursor }
}

/** Adds or removes one tag, keeping the contact's other tags. */
async function retag(ctx: ServiceContext, id: string, tag: string, add: boolean): Promise<void> {
  const row = await findVisibleContact(ctx, id)
  if (!row) throw notFound('Contact')
  const wanted = normalizeTags([tag])[0] ?? tag
  // Already as wanted: nothing to write, nothing to audit.
  if (row.tags.includes(wanted) === add) return
  await updateContact(ctx, id, { tags: add ? [...row.tags, wanted] : row.tags.filter((t) => t !== wanted) })
}

export async function bulkContacts(ctx: ServiceContext, request: BulkRequest): Promise<BulkResult> {
  const { action } = request
  authorize(ctx, OBJECT, action.type === 'delete' ? 'delete' : 'update')
  // The free-text match cannot be re-checked against hidden fields for "all matching" (queryContacts does it per page):
  // refuse it rather than act on records found through a field the role hides.
  if (request.matching?.q && SEARCHED_FIELDS.some((f) => fieldRules(ctx, OBJECT)[f] === 'hidden')) {
    throw invalid('Your role hides fields the search looks at; narrow the records with a filter instead.', [{ path: 'matching.q', message: 'Not available for your role.' }])
  }
  const catalogue = await catalogueFor(ctx, OBJECT)
  const patch = action.type === 'update' || action.type === 'assignOwner' ? (bulkPatch(catalogue, action, ContactPatch) as ContactPatch) : null
  const ids = await resolveBulkSelection(request, (limit) =>
    matchingContactIds(ctx, { where: compileFilter(ctx, catalogue, request.matching?.filter, 'c', 'matching.filter'), q: request.matching?.q }, limit),
  )
  return runBulk(ctx, ids, (id) => {
    if (action.type === 'delete') return deleteContact(ctx, id)
    if (action.type === 'addTag' || action.type === 'removeTag') return retag(ctx, id, action.tag, action.type === 'addTag')
    return updateContact(ctx, id, patch!)
  })
}
