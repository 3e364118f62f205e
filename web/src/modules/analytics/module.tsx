/** Analytics: customer segments (RFM). */
import { IconChartDots } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const SegmentsPage = lazy(() => import('./SegmentsPage.tsx'))
const read = { object: 'analytics', action: 'read' } as const

export const analyticsModule: WebModule = {
  id: 'analytics',
  locales: { namespace: 'analytics', ja, en },
  nav: [{ label: 'analytics:nav', path: '/analytics/segments', icon: IconChartDots, permission: read, group: 'main', testId: 'nav-analytics' }],
  routes: [{ path: '/analytics/segments', element: <SegmentsPage />, permission: read }],
}
