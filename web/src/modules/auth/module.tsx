/** Sign-in, password reset and invitation pages: the screens shown before a session exists. */
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const SignInPage = lazy(() => import('./SignInPage.tsx'))
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage.tsx'))
const InviteAcceptPage = lazy(() => import('./InviteAcceptPage.tsx'))

export const authModule: WebModule = {
  id: 'auth',
  locales: { namespace: 'auth', ja, en },
  publicRoutes: [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
    { path: '/invite', element: <InviteAcceptPage /> },
  ],
}
