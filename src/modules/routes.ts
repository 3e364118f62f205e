/**
 * Every module's routes, in the order they appear in the API document.
 * A new module adds its registrar here.
 */
import type { RouteRegistrar } from '../platform/http/server.ts'
import { registerAccountRoutes } from './accounts/index.ts'
import { registerContactRoutes } from './contacts/index.ts'
import { registerDealRoutes } from './deals/index.ts'
import { registerAnalyticsRoutes } from './analytics/index.ts'
import { registerDailyReportRoutes } from './daily-reports/index.ts'
import { registerSearchRoutes } from './search/index.ts'
import { registerImportRoutes } from './imports/index.ts'
import { registerDuplicateRoutes } from './duplicates/index.ts'
import { registerBusinessCardRoutes } from './business-cards/index.ts'
import { registerActivityRoutes } from './activities/index.ts'
import { registerNotificationRoutes } from './notifications/index.ts'
import { registerAuthRoutes } from './auth/index.ts'
import { registerInvitationRoutes } from './invitations/index.ts'
import { registerJobRoutes } from '../platform/jobs/index.ts'
import { registerApiTokenRoutes } from './api-tokens/index.ts'
import { registerAuditRoutes } from './audit/index.ts'
import { registerRoleRoutes } from './roles/index.ts'
import { registerTeamRoutes } from './teams/index.ts'
import { registerUserRoutes } from './users/index.ts'
import { registerProductRoutes } from './products/index.ts'
import { registerBillingRoutes } from './billing/index.ts'
import { registerDocumentRoutes } from './documents/index.ts'
import { registerContractRoutes } from './contracts/index.ts'
import { registerCustomFieldRoutes } from './custom-fields/index.ts'
import { registerLeadRoutes } from './leads/index.ts'
import { registerSavedViewRoutes } from './saved-views/index.ts'
import { registerCustomer360Routes } from './customer-360/index.ts'
import { registerTerritoryRoutes } from './territories/index.ts'
import { registerDashboardRoutes, registerReportRoutes } from './reports/index.ts'
import { registerEventRoutes } from './events/index.ts'
import { registerIncentiveRoutes } from './incentives/index.ts'

export const routeRegistrars: RouteRegistrar[] = [
  registerAuthRoutes,
  registerAccountRoutes,
  registerContactRoutes,
  registerDealRoutes,
  registerLeadRoutes,
  registerAnalyticsRoutes,
  registerDailyReportRoutes,
  registerSearchRoutes,
  registerImportRoutes,
  registerDuplicateRoutes,
  registerBusinessCardRoutes,
  registerActivityRoutes,
  registerNotificationRoutes,
  registerJobRoutes,
  registerUserRoutes,
  registerInvitationRoutes,
  registerTeamRoutes,
  registerRoleRoutes,
  registerApiTokenRoutes,
  registerAuditRoutes,
  registerProductRoutes,
  registerBillingRoutes,
  registerDocumentRoutes,
  registerContractRoutes,
  registerCustomFieldRoutes,
  registerSavedViewRoutes,
  registerCustomer360Routes,
  registerTerritoryRoutes,
  registerReportRoutes,
  registerDashboardRoutes,
  registerEventRoutes,
  registerIncentiveRoutes,
]
