/**
 * Dashboards (ダッシュボード): per-user and shared boards of widgets, each showing a saved report,
 * and one call that runs every widget for the viewer with the board's period and team filters.
 * The tenant's default boards (sales, customer, activity) are made on the first read.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { authorize, can, objectPermission } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { DEFAULT_DASHBOARDS } from './dashboards.defaults.ts'
import type { Dashboard, DashboardCreate, DashboardData, DashboardDataQuery, DashboardPatch, Widget, WidgetCreate, WidgetOptions } from './dashboards.schema.ts'
import { runGrouped } from './reports.engine.ts'
import type { ReportDefinition, ReportFilter } from './reports.schema.ts'
import { loadSavedReport, REPORTS } from './reports.service.ts'

interface Row {
  id: string
  ownerId: string | null
  name: string
  shared: boolean
  systemKey: string | null
  createdAt: Date
}

const managesShared = (ctx: ServiceContext) => can(ctx, REPORTS, 'update') && objectPermission(ctx, REPORTS).visibility === 'all'
const maySee = (ctx: ServiceContext, row: Row) => row.shared || row.ownerId === ctx.actor.userId
const mayEdit = (ctx: ServiceContext, row: Row) => (row.ownerId === ctx.actor.userId && row.systemKey === null) || (row.shared && managesShared(ctx))

const columns = ['id', 'ownerId', 'name', 'shared', 'systemKey', 'createdAt'] as const

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

async function widgetsOf(ctx: ServiceContext, dashboardIds: string[]): Promise<Map<string, Widget[]>> {
  const byDashboard = new Map<string, Widget[]>()
  if (dashboardIds.length === 0) return byDashboard
  const rows = await ctx.tx
    .selectFrom('dashboardWidgets')
    .select(['id', 'dashboardId', 'reportId', 'type', 'title', 'options', 'position'])
    .where('tenantId', '=', ctx.actor.tenantId)
    .where('dashboardId', 'in', dashboardIds)
    .orderBy('position')
    .orderBy('id')
    .execute()
  for (const r of rows) {
    const list = byDashboard.get(r.dashboardId) ?? []
    list.push({ id: r.id, reportId: r.reportId, type: r.type, title: r.title, options: parseJson<WidgetOptions>(r.options), position: r.position })
    byDashboard.set(r.dashboardId, list)
  }
  return byDashboard
}

function present(ctx: ServiceContext, row: Row, widgets: Widget[]): Dashboard {
  return { id: row.id, name: row.name, shared: row.shared, ownerId: row.ownerId, systemKey: row.systemKey, canEdit: mayEdit(ctx, row), widgets, createdAt: row.createdAt.toISOString() }
}

/** Makes the tenant's default dashboards once; a concurrent first read loses the insert race harmlessly. */
export async function ensureDefaultDashboards(ctx: ServiceContext): Promise<void> {
  const existing = await ctx.tx.selectFrom('dashboards').select('systemKey').where('tenantId', '=', ctx.actor.tenantId).where('systemKey', 'is not', null).execute()
  const have = new Set(existing.map((r) => r.systemKey))
  const missing = DEFAULT_DASHBOARDS.filter((d) => !have.has(d.key))
  if (missing.length === 0) return
  const tenant = await ctx.tx.selectFrom('tenants').select('defaultLocale').where('id', '=', ctx.actor.tenantId).executeTakeFirst()
  const locale = tenant?.defaultLocale === 'en' ? 'en' : 'ja'
  for (const board of missing) {
    const dashboardId = newId()
    const inserted = await ctx.tx
      .insertInto('dashboards')
      .values({ id: dashboardId, tenantId: ctx.actor.tenantId, ownerId: null, name: board.name[locale], shared: true, systemKey: board.key, position: DEFAULT_DASHBOARDS.indexOf(board) })
      .onConflict((oc) => oc.columns(['tenantId', 'systemKey']).where('systemKey', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) continue
    for (const [position, widget] of board.widgets.entries()) {
      const reportId = newId()
      await ctx.tx
        .insertInto('savedReports')
        .values({
          id: reportId,
          tenantId: ctx.actor.tenantId,
          ownerId: null,
          name: widget.title[locale],
          object: widget.definition.object,
          definition: JSON.stringify(widget.definition),
          chartType: widget.chartType,
          shared: true,
          systemKey: `${board.key}.${widget.key}`,
        })
        .onConflict((oc) => oc.columns(['tenantId', 'systemKey']).where('systemKey', 'is not', null).doNothing())
        .execute()
      await ctx.tx
        .insertInto('dashboardWidgets')
        .values({ id: newId(), tenantId: ctx.actor.tenantId, dashboardId, reportId, type: widget.type, title: widget.title[locale], options: JSON.stringify(widget.options ?? {}), position })
        .execute()
    }
  }
}

export async function listDashboards(ctx: ServiceContext): Promise<{ data: Dashboard[] }> {
  authorize(ctx, REPORTS, 'read')
  await ensureDefaultDashboards(ctx)
  const rows = await ctx.tx
    .selectFrom('dashboards')
    .select(columns)
    .where('tenantId', '=', ctx.actor.tenantId)
    .where((eb) => eb.or([eb('shared', '=', true), eb('ownerId', '=', ctx.actor.userId)]))
    .orderBy('position')
    .orderBy('id')
    .limit(200)
    .execute()
  const widgets = await widgetsOf(ctx, rows.map((r) => r.id))
  return { data: rows.map((r) => present(ctx, r, widgets.get(r.id) ?? [])) }
}

async function findVisible(ctx: ServiceContext, id: string): Promise<Row> {
  const row = await ctx.tx.selectFrom('dashboards').select(columns).where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).executeTakeFirst()
  if (!row || !maySee(ctx, row)) throw notFound('Dashboard')
  return row
}

