/** Imports (CSV / vCard) and exports: the import wizard; list pages add the buttons from ImportExportButtons. */
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ImportWizardPage = lazy(() => import('./ImportWizardPage.tsx'))

export const importsModule: WebModule = {
  id: 'imports',
  locales: { namespace: 'imports', ja, en },
  routes: [
    // The page checks the right on the object being imported (from ?object= or the import itself).
    { path: '/imports/new', element: <ImportWizardPage /> },
    { path: '/imports/:id', element: <ImportWizardPage /> },
  ],
}
