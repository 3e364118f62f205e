/** Activities (活動履歴): my tasks, the calendar, the calendar-feed settings page; the timeline and bell are embedded elsewhere. */
import { IconCalendar, IconChecklist } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const MyTasksPage = lazy(() => import('./MyTasksPage.tsx'))
const CalendarPage = lazy(() => import('./CalendarPage.tsx'))
const CalendarFeedPage = lazy(() => import('./CalendarFeedPage.tsx'))

const read = { object: 'activities', action: 'read' } as const

export const activitiesModule: WebModule = {
  id: 'activities',
  locales: { namespace: 'activities', ja, en },
  nav: [
    { label: 'activities:navTasks', path: '/tasks', icon: IconChecklist, permission: read, group: 'main', testId: 'nav-tasks' },
    { label: 'activities:navCalendar', path: '/calendar', icon: IconCalendar, permission: read, group: 'main', testId: 'nav-calendar' },
  ],
  routes: [
    { path: '/tasks', element: <MyTasksPage />, permission: read },
    { path: '/calendar', element: <CalendarPage />, permission: read },
    { path: '/settings/calendar', element: <CalendarFeedPage />, permission: read },
  ],
  shortcuts: [
    { label: 'activities:shortcutTasks', description: 'activities:shortcutTasksDescription', path: '/tasks', icon: IconChecklist, permission: read, testId: 'shortcut-tasks' },
  ],
}
