/** Contacts (担当者): list, detail with companies and history, create/edit, delete. */
import { IconAddressBook } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ContactListPage = lazy(() => import('./ContactListPage.tsx'))
const ContactDetailPage = lazy(() => import('./ContactDetailPage.tsx'))
const ContactFormPage = lazy(() => import('./ContactFormPage.tsx'))

const read = { object: 'contacts', action: 'read' } as const

export const contactsModule: WebModule = {
  id: 'contacts',
  locales: { namespace: 'contacts', ja, en },
  nav: [{ label: 'contacts:nav', path: '/contacts', icon: IconAddressBook, permission: read, group: 'main', testId: 'nav-contacts' }],
  routes: [
    { path: '/contacts', element: <ContactListPage />, permission: read },
    { path: '/contacts/new', element: <ContactFormPage />, permission: { object: 'contacts', action: 'create' } },
    { path: '/contacts/:id', element: <ContactDetailPage />, permission: read },
    { path: '/contacts/:id/edit', element: <ContactFormPage />, permission: { object: 'contacts', action: 'update' } },
  ],
  shortcuts: [
    {
      label: 'contacts:shortcut',
      description: 'contacts:shortcutDescription',
      path: '/contacts',
      icon: IconAddressBook,
      permission: read,
      testId: 'shortcut-contacts',
    },
  ],
}
