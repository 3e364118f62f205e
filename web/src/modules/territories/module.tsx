/** Territories (テリトリー): the admin page of territories by prefecture and industry. */
import { IconMap2 } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const TerritoriesPage = lazy(() => import('./TerritoriesPage.tsx'))

// Everyone may read territories (accounts show theirs); the admin page asks for the right to change them.
const manage = { object: 'territories', action: 'create' } as const

export const territoriesModule: WebModule = {
  id: 'territories',
  locales: { namespace: 'territories', ja, en },
  nav: [{ label: 'territories:nav', path: '/admin/territories', icon: IconMap2, permission: manage, group: 'admin', testId: 'nav-admin-territories' }],
  routes: [{ path: '/admin/territories', element: <TerritoriesPage />, permission: manage }],
}
