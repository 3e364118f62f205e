/** Events (イベント): list, detail with registrants / check-in / waitlist / follow-up, create/edit, and the public registration and cancellation pages. */
import { IconCalendarEvent } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const EventListPage = lazy(() => import('./EventListPage.tsx'))
const EventDetailPage = lazy(() => import('./EventDetailPage.tsx'))
const EventFormPage = lazy(() => import('./EventFormPage.tsx'))
const PublicEventPage = lazy(() => import('./PublicEventPage.tsx'))
const PublicCancelPage = lazy(() => import('./PublicCancelPage.tsx'))

const read = { object: 'events', action: 'read' } as const

export const eventsModule: WebModule = {
  id: 'events',
  locales: { namespace: 'events', ja, en },
  nav: [{ label: 'events:nav', path: '/events', icon: IconCalendarEvent, permission: read, group: 'main', testId: 'nav-events' }],
  routes: [
    { path: '/events', element: <EventListPage />, permission: read },
    { path: '/events/new', element: <EventFormPage />, permission: { object: 'events', action: 'create' } },
    { path: '/events/:id', element: <EventDetailPage />, permission: read },
    { path: '/events/:id/edit', element: <EventFormPage />, permission: { object: 'events', action: 'update' } },
  ],
  publicRoutes: [
    { path: '/e/cancel/:token', element: <PublicCancelPage /> },
    { path: '/e/:key', element: <PublicEventPage /> },
  ],
  shortcuts: [{ label: 'events:shortcut', description: 'events:shortcutDescription', path: '/events', icon: IconCalendarEvent, permission: read, testId: 'shortcut-events' }],
}