export async function getDashboard(ctx: ServiceContext, id: string): Promise<Dashboard> {
  authorize(ctx, REPORTS, 'read')
  const row = await findVisible(ctx, id)
  return present(ctx, row, (await widgetsOf(ctx, [id])).get(id) ?? [])
}

export async function createDashboard(ctx: ServiceContext, input: DashboardCreate): Promise<Dashboard> {
  authorize(ctx, REPORTS, 'create')
  if (input.shared && !managesShared(ctx)) throw forbidden('Only managers and admins may share a dashboard with everyone.')
  const id = newId()
  await ctx.tx.insertInto('dashboards').values({ id, tenantId: ctx.actor.tenantId, ownerId: ctx.actor.userId, name: input.name, shared: input.shared ?? false, position: 100 }).execute()
  const created = await getDashboard(ctx, id)
  await recordAudit(ctx, { objectType: 'dashboards', objectId: id, action: 'create', after: { name: created.name, shared: created.shared } })
  await emitEvent(ctx, 'dashboard.created', { objectType: 'dashboards', objectId: id })
  return created
}

export async function updateDashboard(ctx: ServiceContext, id: string, patch: DashboardPatch): Promise<Dashboard> {
  authorize(ctx, REPORTS, 'read')
  const row = await findVisible(ctx, id)
  if (!mayEdit(ctx, row)) throw forbidden('You may not change this dashboard.')
  if (patch.shared && !managesShared(ctx)) throw forbidden('Only managers and admins may share a dashboard with everyone.')
  await ctx.tx
    .updateTable('dashboards')
    .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.shared !== undefined ? { shared: patch.shared } : {}), updatedAt: new Date() })
    .where('tenantId', '=', ctx.actor.tenantId)
    .where('id', '=', id)
    .execute()
  await recordAudit(ctx, { objectType: 'dashboards', objectId: id, action: 'update', before: { name: row.name, shared: row.shared }, after: { name: patch.name ?? row.name, shared: patch.shared ?? row.shared } })
  return getDashboard(ctx, id)
}

