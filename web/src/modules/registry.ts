/**
 * The module registry: each area of the UI declares its navigation, routes, required
 * permission and translations here, so a new module is one import and one array entry.
 */
import type { ComponentType, ReactNode } from 'react'
import type { CrudAction } from '../api/types.ts'
import type { LocaleBundle } from '../i18n/index.ts'
import { accountsModule } from './accounts/module.tsx'
import { activitiesModule } from './activities/module.tsx'
import { contactsModule } from './contacts/module.tsx'
import { duplicatesModule } from './duplicates/module.tsx'
import { businessCardsModule } from './business-cards/module.tsx'
import { adminModule } from './admin/module.tsx'
import { dealsModule } from './deals/module.tsx'
import { leadsModule } from './leads/module.tsx'
import { analyticsModule } from './analytics/module.tsx'
import { dailyReportsModule } from './daily-reports/module.tsx'
import { authModule } from './auth/module.tsx'
import { homeModule } from './home/module.tsx'
import { importsModule } from './imports/module.tsx'
import { settingsModule } from './settings/module.tsx'
import { shellModule } from './shell/module.tsx'
import { productsModule } from './products/module.tsx'
import { billingModule } from './billing/module.tsx'
import { customFieldsModule } from './custom-fields/module.tsx'
import { contractsModule } from './contracts/module.tsx'
import { documentsModule } from './documents/module.tsx'
import { savedViewsModule } from './saved-views/module.tsx'
import { customer360Module } from './customer-360/module.tsx'
import { reportsModule } from './reports/module.tsx'
import { eventsModule } from './events/module.tsx'
import { territoriesModule } from './territories/module.tsx'
import { incentivesModule } from './incentives/module.tsx'

export interface Permission {
  object: string
  action?: CrudAction
}

export interface NavItem {
  /** Translation key "namespace:key". */
  label: string
  path: string
  icon: ComponentType<{ size?: number; stroke?: number }>
  /** Hidden unless the role has this right (action defaults to read). */
  permission?: Permission
  /** 'main' items list first; 'admin' items sit under the 管理 heading. */
  group: 'main' | 'admin'
  testId: string
}

export interface ModuleRoute {
  path: string
  element: ReactNode
  permission?: Permission
}

export interface Shortcut {
  label: string
  description: string
  path: string
  icon: ComponentType<{ size?: number; stroke?: number }>
  permission?: Permission
  testId: string
}

export interface WebModule {
  id: string
  locales?: LocaleBundle
  nav?: NavItem[]
  /** Routes inside the signed-in app shell. */
  routes?: ModuleRoute[]
  /** Routes shown without signing in (sign-in, password reset, invitations). */
  publicRoutes?: ModuleRoute[]
  /** Cards on the home page. */
  shortcuts?: Shortcut[]
}

export const modules: WebModule[] = [authModule, shellModule, homeModule, accountsModule, contactsModule, businessCardsModule, duplicatesModule, leadsModule, dealsModule, analyticsModule, dailyReportsModule, billingModule, contractsModule, productsModule, activitiesModule, importsModule, settingsModule, adminModule, customFieldsModule, documentsModule, savedViewsModule, customer360Module, reportsModule, eventsModule, territoriesModule, incentivesModule]

export const localeBundles = (): LocaleBundle[] => modules.flatMap((m) => (m.locales ? [m.locales] : []))
