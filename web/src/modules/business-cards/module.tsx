/** 名刺 (business cards): fast entry of a card as a contact linked to its company, reached from the contacts list. */
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const BusinessCardPage = lazy(() => import('./BusinessCardPage.tsx'))

export const businessCardsModule: WebModule = {
  id: 'businessCards',
  locales: { namespace: 'businessCards', ja, en },
  routes: [{ path: '/contacts/business-card', element: <BusinessCardPage />, permission: { object: 'contacts', action: 'create' } }],
}
