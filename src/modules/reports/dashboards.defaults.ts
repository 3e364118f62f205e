/**
 * The dashboards every tenant starts with (sales, customer, activity), made on the first read.
 * Each widget is a shared system report, so it can be opened in the builder and drilled into.
 */
import type { WidgetOptions } from './dashboards.schema.ts'
import type { ReportDefinition } from './reports.schema.ts'

export interface DefaultWidget {
  key: string
  title: { ja: string; en: string }
  type: 'kpi' | 'bar' | 'line' | 'pie' | 'funnel' | 'table' | 'leaderboard'
  chartType: 'table' | 'bar' | 'line' | 'pie' | 'funnel' | 'kpi' | 'leaderboard'
  options?: WidgetOptions
  definition: ReportDefinition
}

export interface DefaultDashboard {
  key: 'sales' | 'customer' | 'activity'
  name: { ja: string; en: string }
  widgets: DefaultWidget[]
}

const won = { field: 'status', op: 'eq' as const, value: 'won' }
const open = { field: 'status', op: 'eq' as const, value: 'open' }

export const DEFAULT_DASHBOARDS: DefaultDashboard[] = [
  {
    key: 'sales',
    name: { ja: '営業ダッシュボード', en: 'Sales dashboard' },
    widgets: [
      { key: 'revenue', title: { ja: '売上（受注金額）', en: 'Revenue (won)' }, type: 'kpi', chartType: 'kpi', options: { format: 'money' }, definition: { object: 'deals', filters: [won], measures: [{ aggregate: 'sum', field: 'amount' }], periodField: 'closedAt' } },
      { key: 'pipeline', title: { ja: 'パイプライン金額', en: 'Open pipeline' }, type: 'kpi', chartType: 'kpi', options: { format: 'money' }, definition: { object: 'deals', filters: [open], measures: [{ aggregate: 'sum', field: 'amount' }, { aggregate: 'count' }], periodField: 'expectedCloseDate' } },
      { key: 'winRate', title: { ja: '受注率', en: 'Win rate' }, type: 'kpi', chartType: 'kpi', options: { format: 'percent' }, definition: { object: 'deals', filters: [{ field: 'status', op: 'in', value: ['won', 'lost'] }], measures: [{ aggregate: 'avg', field: 'won' }], periodField: 'closedAt' } },
      { key: 'averageDealSize', title: { ja: '平均受注額', en: 'Average deal size' }, type: 'kpi', chartType: 'kpi', options: { format: 'money' }, definition: { object: 'deals', filters: [won], measures: [{ aggregate: 'avg', field: 'amount' }], periodField: 'closedAt' } },
      { key: 'salesCycle', title: { ja: '平均商談期間', en: 'Average sales cycle' }, type: 'kpi', chartType: 'kpi', options: { format: 'days' }, definition: { object: 'deals', filters: [won], measures: [{ aggregate: 'avg', field: 'cycleDays' }], periodField: 'closedAt' } },
      { key: 'revenueByMonth', title: { ja: '月別の売上', en: 'Revenue by month' }, type: 'line', chartType: 'line', options: { format: 'money' }, definition: { object: 'deals', filters: [won], groups: [{ field: 'closedAt', bucket: 'month' }], measures: [{ aggregate: 'sum', field: 'amount' }], periodField: 'closedAt' } },
      { key: 'pipelineByStage', title: { ja: 'フェーズ別パイプライン', en: 'Pipeline by stage' }, type: 'funnel', chartType: 'funnel', options: { format: 'money' }, definition: { object: 'deals', filters: [open], groups: [{ field: 'stage' }], measures: [{ aggregate: 'sum', field: 'amount' }, { aggregate: 'count' }], periodField: 'expectedCloseDate' } },
      { key: 'topReps', title: { ja: '担当者別の受注ランキング', en: 'Top reps by revenue' }, type: 'leaderboard', chartType: 'leaderboard', options: { format: 'money' }, definition: { object: 'deals', filters: [won], groups: [{ field: 'owner' }], measures: [{ aggregate: 'sum', field: 'amount' }, { aggregate: 'count' }], periodField: 'closedAt' } },
    ],
  },
  {
    key: 'customer',
    name: { ja: '顧客ダッシュボード', en: 'Customer dashboard' },
    widgets: [
      { key: 'activeCustomers', title: { ja: '稼働顧客数', en: 'Active customers' }, type: 'kpi', chartType: 'kpi', options: { format: 'number' }, definition: { object: 'accounts', filters: [{ field: 'segment', op: 'in', value: ['loyal', 'repeat', 'one_time'] }], measures: [{ aggregate: 'count' }] } },
      { key: 'retention', title: { ja: 'リピート率', en: 'Retention (repeat buyers)' }, type: 'kpi', chartType: 'kpi', options: { format: 'percent' }, definition: { object: 'accounts', measures: [{ aggregate: 'avg', field: 'retained' }] } },
      { key: 'churn', title: { ja: '離反率', en: 'Churn' }, type: 'kpi', chartType: 'kpi', options: { format: 'percent' }, definition: { object: 'accounts', measures: [{ aggregate: 'avg', field: 'churned' }] } },
      { key: 'clvDistribution', title: { ja: 'CLVの分布', en: 'CLV distribution' }, type: 'bar', chartType: 'bar', options: { format: 'number' }, definition: { object: 'accounts', filters: [{ field: 'clvBand', op: 'notNull' }], groups: [{ field: 'clvBand' }], measures: [{ aggregate: 'count' }] } },
      { key: 'segments', title: { ja: 'RFMセグメント', en: 'RFM segments' }, type: 'pie', chartType: 'pie', options: { format: 'number' }, definition: { object: 'accounts', filters: [{ field: 'segment', op: 'notNull' }], groups: [{ field: 'segment' }], measures: [{ aggregate: 'count' }] } },
      { key: 'topCustomers', title: { ja: 'CLV上位の取引先', en: 'Top customers by CLV' }, type: 'leaderboard', chartType: 'leaderboard', options: { format: 'money' }, definition: { object: 'accounts', filters: [{ field: 'clv', op: 'notNull' }], groups: [{ field: 'name' }], measures: [{ aggregate: 'sum', field: 'clv' }] } },
    ],
  },
  {
    key: 'activity',
    name: { ja: '活動ダッシュボード', en: 'Activity dashboard' },
    widgets: [
      { key: 'activities', title: { ja: '活動件数', en: 'Activities' }, type: 'kpi', chartType: 'kpi', options: { format: 'number' }, definition: { object: 'activities', measures: [{ aggregate: 'count' }], periodField: 'createdAt' } },
      { key: 'byWeek', title: { ja: '週別の活動件数', en: 'Activities by week' }, type: 'bar', chartType: 'bar', options: { format: 'number' }, definition: { object: 'activities', groups: [{ field: 'createdAt', bucket: 'week' }], measures: [{ aggregate: 'count' }], periodField: 'createdAt' } },
      { key: 'byKind', title: { ja: '種別ごとの活動', en: 'Activities by kind' }, type: 'pie', chartType: 'pie', options: { format: 'number' }, definition: { object: 'activities', groups: [{ field: 'kind' }], measures: [{ aggregate: 'count' }], periodField: 'createdAt' } },
      { key: 'topOwners', title: { ja: '担当者別の活動件数', en: 'Most active reps' }, type: 'leaderboard', chartType: 'leaderboard', options: { format: 'number' }, definition: { object: 'activities', groups: [{ field: 'owner' }], measures: [{ aggregate: 'count' }], periodField: 'createdAt' } },
      { key: 'ownerByKind', title: { ja: '担当者 × 種別', en: 'Reps by kind' }, type: 'table', chartType: 'table', definition: { object: 'activities', groups: [{ field: 'owner' }], pivot: { field: 'kind' }, measures: [{ aggregate: 'count' }], periodField: 'createdAt' } },
    ],
  },
]
