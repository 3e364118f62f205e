/** Quotes, orders and invoices (見積書・受注・請求書), and the invoice issuer settings for admins. */
import { IconFileDollar, IconFileInvoice, IconFileText, IconReceiptTax } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const DocumentListPage = lazy(() => import('./DocumentListPage.tsx'))
const DocumentEditorPage = lazy(() => import('./DocumentEditorPage.tsx'))
const DocumentDetailPage = lazy(() => import('./DocumentDetailPage.tsx'))
const BillingSettingsPage = lazy(() => import('./BillingSettingsPage.tsx'))

const read = { object: 'salesDocuments', action: 'read' } as const
const create = { object: 'salesDocuments', action: 'create' } as const
const update = { object: 'salesDocuments', action: 'update' } as const
const settings = { object: 'billingSettings', action: 'update' } as const

export const billingModule: WebModule = {
  id: 'billing',
  locales: { namespace: 'billing', ja, en },
  nav: [
    { label: 'billing:nav.quote', path: '/quotes', icon: IconFileText, permission: read, group: 'main', testId: 'nav-quotes' },
    { label: 'billing:nav.order', path: '/orders', icon: IconFileDollar, permission: read, group: 'main', testId: 'nav-orders' },
    { label: 'billing:nav.invoice', path: '/invoices', icon: IconFileInvoice, permission: read, group: 'main', testId: 'nav-invoices' },
    { label: 'billing:nav.settings', path: '/admin/billing', icon: IconReceiptTax, permission: settings, group: 'admin', testId: 'nav-admin-billing' },
  ],
  routes: [
    { path: '/quotes', element: <DocumentListPage kind="quote" />, permission: read },
    { path: '/orders', element: <DocumentListPage kind="order" />, permission: read },
    { path: '/invoices', element: <DocumentListPage kind="invoice" />, permission: read },
    { path: '/quotes/new', element: <DocumentEditorPage kind="quote" />, permission: create },
    { path: '/invoices/new', element: <DocumentEditorPage kind="invoice" />, permission: create },
    { path: '/sales-documents/:id', element: <DocumentDetailPage />, permission: read },
    { path: '/sales-documents/:id/edit', element: <DocumentEditorPage />, permission: update },
    { path: '/admin/billing', element: <BillingSettingsPage />, permission: settings },
  ],
}
