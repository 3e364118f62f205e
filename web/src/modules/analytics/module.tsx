/** Analytics: customer segments (RFM) and the predictive models (churn, cohorts, market basket). */
import { IconChartDots, IconCrystalBall } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const SegmentsPage = lazy(() => import('./SegmentsPage.tsx'))
const PredictiveModelsPage = lazy(() => import('./PredictiveModelsPage.tsx'))
const read = { object: 'analytics', action: 'read' } as const

export const analyticsModule: WebModule = {
  id: 'analytics',
  locales: { namespace: 'analytics', ja, en },
  nav: [
    { label: 'analytics:nav', path: '/analytics/segments', icon: IconChartDots, permission: read, group: 'main', testId: 'nav-analytics' },
    { label: 'analytics:models.nav', path: '/analytics/models', icon: IconCrystalBall, permission: read, group: 'main', testId: 'nav-analytics-models' },
  ],
  routes: [
    { path: '/analytics/segments', element: <SegmentsPage />, permission: read },
    { path: '/analytics/models', element: <PredictiveModelsPage />, permission: read },
  ],
}
