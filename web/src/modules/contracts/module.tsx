/** Contracts (契約): list with filters, detail with renewal and status history, create/edit. */
import { IconFileCertificate } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ContractListPage = lazy(() => import('./ContractListPage.tsx'))
const ContractDetailPage = lazy(() => import('./ContractDetailPage.tsx'))
const ContractFormPage = lazy(() => import('./ContractFormPage.tsx'))

const read = { object: 'contracts', action: 'read' } as const

export const contractsModule: WebModule = {
  id: 'contracts',
  locales: { namespace: 'contracts', ja, en },
  nav: [{ label: 'contracts:nav', path: '/contracts', icon: IconFileCertificate, permission: read, group: 'main', testId: 'nav-contracts' }],
  routes: [
    { path: '/contracts', element: <ContractListPage />, permission: read },
    { path: '/contracts/new', element: <ContractFormPage />, permission: { object: 'contracts', action: 'create' } },
    { path: '/contracts/:id', element: <ContractDetailPage />, permission: read },
    { path: '/contracts/:id/edit', element: <ContractFormPage />, permission: { object: 'contracts', action: 'update' } },
  ],
  shortcuts: [
    { label: 'contracts:shortcut', description: 'contracts:shortcutDescription', path: '/contracts', icon: IconFileCertificate, permission: read, testId: 'shortcut-contracts' },
  ],
}
