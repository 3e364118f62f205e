/** Leads (リード): list, detail with 商談化, lead settings (web forms, scoring, assignment) and the public form page. */
import { IconTargetArrow } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const LeadListPage = lazy(() => import('./LeadListPage.tsx'))
const LeadDetailPage = lazy(() => import('./LeadDetailPage.tsx'))
const LeadSettingsPage = lazy(() => import('./LeadSettingsPage.tsx'))
const PublicLeadFormPage = lazy(() => import('./PublicLeadFormPage.tsx'))

const read = { object: 'leads', action: 'read' } as const

export const leadsModule: WebModule = {
  id: 'leads',
  locales: { namespace: 'leads', ja, en },
  nav: [{ label: 'leads:nav', path: '/leads', icon: IconTargetArrow, permission: read, group: 'main', testId: 'nav-leads' }],
  routes: [
    { path: '/leads', element: <LeadListPage />, permission: read },
    { path: '/leads/settings', element: <LeadSettingsPage />, permission: { object: 'leadSettings', action: 'read' } },
    { path: '/leads/:id', element: <LeadDetailPage />, permission: read },
  ],
  publicRoutes: [{ path: '/forms/:key', element: <PublicLeadFormPage /> }],
  shortcuts: [{ label: 'leads:shortcut', description: 'leads:shortcutDescription', path: '/leads', icon: IconTargetArrow, permission: read, testId: 'shortcut-leads' }],
}
