/**
 * Reports (レポート) and dashboards (ダッシュボード): report builder, drill-down, CSV and PDF, saved
 * reports, scheduled email delivery and dashboards. Other modules use only this file.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import './reports.schedules.jobs.ts'
import './line-rollups.ts'

registerAccessObject({ name: 'reports', label: { ja: 'レポート・ダッシュボード', en: 'Reports and dashboards' }, fields: [] })

export { registerReportRoutes } from './reports.routes.ts'
export * from './reports.service.ts'
export { createReportSchedule, deleteReportSchedule, listReportSchedules, sendReportScheduleNow, updateReportSchedule } from './reports.schedules.service.ts'
export { registerDashboardRoutes } from './dashboards.routes.ts'
export * from './dashboards.service.ts'
