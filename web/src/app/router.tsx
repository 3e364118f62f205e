/** Routes: public pages, then the signed-in shell with every module's routes behind its permission. */
import { notifications } from '@mantine/notifications'
import { Suspense, useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { createBrowserRouter, Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import { setUnauthenticatedHandler } from '../api/client.ts'
import { can, useSessionState, useSetSession } from '../auth/session.tsx'
import { CenteredLoader, ForbiddenPage, NotFoundPage } from '../components/StatusPage.tsx'
import { modules, type Permission } from '../modules/registry.ts'
import { AppLayout } from '../modules/shell/AppLayout.tsx'

/** Root: when any call answers 401 the session is dropped and the guard sends the user to sign-in. */
function Root() {
  const setSession = useSetSession()
  const { session } = useSessionState()
  const { t } = useTranslation()
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (session) notifications.show({ color: 'orange', message: t('errors.sessionExpired'), id: 'session-expired' })
      setSession(null)
    })
    return () => setUnauthenticatedHandler(null)
  }, [session, setSession, t])
  return (
    <Suspense fallback={<CenteredLoader />}>
      <Outlet />
    </Suspense>
  )
}

function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading } = useSessionState()
  const location = useLocation()
  if (loading) return <CenteredLoader />
  if (!session) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`
    return <Navigate to={`/sign-in${next}`} replace />
  }
  return <>{children}</>
}

function RequirePermission({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const { session } = useSessionState()
  if (permission && !can(session, permission.object, permission.action ?? 'read')) return <ForbiddenPage />
  return <>{children}</>
}

/** Sends a signed-in user who opens /sign-in straight into the app. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { session, loading } = useSessionState()
  const navigate = useNavigate()
  const location = useLocation()
  useEffect(() => {
    if (!loading && session) {
      const next = new URLSearchParams(location.search).get('next')
      void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true })
    }
  }, [loading, session, navigate, location.search])
  if (loading) return <CenteredLoader />
  return <>{children}</>
}

export function buildRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        ...modules.flatMap((m) => m.publicRoutes ?? []).map((route) => ({ path: route.path, element: route.element })),
        {
          element: (
            <RequireSession>
              <AppLayout />
            </RequireSession>
          ),
          children: [
            ...modules
              .flatMap((m) => m.routes ?? [])
              .map((route) => ({
                path: route.path,
                element: <RequirePermission permission={route.permission}>{route.element}</RequirePermission>,
              })),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ])
}
