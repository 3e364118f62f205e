/** Custom fields (カスタム項目): the admin screen; forms and detail pages mount the inputs and values from this folder. */
import { IconForms } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const CustomFieldsAdminPage = lazy(() => import('./CustomFieldsAdminPage.tsx'))

// Everyone reads the definitions (to show the values), so the screen asks for the right to define them.
const define = { object: 'customFields', action: 'create' } as const

export const customFieldsModule: WebModule = {
  id: 'custom-fields',
  locales: { namespace: 'customFields', ja, en },
  nav: [{ label: 'customFields:nav', path: '/admin/custom-fields', icon: IconForms, permission: define, group: 'admin', testId: 'nav-admin-custom-fields' }],
  routes: [{ path: '/admin/custom-fields', element: <CustomFieldsAdminPage />, permission: define }],
}
