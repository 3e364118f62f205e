/** Request and response schemas of reports and dashboards (shared by OpenAPI and the web forms). */
import { z } from 'zod'
import { REPORT_OBJECTS } from './reports.catalogue.ts'

const FieldKey = z.string().min(1).max(60)
export const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'countDistinct'] as const
export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const
export const FILTER_OPS = ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'isNull', 'notNull'] as const
export const CHART_TYPES = ['table', 'bar', 'line', 'pie', 'funnel', 'kpi', 'leaderboard'] as const
export const WIDGET_TYPES = ['kpi', 'bar', 'line', 'pie', 'funnel', 'table', 'leaderboard'] as const

const Scalar = z.union([z.string().max(200), z.number()])
export const ReportFilter = z.strictObject({
  field: FieldKey,
  op: z.enum(FILTER_OPS),
  value: z.union([Scalar, z.array(Scalar).max(200)]).nullable().optional(),
})
export type ReportFilter = z.infer<typeof ReportFilter>

export const ReportGroup = z.strictObject({ field: FieldKey, bucket: z.enum(BUCKETS).optional() })
export type ReportGroup = z.infer<typeof ReportGroup>

export const ReportMeasure = z.strictObject({ aggregate: z.enum(AGGREGATES), field: FieldKey.optional() })
export type ReportMeasure = z.infer<typeof ReportMeasure>

export const ReportDefinition = z
  .strictObject({
    object: z.enum(REPORT_OBJECTS),
    filters: z.array(ReportFilter).max(20).optional(),
    groups: z.array(ReportGroup).max(3).optional(),
    /** One more group shown as columns. */
    pivot: ReportGroup.nullable().optional(),
    measures: z.array(ReportMeasure).min(1).max(6).optional(),
    /** Row columns of drill-down and of a report without groups. */
    columns: z.array(FieldKey).max(20).optional(),
    /** Subtotals for every group level (SQL GROUPING SETS); the grand total is always there. */
    subtotals: z.boolean().optional(),
    /** The date field a dashboard's period filter applies to. */
    periodField: FieldKey.nullable().optional(),
  })
  .meta({ id: 'ReportDefinition' })
export type ReportDefinition = z.infer<typeof ReportDefinition>

const Label = z.object({ ja: z.string(), en: z.string() })

export const ReportResultRow = z.object({
  /** How many groups this row is split by: groups.length for a detail row, 0 for the grand total. */
  level: z.number().int(),
  keys: z.array(z.string().nullable()),
  labels: z.array(z.string().nullable()),
  /** Measures over the row (across all pivot columns). */
  values: z.array(z.number().nullable()),
  /** Measures per pivot column, in the order of pivotColumns (pivot reports only). */
  cells: z.array(z.array(z.number().nullable())).optional(),
})
export type ReportResultRow = z.infer<typeof ReportResultRow>

export const ReportResult = z
  .object({
    object: z.enum(REPORT_OBJECTS),
    groups: z.array(z.object({ field: z.string(), label: Label, bucket: z.enum(BUCKETS).nullable() })),
    pivot: z.object({ field: z.string(), label: Label, bucket: z.enum(BUCKETS).nullable() }).nullable(),
    pivotColumns: z.array(z.object({ key: z.string().nullable(), label: z.string().nullable() })),
    measures: z.array(z.object({ aggregate: z.enum(AGGREGATES), field: z.string().nullable(), label: Label })),
    rows: z.array(ReportResultRow),
    /** More groups than the limit: the rows stop early (totals stay right). */
    truncated: z.boolean(),
  })
  .meta({ id: 'ReportResult' })
export type ReportResult = z.infer<typeof ReportResult>

export const DrillRequest = z
  .strictObject({
    definition: ReportDefinition,
    /** The group keys of the clicked row, outermost first (fewer than groups = a subtotal; none = the grand total). */
    path: z.array(z.string().nullable()).max(3),
    /** The pivot column clicked, when the report has one; leave it out for the row total. */
    pivotKey: z.string().nullable().optional(),
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(500).optional(),
  })
  .meta({ id: 'ReportDrill' })
export type DrillRequest = z.infer<typeof DrillRequest>

export const DrillResult = z
  .object({
    columns: z.array(z.object({ key: z.string(), label: Label, type: z.string() })),
    data: z.array(z.object({ id: z.string(), values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) })),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  })
  .meta({ id: 'ReportDrillResult' })
export type DrillResult = z.infer<typeof DrillResult>

export const ReportCatalogueQuery = z.strictObject({ object: z.enum(REPORT_OBJECTS) })
export const ReportCatalogue = z
  .object({
    objects: z.array(z.object({ name: z.enum(REPORT_OBJECTS), label: Label })),
    object: z.enum(REPORT_OBJECTS),
    fields: z.array(z.object({ key: z.string(), label: Label, type: z.string(), enumValues: z.array(z.string()).nullable() })),
  })
  .meta({ id: 'ReportCatalogue' })
export type ReportCatalogue = z.infer<typeof ReportCatalogue>

export const REPORT_FORMATS = ['csv', 'pdf'] as const
export const ReportExport = z
  .strictObject({
    definition: ReportDefinition,
    locale: z.enum(['ja', 'en']).optional(),
    format: z.enum(REPORT_FORMATS).optional(),
    /** The PDF's title (e.g. the name in the builder); default 「商談レポート」 and the like. */
    title: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'ReportExport' })

export const SavedReportCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    definition: ReportDefinition,
    chartType: z.enum(CHART_TYPES).optional(),
    shared: z.boolean().optional(),
  })
  .meta({ id: 'SavedReportCreate' })
export type SavedReportCreate = z.infer<typeof SavedReportCreate>

export const SavedReportPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    definition: ReportDefinition.optional(),
    chartType: z.enum(CHART_TYPES).optional(),
    shared: z.boolean().optional(),
  })
  .meta({ id: 'SavedReportPatch' })
export type SavedReportPatch = z.infer<typeof SavedReportPatch>

export const SavedReport = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    object: z.enum(REPORT_OBJECTS),
    definition: ReportDefinition,
    chartType: z.enum(CHART_TYPES),
    shared: z.boolean(),
    ownerId: z.string().nullable(),
    system: z.boolean(),
    canEdit: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedReport' })
export type SavedReport = z.infer<typeof SavedReport>
