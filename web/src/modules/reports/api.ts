/** Reports and dashboards over the API: types, react-query hooks, the CSV/PDF download and delivery schedules. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type ReportObjectName = 'deals' | 'accounts' | 'activities' | 'salesDocumentLines'
export type Aggregate = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct'
export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year'
export type ChartType = 'table' | 'bar' | 'line' | 'pie' | 'funnel' | 'kpi' | 'leaderboard'
export type FilterOp = 'eq' | 'neq' | 'in' | 'notIn' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'contains' | 'isNull' | 'notNull'
export interface Label {
  ja: string
  en: string
}

export interface ReportFilter {
  field: string
  op: FilterOp
  value?: string | number | (string | number)[] | null
}
export interface ReportGroup {
  field: string
  bucket?: Bucket
}
export interface ReportMeasure {
  aggregate: Aggregate
  field?: string
}
export interface ReportDefinition {
  object: ReportObjectName
  filters?: ReportFilter[]
  groups?: ReportGroup[]
  pivot?: ReportGroup | null
  measures?: ReportMeasure[]
  columns?: string[]
  subtotals?: boolean
  periodField?: string | null
}

export interface ReportRow {
  level: number
  keys: (string | null)[]
  labels: (string | null)[]
  values: (number | null)[]
  cells?: (number | null)[][]
}
export interface ReportResult {
  object: ReportObjectName
  groups: { field: string; label: Label; bucket: Bucket | null }[]
  pivot: { field: string; label: Label; bucket: Bucket | null } | null
  pivotColumns: { key: string | null; label: string | null }[]
  measures: { aggregate: Aggregate; field: string | null; label: Label }[]
  rows: ReportRow[]
  truncated: boolean
}

export interface CatalogueField {
  key: string
  label: Label
  type: 'string' | 'number' | 'money' | 'date' | 'timestamp' | 'enum' | 'ref'
  enumValues: string[] | null
}
export interface ReportCatalogue {
  objects: { name: ReportObjectName; label: Label }[]
  object: ReportObjectName
  fields: CatalogueField[]
}

export interface DrillResult {
  columns: { key: string; label: Label; type: string }[]
  data: { id: string; values: Record<string, string | number | null> }[]
  nextCursor: string | null
  total: number
}

export interface SavedReport {
  id: string
  name: string
  description: string | null
  object: ReportObjectName
  definition: ReportDefinition
  chartType: ChartType
  shared: boolean
  ownerId: string | null
  system: boolean
  canEdit: boolean
}

export type WidgetType = 'kpi' | 'bar' | 'line' | 'pie' | 'funnel' | 'table' | 'leaderboard'
export interface Widget {
  id: string
  reportId: string
  type: WidgetType
  title: string
  options: { measure?: number; format?: 'number' | 'money' | 'percent' | 'days' }
  position: number
}
export interface Dashboard {
  id: string
  name: string
  shared: boolean
  ownerId: string | null
  systemKey: string | null
  canEdit: boolean
  widgets: Widget[]
}
export interface DashboardData {
  dashboard: Dashboard
  /** When the widgets were computed; the server reuses them for a few minutes unless refreshed. */
  asOf: string
  reused: boolean
  widgets: (Widget & { result: ReportResult | null; error: { code: string; message: string } | null })[]
}

export function useReportCatalogue(object: ReportObjectName) {
  return useQuery({ queryKey: ['reports', 'catalogue', object], queryFn: () => api.get<ReportCatalogue>('/api/v1/reports/catalogue', { object }) })
}

export function useRunReport() {
  return useMutation({ mutationFn: (definition: ReportDefinition) => api.post<ReportResult>('/api/v1/reports/run', definition) })
}

export function drillReport(body: { definition: ReportDefinition; path: (string | null)[]; pivotKey?: string | null; cursor?: string; limit?: number }) {
  return api.post<DrillResult>('/api/v1/reports/drill', body)
}

export function useSavedReports() {
  return useQuery({ queryKey: ['reports', 'saved'], queryFn: () => api.get<{ data: SavedReport[] }>('/api/v1/reports') })
}

export function useSavedReport(id: string | null) {
  return useQuery({ queryKey: ['reports', 'saved', id], queryFn: () => api.get<SavedReport>(`/api/v1/reports/${id}`), enabled: id !== null })
}

export function useSaveReport() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id?: string; name: string; definition: ReportDefinition; chartType: ChartType; shared: boolean }) => {
      const { id, ...body } = input
      return id ? api.patch<SavedReport>(`/api/v1/reports/${id}`, body) : api.post<SavedReport>('/api/v1/reports', body)
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['reports', 'saved'] }),
  })
}

