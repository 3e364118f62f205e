/** Administration: users, invitations, teams, roles & permissions, API tokens, audit log, jobs. */
import { IconActivity, IconApi, IconHistory, IconMailForward, IconShieldLock, IconSitemap, IconUsers } from '@tabler/icons-react'
import { lazy } from 'react'
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

const UsersPage = lazy(() => import('./users/UsersPage.tsx'))
const InvitationsPage = lazy(() => import('./invitations/InvitationsPage.tsx'))
const TeamsPage = lazy(() => import('./teams/TeamsPage.tsx'))
const RolesPage = lazy(() => import('./roles/RolesPage.tsx'))
const ApiTokensPage = lazy(() => import('./tokens/ApiTokensPage.tsx'))
const AuditPage = lazy(() => import('./audit/AuditPage.tsx'))
const JobsPage = lazy(() => import('./jobs/JobsPage.tsx'))

// Everyone may read the member and team lists (for owner pickers), so the admin pages ask for
// the right to change them; the others ask for read.
const users = { object: 'users', action: 'create' } as const
const teams = { object: 'teams', action: 'create' } as const
const invitations = { object: 'invitations', action: 'read' } as const
const roles = { object: 'roles', action: 'read' } as const
const apiTokens = { object: 'apiTokens', action: 'read' } as const
const audit = { object: 'audit', action: 'read' } as const
const jobs = { object: 'jobs', action: 'read' } as const

export const adminModule: WebModule = {
  id: 'admin',
  locales: { namespace: 'admin', ja, en },
  nav: [
    { label: 'admin:nav.users', path: '/admin/users', icon: IconUsers, permission: users, group: 'admin', testId: 'nav-admin-users' },
    { label: 'admin:nav.invitations', path: '/admin/invitations', icon: IconMailForward, permission: invitations, group: 'admin', testId: 'nav-admin-invitations' },
    { label: 'admin:nav.teams', path: '/admin/teams', icon: IconSitemap, permission: teams, group: 'admin', testId: 'nav-admin-teams' },
    { label: 'admin:nav.roles', path: '/admin/roles', icon: IconShieldLock, permission: roles, group: 'admin', testId: 'nav-admin-roles' },
    { label: 'admin:nav.apiTokens', path: '/admin/api-tokens', icon: IconApi, permission: apiTokens, group: 'admin', testId: 'nav-admin-api-tokens' },
    { label: 'admin:nav.audit', path: '/admin/audit', icon: IconHistory, permission: audit, group: 'admin', testId: 'nav-admin-audit' },
    { label: 'admin:nav.jobs', path: '/admin/jobs', icon: IconActivity, permission: jobs, group: 'admin', testId: 'nav-admin-jobs' },
  ],
  routes: [
    { path: '/admin/users', element: <UsersPage />, permission: users },
    { path: '/admin/invitations', element: <InvitationsPage />, permission: invitations },
    { path: '/admin/teams', element: <TeamsPage />, permission: teams },
    { path: '/admin/roles', element: <RolesPage />, permission: roles },
    { path: '/admin/roles/:id', element: <RolesPage />, permission: roles },
    { path: '/admin/api-tokens', element: <ApiTokensPage />, permission: apiTokens },
    { path: '/admin/audit', element: <AuditPage />, permission: audit },
    { path: '/admin/jobs', element: <JobsPage />, permission: jobs },
  ],
  shortcuts: [
    { label: 'admin:shortcut.users', description: 'admin:shortcut.usersDescription', path: '/admin/users', icon: IconUsers, permission: users, testId: 'shortcut-users' },
    { label: 'admin:shortcut.audit', description: 'admin:shortcut.auditDescription', path: '/admin/audit', icon: IconHistory, permission: audit, testId: 'shortcut-audit' },
  ],
}
