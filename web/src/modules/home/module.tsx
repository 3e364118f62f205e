/** Home: the welcome page with shortcuts that other modules declare. */
import { IconHome } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const HomePage = lazy(() => import('./HomePage.tsx'))

export const homeModule: WebModule = {
  id: 'home',
  locales: { namespace: 'home', ja, en },
  nav: [{ label: 'home:nav', path: '/', icon: IconHome, group: 'main', testId: 'nav-home' }],
  routes: [{ path: '/', element: <HomePage /> }],
}
