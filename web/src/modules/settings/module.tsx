/** Personal settings: profile (name, language, time zone) and password. */
import { lazy } from 'react'
import { Navigate } from 'react-router'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const ProfilePage = lazy(() => import('./ProfilePage.tsx'))
const PasswordPage = lazy(() => import('./PasswordPage.tsx'))

export const settingsModule: WebModule = {
  id: 'settings',
  locales: { namespace: 'settings', ja, en },
  routes: [
    { path: '/settings', element: <Navigate to="/settings/profile" replace /> },
    { path: '/settings/profile', element: <ProfilePage /> },
    { path: '/settings/password', element: <PasswordPage /> },
  ],
}
