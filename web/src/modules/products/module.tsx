/** Products (商品マスタ): the catalogue that quote and invoice lines pick from. */
import { IconPackage } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ProductListPage = lazy(() => import('./ProductListPage.tsx'))

const read = { object: 'products', action: 'read' } as const

export const productsModule: WebModule = {
  id: 'products',
  locales: { namespace: 'products', ja, en },
  nav: [{ label: 'products:nav', path: '/products', icon: IconPackage, permission: read, group: 'main', testId: 'nav-products' }],
  routes: [{ path: '/products', element: <ProductListPage />, permission: read }],
}
