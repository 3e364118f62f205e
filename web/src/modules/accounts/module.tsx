/** Accounts (取引先): list, detail, create/edit, delete. */
import { IconBuildingSkyscraper } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const AccountListPage = lazy(() => import('./AccountListPage.tsx'))
const AccountDetailPage = lazy(() => import('./AccountDetailPage.tsx'))
const AccountFormPage = lazy(() => import('./AccountFormPage.tsx'))

const read = { object: 'accounts', action: 'read' } as const

export const accountsModule: WebModule = {
  id: 'accounts',
  locales: { namespace: 'accounts', ja, en },
  nav: [{ label: 'accounts:nav', path: '/accounts', icon: IconBuildingSkyscraper, permission: read, group: 'main', testId: 'nav-accounts' }],
  routes: [
    { path: '/accounts', element: <AccountListPage />, permission: read },
    { path: '/accounts/new', element: <AccountFormPage />, permission: { object: 'accounts', action: 'create' } },
    { path: '/accounts/:id', element: <AccountDetailPage />, permission: read },
    { path: '/accounts/:id/edit', element: <AccountFormPage />, permission: { object: 'accounts', action: 'update' } },
  ],
  shortcuts: [
    {
      label: 'accounts:shortcut',
      description: 'accounts:shortcutDescription',
      path: '/accounts',
      icon: IconBuildingSkyscraper,
      permission: read,
      testId: 'shortcut-accounts',
    },
  ],
}
