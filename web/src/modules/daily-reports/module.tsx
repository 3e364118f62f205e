/** 日報 (daily reports). */
import { IconNotebook } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const DailyReportsPage = lazy(() => import('./DailyReportsPage.tsx'))
const read = { object: 'dailyReports', action: 'read' } as const

export const dailyReportsModule: WebModule = {
  id: 'dailyReports',
  locales: { namespace: 'dailyReports', ja, en },
  nav: [{ label: 'dailyReports:nav', path: '/daily-reports', icon: IconNotebook, permission: read, group: 'main', testId: 'nav-daily-reports' }],
  routes: [{ path: '/daily-reports', element: <DailyReportsPage />, permission: read }],
}
