/** 名寄せ (duplicates): the queue of candidate pairs with "scan now", and the field-by-field merge screen. */
import { IconArrowsJoin2 } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const DuplicateQueuePage = lazy(() => import('./DuplicateQueuePage.tsx'))
const MergePage = lazy(() => import('./MergePage.tsx'))

// Merging deletes the merged-away record, so the page is for roles that may delete contacts.
const mergeRight = { object: 'contacts', action: 'delete' } as const

export const duplicatesModule: WebModule = {
  id: 'duplicates',
  locales: { namespace: 'duplicates', ja, en },
  nav: [{ label: 'duplicates:nav', path: '/duplicates', icon: IconArrowsJoin2, permission: mergeRight, group: 'main', testId: 'nav-duplicates' }],
  routes: [
    { path: '/duplicates', element: <DuplicateQueuePage />, permission: { object: 'contacts', action: 'read' } },
    { path: '/duplicates/merge', element: <MergePage />, permission: { object: 'contacts', action: 'read' } },
  ],
}