export function useDashboards() {
  return useQuery({ queryKey: ['dashboards'], queryFn: () => api.get<{ data: Dashboard[] }>('/api/v1/dashboards') })
}

export function useDashboardData(id: string | null, filters: { from?: string; to?: string; teamId?: string }) {
  return useQuery({
    queryKey: ['dashboards', id, 'data', filters],
    queryFn: () => api.get<DashboardData>(`/api/v1/dashboards/${id}/data`, filters),
    enabled: id !== null,
  })
}

/** Runs every widget again now (更新) and shows the fresh data in place of the kept one. */
export function useRefreshDashboardData(id: string | null, filters: { from?: string; to?: string; teamId?: string }) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.get<DashboardData>(`/api/v1/dashboards/${id}/data`, { ...filters, refresh: 'true' }),
    onSuccess: (data) => client.setQueryData(['dashboards', id, 'data', filters], data),
  })
}

export function useCreateDashboard() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; shared?: boolean }) => api.post<Dashboard>('/api/v1/dashboards', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }),
  })
}

export function useAddWidget() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ dashboardId, ...body }: { dashboardId: string; reportId: string; type: WidgetType; title: string }) => api.post<Widget>(`/api/v1/dashboards/${dashboardId}/widgets`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }),
  })
}

export function useRemoveWidget() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ dashboardId, widgetId }: { dashboardId: string; widgetId: string }) => api.delete(`/api/v1/dashboards/${dashboardId}/widgets/${widgetId}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }),
  })
}

/** POSTs the definition and saves the CSV (UTF-8 with BOM) or PDF the server returns. */
export async function downloadReport(
  definition: ReportDefinition,
  options: { locale: 'ja' | 'en'; format: 'csv' | 'pdf'; title?: string },
  csrfToken: string | null,
): Promise<void> {
  const { locale, format } = options
  const title = options.title?.trim() || undefined
  const response = await fetch('/api/v1/reports/export', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    body: JSON.stringify({ definition, locale, format, ...(title ? { title } : {}) }),
  })
  if (!response.ok) throw new ApiError(response.status, 'internal', `HTTP ${response.status}`)
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = `report-${new Date().toISOString().slice(0, 10)}.${format}`
  document.body.appendChild(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}

// ---- scheduled delivery (配信スケジュール) ----

export type Cadence = 'daily' | 'weekly' | 'monthly'
export interface ReportSchedule {
  id: string
  reportId: string
  createdBy: string | null
  recipients: { userId: string; name: string | null; email: string | null }[]
  cadence: Cadence
  weekday: number | null
  dayOfMonth: number | null
  hour: number
  timeZone: string
  format: 'csv' | 'pdf'
  locale: 'ja' | 'en'
  active: boolean
  nextRunAt: string
  lastSentAt: string | null
  lastError: string | null
  canEdit: boolean
  createdAt: string
  updatedAt: string
}
export interface ReportScheduleInput {
  recipientUserIds: string[]
  cadence: Cadence
  weekday?: number | null
  dayOfMonth?: number | null
  hour: number
  timeZone?: string
  format: 'csv' | 'pdf'
  locale: 'ja' | 'en'
}

export function useReportSchedules(reportId: string) {
  return useQuery({ queryKey: ['reports', 'schedules', reportId], queryFn: () => api.get<{ data: ReportSchedule[] }>(`/api/v1/reports/${reportId}/schedules`) })
}

/** Members to pick recipients from (the same list other pickers share). */
export function useMemberOptions() {
  return useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => api.get<Page<{ id: string; name: string; status?: string }>>('/api/v1/users', { limit: 200 }),
    select: (p) => p.data,
    staleTime: 60_000,
  })
}

export function useReportScheduleMutations(reportId: string) {
  const client = useQueryClient()
  const onSuccess = () => void client.invalidateQueries({ queryKey: ['reports', 'schedules', reportId] })
  return {
    create: useMutation({ mutationFn: (input: ReportScheduleInput) => api.post<ReportSchedule>(`/api/v1/reports/${reportId}/schedules`, input), onSuccess }),
    update: useMutation({ mutationFn: ({ id, ...patch }: { id: string } & Partial<ReportScheduleInput> & { active?: boolean }) => api.patch<ReportSchedule>(`/api/v1/report-schedules/${id}`, patch), onSuccess }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`/api/v1/report-schedules/${id}`), onSuccess }),
    sendNow: useMutation({ mutationFn: (id: string) => api.post<{ queued: number }>(`/api/v1/report-schedules/${id}/send-now`, {}), onSuccess }),
  }
}
