/**
 * Reports (レポート): run a definition, drill into a total, export CSV, and saved reports
 * (owner + shared flag). Anyone whose role reads `reports` may run reports over objects they
 * may read; rows and fields follow the same rules as opening the records directly.
 */
import { authorize, can, objectPermission } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { forbidden, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { REPORT_OBJECTS, reportObject, type ReportObjectName } from './reports.catalogue.ts'
import { reportToCsv } from './reports.csv.ts'
import { drillReport } from './reports.drill.ts'
import { mayUseField, runGrouped, tenantTimeZone } from './reports.engine.ts'
import { describeReportFilters, reportToPdf } from './reports.pdf.ts'
import { filterValueNames, readableResult } from './reports.values.ts'
import {
  CHART_TYPES,
  type DrillRequest,
  type DrillResult,
  type ReportCatalogue,
  type ReportDefinition,
  type ReportResult,
  type SavedReport,
  type SavedReportCreate,
  type SavedReportPatch,
} from './reports.schema.ts'

export const REPORTS = 'reports'

export function getReportCatalogue(ctx: ServiceContext, object: ReportObjectName): ReportCatalogue {
  authorize(ctx, REPORTS, 'read')
  const readable = REPORT_OBJECTS.filter((name) => can(ctx, reportObject(name).accessObject, 'read'))
  authorize(ctx, reportObject(object).accessObject, 'read')
  return {
    objects: readable.map((name) => ({ name, label: reportObject(name).label })),
    object,
    fields: reportObject(object)
      .fields.filter((f) => mayUseField(ctx, f))
      .map((f) => ({ key: f.key, label: f.label, type: f.type, enumValues: f.enumValues ? [...f.enumValues] : null })),
  }
}

export async function runReport(ctx: ServiceContext, definition: ReportDefinition): Promise<ReportResult> {
  authorize(ctx, REPORTS, 'read')
  return runGrouped(ctx, definition)
}

export async function drillDownReport(ctx: ServiceContext, input: DrillRequest): Promise<DrillResult> {
  authorize(ctx, REPORTS, 'read')
  return drillReport(ctx, input)
}

export async function exportReportCsv(ctx: ServiceContext, definition: ReportDefinition, locale: 'ja' | 'en' = 'ja'): Promise<string> {
  return reportToCsv(readableResult(await runReport(ctx, definition), locale), locale)
}

export type ReportFormat = 'csv' | 'pdf'
export interface ReportFile {
  body: Buffer
  contentType: string
  filename: string
}

/**
 * A report result as a file, run as the actor (so rows and fields follow their role). The title
 * is the saved report's name, else e.g. 「商談レポート」; the file name carries the tenant's date.
 */
export async function exportReport(
  ctx: ServiceContext,
  definition: ReportDefinition,
  options: { format?: ReportFormat; locale?: 'ja' | 'en'; title?: string; now?: Date } = {},
): Promise<ReportFile> {
  const locale = options.locale ?? 'ja'
  const result = readableResult(await runReport(ctx, definition), locale)
  const timeZone = await tenantTimeZone(ctx)
  const runAt = options.now ?? new Date()
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(runAt).replace(/-/g, '')
  if (options.format === 'pdf') {
    const label = reportObject(definition.object).label[locale]
    const title = options.title ?? (locale === 'ja' ? `${label}レポート` : `${label} report`)
    const valueNames = await filterValueNames(definition, locale, (lookup) => runReport(ctx, lookup))
    const body = await reportToPdf(result, locale, { title, runAt, timeZone, conditions: describeReportFilters(definition, locale, valueNames) })
    return { body, contentType: 'application/pdf', filename: `report-${day}.pdf` }
  }
  return { body: Buffer.from(reportToCsv(result, locale), 'utf8'), contentType: 'text/csv; charset=utf-8', filename: `report-${day}.csv` }
}

/** A saved report the actor may see, as a file titled with its name. */
export async function exportSavedReport(ctx: ServiceContext, id: string, options: { format?: ReportFormat; locale?: 'ja' | 'en'; now?: Date } = {}): Promise<ReportFile> {
  const report = await loadSavedReport(ctx, id)
  return exportReport(ctx, report.definition, { ...options, title: report.name })
}

// ---- saved reports ----

interface Row {
  id: string
  ownerId: string | null
  name: string
  description: string | null
  object: string
  definition: unknown
  chartType: string
  shared: boolean
  systemKey: string | null
  createdAt: Date
  updatedAt: Date
}

/** Managers and admins (update on reports with visibility all) look after shared and system reports. */
export const managesReports = (ctx: ServiceContext) => can(ctx, REPORTS, 'update') && objectPermission(ctx, REPORTS).visibility === 'all'

function maySee(ctx: ServiceContext, row: Row): boolean {
  return row.shared || row.ownerId === ctx.actor.userId
}

function mayEdit(ctx: ServiceContext, row: Row): boolean {
  return row.ownerId === ctx.actor.userId ? can(ctx, REPORTS, 'create') || can(ctx, REPORTS, 'update') : managesReports(ctx)
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

function present(ctx: ServiceContext, row: Row): SavedReport {
  const chartType = (CHART_TYPES as readonly string[]).includes(row.chartType) ? (row.chartType as SavedReport['chartType']) : 'table'
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    object: row.object as ReportObjectName,
    definition: parseJson<ReportDefinition>(row.definition),
    chartType,
    shared: row.shared,
    ownerId: row.ownerId,
    system: row.systemKey !== null,
    canEdit: mayEdit(ctx, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

const columns = ['id', 'ownerId', 'name', 'description', 'object', 'definition', 'chartType', 'shared', 'systemKey', 'createdAt', 'updatedAt'] as const

async function findRow(ctx: ServiceContext, id: string): Promise<Row | undefined> {
  return ctx.tx.selectFrom('savedReports').select(columns).where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).executeTakeFirst()
}

/** A saved report the actor may see (else 404: private reports of others do not exist for them). */
export async function loadSavedReport(ctx: ServiceContext, id: string): Promise<SavedReport> {
  authorize(ctx, REPORTS, 'read')
  const row = await findRow(ctx, id)
  if (!row || !maySee(ctx, row)) throw notFound('Report')
  return present(ctx, row)
}

export async function listSavedReports(ctx: ServiceContext): Promise<{ data: SavedReport[] }> {
  authorize(ctx, REPORTS, 'read')
  const rows = await ctx.tx
    .selectFrom('savedReports')
    .select(columns)
    .where('tenantId', '=', ctx.actor.tenantId)
    .where((eb) => eb.or([eb('shared', '=', true), eb('ownerId', '=', ctx.actor.userId)]))
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute()
  return { data: rows.map((row) => present(ctx, row)) }
}

export async function createSavedReport(ctx: ServiceContext, input: SavedReportCreate, systemKey: string | null = null): Promise<SavedReport> {
  if (systemKey === null) authorize(ctx, REPORTS, 'create')
  // The definition must run for its author (unknown or hidden fields are refused now, not later).
  if (systemKey === null) await runGrouped(ctx, input.definition)
  const id = newId()
  await ctx.tx
    .insertInto('savedReports')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      ownerId: systemKey === null ? ctx.actor.userId : null,
      name: input.name,
      description: input.description ?? null,
      object: input.definition.object,
      definition: JSON.stringify(input.definition),
      chartType: input.chartType ?? 'table',
      shared: systemKey !== null || (input.shared ?? false),
      systemKey,
    })
    .execute()
  const saved = present(ctx, (await findRow(ctx, id))!)
  if (systemKey === null) {
    await recordAudit(ctx, { objectType: REPORTS, objectId: id, action: 'create', after: auditable(saved) })
    await emitEvent(ctx, 'report.created', { objectType: REPORTS, objectId: id, payload: { name: saved.name } })
  }
  return saved
}

function auditable(report: SavedReport): Record<string, unknown> {
  const { canEdit: _c, createdAt: _a, updatedAt: _u, ...rest } = report
  return rest
}

export async function updateSavedReport(ctx: ServiceContext, id: string, patch: SavedReportPatch): Promise<SavedReport> {
  authorize(ctx, REPORTS, 'read')
  const row = await findRow(ctx, id)
  if (!row || !maySee(ctx, row)) throw notFound('Report')
  if (!mayEdit(ctx, row)) throw forbidden('Only the owner (or a manager, for shared reports) may change this report.')
  if (patch.definition) await runGrouped(ctx, patch.definition)
  const before = present(ctx, row)
  await ctx.tx
    .updateTable('savedReports')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.definition !== undefined ? { definition: JSON.stringify(patch.definition), object: patch.definition.object } : {}),
      ...(patch.chartType !== undefined ? { chartType: patch.chartType } : {}),
      ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
      updatedAt: new Date(),
    })
    .where('tenantId', '=', ctx.actor.tenantId)
    .where('id', '=', id)
    .execute()
  const after = present(ctx, (await findRow(ctx, id))!)
  if (await recordAudit(ctx, { objectType: REPORTS, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })) {
    await emitEvent(ctx, 'report.updated', { objectType: REPORTS, objectId: id })
  }
  return after
}

export async function deleteSavedReport(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, REPORTS, 'read')
  const row = await findRow(ctx, id)
  if (!row || !maySee(ctx, row)) throw notFound('Report')
  if (!mayEdit(ctx, row)) throw forbidden('Only the owner (or a manager, for shared reports) may delete this report.')
  await ctx.tx.deleteFrom('savedReports').where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: REPORTS, objectId: id, action: 'delete', before: auditable(present(ctx, row)) })
  await emitEvent(ctx, 'report.deleted', { objectType: REPORTS, objectId: id })
}

export async function runSavedReport(ctx: ServiceContext, id: string): Promise<ReportResult> {
  const report = await loadSavedReport(ctx, id)
  return runGrouped(ctx, report.definition)
}
