/**
 * The signed-in session as app-wide state (react-query key ['session']): who the user is,
 * the current tenant, the role's permissions, and the CSRF token for writes.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, type ReactNode } from 'react'
import { api, ApiError, setCsrfToken } from '../api/client.ts'
import type { CrudAction, FieldRule, Session } from '../api/types.ts'
import { i18n } from '../i18n/index.ts'

export const SESSION_KEY = ['session'] as const

async function fetchSession(): Promise<Session | null> {
  try {
    return await api.get<Session>('/api/v1/auth/session', undefined, { expectUnauthenticated: true })
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}

interface SessionState {
  session: Session | null
  loading: boolean
  error: unknown
}

const SessionContext = createContext<SessionState>({ session: null, loading: true, error: null })

export function SessionProvider({ children }: { children: ReactNode }) {
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 })
  const session = query.data ?? null

  useEffect(() => {
    setCsrfToken(session?.csrfToken ?? null)
    const locale = session?.user.locale
    if (locale && !i18n.language?.startsWith(locale)) void i18n.changeLanguage(locale)
  }, [session])

  return (
    <SessionContext.Provider value={{ session, loading: query.isPending, error: query.error }}>
      {children}
    </SessionContext.Provider>
  )
}

export function useSessionState(): SessionState {
  return useContext(SessionContext)
}

/** The session inside the signed-in app (the route guard guarantees one). */
export function useSession(): Session {
  const { session } = useContext(SessionContext)
  if (!session) throw new Error('useSession() outside the signed-in app')
  return session
}

/** Replaces the cached session after sign-in, tenant switch or invitation accept. */
export function useSetSession(): (session: Session | null) => void {
  const client = useQueryClient()
  return (session) => {
    setCsrfToken(session?.csrfToken ?? null)
    client.setQueryData(SESSION_KEY, session)
    const others = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== SESSION_KEY[0] }
    // Signing out drops every cached answer of the old user. Not client.clear(): that would also
    // remove the session query under its observer, which then kept showing the old session, so
    // the sign-in page bounced straight back into the app.
    if (session === null) client.removeQueries(others)
    else void client.invalidateQueries(others)
  }
}

export function can(session: Session | null, object: string, action: CrudAction): boolean {
  return session?.role.permissions.objects[object]?.[action] === true
}

export function useCan(object: string, action: CrudAction): boolean {
  return can(useSessionState().session, object, action)
}

export function fieldRule(session: Session | null, object: string, field: string): FieldRule | undefined {
  return session?.role.permissions.fields[object]?.[field]
}

/** 'hidden' | 'readonly' | undefined for each field of an object, from the role. */
export function useFieldRules(object: string): (field: string) => FieldRule | undefined {
  const { session } = useSessionState()
  return (field) => fieldRule(session, object, field)
}
