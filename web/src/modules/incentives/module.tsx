/** Incentives (インセンティブ): statements for reps and managers, commission plans for admins. */
import { IconCoins, IconReceipt2 } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const StatementsPage = lazy(() => import('./StatementsPage.tsx'))
const CommissionPlansPage = lazy(() => import('./CommissionPlansPage.tsx'))

// Every member has statements (their own); the plans are for admins.
const statements = { object: 'deals', action: 'read' } as const
const plans = { object: 'commissionPlans', action: 'update' } as const

export const incentivesModule: WebModule = {
  id: 'incentives',
  locales: { namespace: 'incentives', ja, en },
  nav: [
    { label: 'incentives:statements.nav', path: '/incentives', icon: IconReceipt2, permission: statements, group: 'main', testId: 'nav-incentives' },
    { label: 'incentives:plans.nav', path: '/admin/commission-plans', icon: IconCoins, permission: plans, group: 'admin', testId: 'nav-admin-commission-plans' },
  ],
  routes: [
    { path: '/incentives', element: <StatementsPage />, permission: statements },
    { path: '/admin/commission-plans', element: <CommissionPlansPage />, permission: plans },
  ],
}