export async function deleteDashboard(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, REPORTS, 'read')
  const row = await findVisible(ctx, id)
  if (!mayEdit(ctx, row) || row.systemKey !== null) throw forbidden('You may not delete this dashboard.')
  await ctx.tx.deleteFrom('dashboards').where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: 'dashboards', objectId: id, action: 'delete', before: { name: row.name, shared: row.shared } })
  await emitEvent(ctx, 'dashboard.deleted', { objectType: 'dashboards', objectId: id })
}

/** Puts a saved report on a dashboard; a shared board only takes shared reports (everyone must be able to run it). */
export async function addWidget(ctx: ServiceContext, dashboardId: string, input: WidgetCreate): Promise<Widget> {
  authorize(ctx, REPORTS, 'read')
  const row = await findVisible(ctx, dashboardId)
  if (!mayEdit(ctx, row)) throw forbidden('You may not change this dashboard.')
  const report = await loadSavedReport(ctx, input.reportId)
  if (row.shared && !report.shared) throw invalid('Share the report before putting it on a shared dashboard.', [{ path: 'reportId', message: 'The report is private.' }])
  const last = await ctx.tx.selectFrom('dashboardWidgets').select((eb) => eb.fn.max('position').as('max')).where('tenantId', '=', ctx.actor.tenantId).where('dashboardId', '=', dashboardId).executeTakeFirst()
  const id = newId()
  const position = Number(last?.max ?? -1) + 1
  const options = input.options ?? {}
  await ctx.tx
    .insertInto('dashboardWidgets')
    .values({ id, tenantId: ctx.actor.tenantId, dashboardId, reportId: report.id, type: input.type, title: input.title, options: JSON.stringify(options), position })
    .execute()
  await recordAudit(ctx, { objectType: 'dashboards', objectId: dashboardId, action: 'widget.add', changes: { widget: { before: null, after: { id, reportId: report.id, type: input.type, title: input.title } } } })
  return { id, reportId: report.id, type: input.type, title: input.title, options, position }
}

export async function removeWidget(ctx: ServiceContext, dashboardId: string, widgetId: string): Promise<void> {
  authorize(ctx, REPORTS, 'read')
  const row = await findVisible(ctx, dashboardId)
  if (!mayEdit(ctx, row)) throw forbidden('You may not change this dashboard.')
  const deleted = await ctx.tx.deleteFrom('dashboardWidgets').where('tenantId', '=', ctx.actor.tenantId).where('dashboardId', '=', dashboardId).where('id', '=', widgetId).executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 0) throw notFound('Widget')
  await recordAudit(ctx, { objectType: 'dashboards', objectId: dashboardId, action: 'widget.remove', changes: { widget: { before: { id: widgetId }, after: null } } })
}

/** The board's filters as report filters: the period on each report's own date field, the team on its team. */
function withBoardFilters(definition: ReportDefinition, query: DashboardDataQuery): ReportDefinition {
  const extra: ReportFilter[] = []
  if (definition.periodField && (query.from || query.to)) {
    if (query.from) extra.push({ field: definition.periodField, op: 'gte', value: query.from })
    if (query.to) extra.push({ field: definition.periodField, op: 'lte', value: query.to })
  }
  if (query.teamId) extra.push({ field: 'team', op: 'eq', value: query.teamId })
  return extra.length ? { ...definition, filters: [...(definition.filters ?? []), ...extra] } : definition
}

/** How long computed board data is served again before the widgets re-run; 更新 re-runs at once. */
export const DASHBOARD_FRESH_SECONDS = 600
/** Computed data older than this is deleted when the viewer's board is next computed. */
const DASHBOARD_RESULTS_KEPT_HOURS = 24

type WidgetOutcome = Pick<DashboardData['widgets'][number], 'result' | 'error'> & { widgetId: string }

