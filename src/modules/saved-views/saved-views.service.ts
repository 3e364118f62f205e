/**
 * Saved views (保存済みビュー): anyone who may read a list keeps private views; views shared with
 * the tenant or a team are managed by those whose role may manage shared views (admins and
 * managers by default). Only the owner sees or changes a private view. Every write is audited.
 */
import { authorize, can } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type ErrorDetail, forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { catalogueFor, describeCatalogue } from './list-filter.catalogue.ts'
import { compileFilter, resolveSort } from './list-filter.compile.ts'
import type { FilterGroup, ListCatalogue, ListObjectName } from './list-filter.schema.ts'
import { deleteViewRow, findViewRow, insertView, listViewRows, type SavedViewRow, teamExists, updateViewRow } from './saved-views.queries.ts'
import type { SavedView, SavedViewCreate, SavedViewListQuery, SavedViewPatch } from './saved-views.schema.ts'

const OBJECT = 'savedViews'
/** The access object whose rights let a role manage shared views. */
export const SHARED_VIEWS = 'sharedViews'

const managesShared = (ctx: ServiceContext, action: 'create' | 'update' | 'delete') => can(ctx, SHARED_VIEWS, action)

function mayEdit(ctx: ServiceContext, row: SavedViewRow, action: 'update' | 'delete'): boolean {
  return row.sharing === 'private' ? row.ownerId === ctx.actor.userId : managesShared(ctx, action)
}

function maySee(ctx: ServiceContext, row: SavedViewRow): boolean {
  if (row.sharing === 'private') return row.ownerId === ctx.actor.userId
  if (row.sharing === 'team') return row.teamId === ctx.actor.teamId || managesShared(ctx, 'update')
  return true
}

function present(ctx: ServiceContext, row: SavedViewRow): SavedView {
  return {
    id: row.id,
    object: row.object,
    name: row.name,
    sharing: row.sharing,
    teamId: row.teamId,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    filter: row.filterJson ? (JSON.parse(row.filterJson) as FilterGroup) : null,
    sort: row.sort,
    columns: JSON.parse(row.columnsJson) as string[],
    canEdit: mayEdit(ctx, row, 'update'),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(view: SavedView): Record<string, unknown> {
  const { canEdit: _c, ownerName: _o, createdAt: _ca, updatedAt: _u, ...fields } = view
  return fields
}

/** The filter, sort and columns must make sense for the saving user (hidden fields are unknown to them). */
async function assertValidDefinition(ctx: ServiceContext, object: ListObjectName, view: { filter?: FilterGroup | null; sort?: string | null; columns?: string[]; sharing?: string; teamId?: string | null }) {
  const catalogue = await catalogueFor(ctx, object)
  if (view.filter !== undefined) compileFilter(ctx, catalogue, view.filter, 'x')
  if (view.sort) resolveSort(catalogue, view.sort, null)
  const details: ErrorDetail[] = []
  view.columns?.forEach((column, index) => {
    if (!catalogue.fields.has(column)) details.push({ path: `columns.${index}`, message: `No such field: ${column}.` })
  })
  if (view.sharing === 'team' && !view.teamId) details.push({ path: 'teamId', message: 'Name the team to share with.' })
  if (view.sharing !== undefined && view.sharing !== 'team' && view.teamId) details.push({ path: 'teamId', message: 'Only a view shared with a team names a team.' })
  if (view.teamId && !(await teamExists(ctx, view.teamId))) details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  if (details.length > 0) throw invalid('The view is not valid.', details)
}

/** Fields, operators and sorts the actor may use on the object's list (hidden fields left out). */
export async function getListCatalogue(ctx: ServiceContext, object: ListObjectName): Promise<ListCatalogue> {
  authorize(ctx, object, 'read')
  return describeCatalogue(await catalogueFor(ctx, object))
}

export async function listSavedViews(ctx: ServiceContext, query: SavedViewListQuery): Promise<{ data: SavedView[] }> {
  authorize(ctx, query.object, 'read')
  const rows = await listViewRows(ctx, query.object, managesShared(ctx, 'update'))
  return { data: rows.map((row) => present(ctx, row)) }
}

export async function getSavedView(ctx: ServiceContext, id: string): Promise<SavedView> {
  const row = await findViewRow(ctx, id)
  if (!row || !maySee(ctx, row)) throw notFound('Saved view')
  authorize(ctx, row.object, 'read')
  return present(ctx, row)
}

export async function createSavedView(ctx: ServiceContext, input: SavedViewCreate): Promise<SavedView> {
  authorize(ctx, input.object, 'read')
  if (input.sharing !== 'private' && !managesShared(ctx, 'create')) throw forbidden('Your role may not share views; save it as a private view.')
  await assertValidDefinition(ctx, input.object, input)
  const id = newId()
  await insertView(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    object: input.object,
    name: input.name,
    sharing: input.sharing,
    teamId: input.sharing === 'team' ? (input.teamId ?? null) : null,
    ownerId: ctx.actor.userId,
    filter: input.filter ? JSON.stringify(input.filter) : null,
    sort: input.sort ?? null,
    columns: JSON.stringify(input.columns ?? []),
  })
  const created = present(ctx, (await findViewRow(ctx, id))!)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'savedView.created', { objectType: OBJECT, objectId: id, payload: { object: created.object, name: created.name, sharing: created.sharing } })
  return created
}

export async function updateSavedView(ctx: ServiceContext, id: string, patch: SavedViewPatch): Promise<SavedView> {
  const row = await findViewRow(ctx, id, { forUpdate: true })
  if (!row || !maySee(ctx, row)) throw notFound('Saved view')
  if (!mayEdit(ctx, row, 'update')) throw forbidden(row.sharing === 'private' ? 'Only its owner may change a private view.' : 'Your role may not change shared views.')
  // Sharing a private view is sharing: it needs the same right as creating a shared view.
  if (patch.sharing !== undefined && patch.sharing !== 'private' && !managesShared(ctx, 'create')) throw forbidden('Your role may not share views.')
  const sharing = patch.sharing ?? row.sharing
  const teamId = sharing === 'team' ? (patch.teamId !== undefined ? patch.teamId : row.teamId) : null
  await assertValidDefinition(ctx, row.object, { ...patch, sharing, teamId })
  const before = present(ctx, row)
  await updateViewRow(ctx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    sharing,
    teamId,
    ...(patch.filter !== undefined ? { filter: patch.filter ? JSON.stringify(patch.filter) : null } : {}),
    ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
    ...(patch.columns !== undefined ? { columns: JSON.stringify(patch.columns) } : {}),
  })
  const after = present(ctx, (await findViewRow(ctx, id))!)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'savedView.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

export async function deleteSavedView(ctx: ServiceContext, id: string): Promise<void> {
  const row = await findViewRow(ctx, id, { forUpdate: true })
  if (!row || !maySee(ctx, row)) throw notFound('Saved view')
  if (!mayEdit(ctx, row, 'delete')) throw forbidden(row.sharing === 'private' ? 'Only its owner may delete a private view.' : 'Your role may not delete shared views.')
  await deleteViewRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(present(ctx, row)) })
  await emitEvent(ctx, 'savedView.deleted', { objectType: OBJECT, objectId: id, payload: { name: row.name } })
}
