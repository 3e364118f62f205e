/**
 * Reports (レポート) and dashboards (ダッシュボード): a report builder over a whitelist of fields,
 * drill-down, CSV, saved reports and dashboards of widgets. Other modules use only this file.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({ name: 'reports', label: { ja: 'レポート・ダッシュボード', en: 'Reports and dashboards' }, fields: [] })

export { registerReportRoutes } from './reports.routes.ts'
export * from './reports.service.ts'
export { registerDashboardRoutes } from './dashboards.routes.ts'
export * from './dashboards.service.ts'