/**
 * Every widget's data in one call, each run as the viewer; a widget the viewer may not run says why.
 * Data computed for the same viewer, role, team, report definitions and filters in the last
 * DASHBOARD_FRESH_SECONDS is reused (with its 時点), so a board over years of history opens at once.
 */
export async function getDashboardData(ctx: ServiceContext, id: string, query: DashboardDataQuery): Promise<DashboardData> {
  const dashboard = await getDashboard(ctx, id)
  const filters = { from: query.from ?? null, to: query.to ?? null, teamId: query.teamId ?? null }
  const reports: { widget: Widget; definition: ReportDefinition | null; error: WidgetOutcome['error'] }[] = []
  for (const widget of dashboard.widgets) {
    try {
      reports.push({ widget, definition: withBoardFilters((await loadSavedReport(ctx, widget.reportId)).definition, query), error: null })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      reports.push({ widget, definition: null, error: { code: error.code, message: error.message } })
    }
  }
  const cacheKey = createHash('sha256')
    .update(
      JSON.stringify({
        role: ctx.actor.role.id,
        permissions: ctx.actor.role.permissions,
        teamId: ctx.actor.teamId,
        widgets: reports.map((r) => [r.widget.id, r.definition ?? r.error]),
      }),
    )
    .digest('base64url')

  let outcomes: WidgetOutcome[] | null = null
  let asOf = new Date()
  if (query.refresh !== 'true') {
    const kept = await ctx.tx
      .selectFrom('dashboardResults')
      .select(['data', 'computedAt'])
      .where('tenantId', '=', ctx.actor.tenantId)
      .where('dashboardId', '=', id)
      .where('userId', '=', ctx.actor.userId)
      .where('cacheKey', '=', cacheKey)
      .where('computedAt', '>', sql<Date>`now() - make_interval(secs => ${DASHBOARD_FRESH_SECONDS})`)
      .executeTakeFirst()
    if (kept) {
      outcomes = parseJson<WidgetOutcome[]>(kept.data)
      asOf = kept.computedAt
    }
  }
  const reused = outcomes !== null
  if (!outcomes) {
    outcomes = []
    for (const { widget, definition, error } of reports) {
      if (!definition) {
        outcomes.push({ widgetId: widget.id, result: null, error })
        continue
      }
      try {
        outcomes.push({ widgetId: widget.id, result: await runGrouped(ctx, definition), error: null })
      } catch (failure) {
        if (!(failure instanceof AppError)) throw failure
        outcomes.push({ widgetId: widget.id, result: null, error: { code: failure.code, message: failure.message } })
      }
    }
    const saved = await ctx.tx
      .insertInto('dashboardResults')
      .values({ tenantId: ctx.actor.tenantId, dashboardId: id, userId: ctx.actor.userId, cacheKey, data: JSON.stringify(outcomes), computedAt: sql<Date>`now()` })
      .onConflict((oc) => oc.columns(['tenantId', 'dashboardId', 'userId', 'cacheKey']).doUpdateSet({ data: JSON.stringify(outcomes), computedAt: sql<Date>`now()` }))
      .returning('computedAt')
      .executeTakeFirstOrThrow()
    asOf = saved.computedAt
    await ctx.tx
      .deleteFrom('dashboardResults')
      .where('tenantId', '=', ctx.actor.tenantId)
      .where('dashboardId', '=', id)
      .where('userId', '=', ctx.actor.userId)
      .where('computedAt', '<', sql<Date>`now() - make_interval(hours => ${DASHBOARD_RESULTS_KEPT_HOURS})`)
      .execute()
  }
  const byWidget = new Map(outcomes.map((o) => [o.widgetId, o]))
  return {
    dashboard,
    filters,
    asOf: asOf.toISOString(),
    reused,
    widgets: dashboard.widgets.map((widget) => ({ ...widget, result: byWidget.get(widget.id)?.result ?? null, error: byWidget.get(widget.id)?.error ?? null })),
  }
}
