/** Deals (商談): the kanban board of a pipeline, deal detail with stage history. */
import { IconChartBar, IconLayoutKanban } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const DealBoardPage = lazy(() => import('./DealBoardPage.tsx'))
const DealDetailPage = lazy(() => import('./DealDetailPage.tsx'))
const ForecastPage = lazy(() => import('./ForecastPage.tsx'))

const read = { object: 'deals', action: 'read' } as const

export const dealsModule: WebModule = {
  id: 'deals',
  locales: { namespace: 'deals', ja, en },
  nav: [
    { label: 'deals:nav', path: '/deals', icon: IconLayoutKanban, permission: read, group: 'main', testId: 'nav-deals' },
    { label: 'deals:forecastNav', path: '/forecast', icon: IconChartBar, permission: read, group: 'main', testId: 'nav-forecast' },
  ],
  routes: [
    { path: '/deals', element: <DealBoardPage />, permission: read },
    { path: '/deals/:id', element: <DealDetailPage />, permission: read },
    { path: '/forecast', element: <ForecastPage />, permission: read },
  ],
  shortcuts: [
    { label: 'deals:shortcut', description: 'deals:shortcutDescription', path: '/deals', icon: IconLayoutKanban, permission: read, testId: 'shortcut-deals' },
  ],
}
