/** Reports (レポート) and dashboards (ダッシュボード). */
import { IconLayoutDashboard, IconReportAnalytics } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ReportBuilderPage = lazy(() => import('./ReportBuilderPage.tsx'))
const DashboardsPage = lazy(() => import('./DashboardsPage.tsx'))
const read = { object: 'reports', action: 'read' } as const

export const reportsModule: WebModule = {
  id: 'reports',
  locales: { namespace: 'reports', ja, en },
  nav: [
    { label: 'reports:navDashboards', path: '/dashboards', icon: IconLayoutDashboard, permission: read, group: 'main', testId: 'nav-dashboards' },
    { label: 'reports:navReports', path: '/reports', icon: IconReportAnalytics, permission: read, group: 'main', testId: 'nav-reports' },
  ],
  routes: [
    { path: '/reports', element: <ReportBuilderPage />, permission: read },
    { path: '/dashboards', element: <DashboardsPage />, permission: read },
  ],
}
