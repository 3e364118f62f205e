/** Products (商品マスタ): the catalogue that quote and invoice lines pick from, configurators, customer groups and catalogue share links. */
import { IconLink, IconPackage, IconUsersGroup } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ProductListPage = lazy(() => import('./ProductListPage.tsx'))
const ProductDetailPage = lazy(() => import('./ProductDetailPage.tsx'))
const CustomerGroupsPage = lazy(() => import('./CustomerGroupsPage.tsx'))
const ShareLinksPage = lazy(() => import('./ShareLinksPage.tsx'))
const PublicCatalogPage = lazy(() => import('./PublicCatalogPage.tsx'))

const read = { object: 'products', action: 'read' } as const
const shares = { object: 'catalogShareLinks', action: 'read' } as const

export const productsModule: WebModule = {
  id: 'products',
  locales: { namespace: 'products', ja, en },
  nav: [
    { label: 'products:nav', path: '/products', icon: IconPackage, permission: read, group: 'main', testId: 'nav-products' },
    { label: 'products:groups.nav', path: '/admin/customer-groups', icon: IconUsersGroup, permission: { object: 'products', action: 'update' }, group: 'admin', testId: 'nav-admin-customer-groups' },
    { label: 'products:share.nav', path: '/admin/catalog-links', icon: IconLink, permission: shares, group: 'admin', testId: 'nav-admin-catalog-links' },
  ],
  routes: [
    { path: '/products', element: <ProductListPage />, permission: read },
    { path: '/products/:id', element: <ProductDetailPage />, permission: read },
    { path: '/admin/customer-groups', element: <CustomerGroupsPage />, permission: read },
    { path: '/admin/catalog-links', element: <ShareLinksPage />, permission: shares },
  ],
  publicRoutes: [{ path: '/catalog/:token', element: <PublicCatalogPage /> }],
}
