/** Request and response schemas of dashboards and their widgets. */
import { z } from 'zod'
import { ReportResult, WIDGET_TYPES } from './reports.schema.ts'

export const WidgetOptions = z.strictObject({
  /** Which measure (index) a KPI tile, chart or leaderboard shows. */
  measure: z.number().int().min(0).max(5).optional(),
  format: z.enum(['number', 'money', 'percent', 'days']).optional(),
})
export type WidgetOptions = z.infer<typeof WidgetOptions>

export const Widget = z.object({
  id: z.string(),
  reportId: z.string(),
  type: z.enum(WIDGET_TYPES),
  title: z.string(),
  options: WidgetOptions,
  position: z.number().int(),
})
export type Widget = z.infer<typeof Widget>

export const Dashboard = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean(),
    ownerId: z.string().nullable(),
    /** sales / customer / activity for the defaults every tenant gets; null for users' own. */
    systemKey: z.string().nullable(),
    canEdit: z.boolean(),
    widgets: z.array(Widget),
    createdAt: z.string(),
  })
  .meta({ id: 'Dashboard' })
export type Dashboard = z.infer<typeof Dashboard>

export const DashboardCreate = z
  .strictObject({ name: z.string().trim().min(1).max(200), shared: z.boolean().optional() })
  .meta({ id: 'DashboardCreate' })
export type DashboardCreate = z.infer<typeof DashboardCreate>

export const DashboardPatch = z
  .strictObject({ name: z.string().trim().min(1).max(200).optional(), shared: z.boolean().optional() })
  .meta({ id: 'DashboardPatch' })
export type DashboardPatch = z.infer<typeof DashboardPatch>

export const WidgetCreate = z
  .strictObject({
    reportId: z.uuid(),
    type: z.enum(WIDGET_TYPES),
    title: z.string().trim().min(1).max(200),
    options: WidgetOptions.optional(),
  })
  .meta({ id: 'WidgetCreate' })
export type WidgetCreate = z.infer<typeof WidgetCreate>

export const WidgetParams = z.strictObject({ id: z.uuid(), widgetId: z.uuid() })

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
/** Querystring: no `.meta({id})` here (a named querystring schema broke /api/openapi.json). */
export const DashboardDataQuery = z.strictObject({
  from: DateOnly.optional(),
  to: DateOnly.optional(),
  teamId: z.uuid().optional(),
  refresh: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: run every widget now instead of reusing data computed in the last few minutes'),
})
export type DashboardDataQuery = z.infer<typeof DashboardDataQuery>

export const DashboardData = z
  .object({
    dashboard: Dashboard,
    filters: z.object({ from: z.string().nullable(), to: z.string().nullable(), teamId: z.string().nullable() }),
    /** When the widgets' data was computed (「時点」); data is reused for a few minutes unless refreshed. */
    asOf: z.iso.datetime(),
    /** True when this answer reused data computed earlier for you with the same filters. */
    reused: z.boolean(),
    widgets: z.array(
      Widget.extend({
        result: ReportResult.nullable(),
        /** Why this widget has no data for you (e.g. its report uses a field your role may not see). */
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'DashboardData' })
export type DashboardData = z.infer<typeof DashboardData>
