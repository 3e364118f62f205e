/**
 * Incentives (インセンティブ): commission plans, their assignment to reps per period, and statements with CSV.
 * Owns commission_plans and commission_assignments; reads won deals and paid invoices to compute statements.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({ name: 'commissionPlans', label: { ja: 'コミッションプラン', en: 'Commission plans' }, fields: [], administrative: true })

export { registerIncentiveRoutes } from './incentives.routes.ts'
export * from './incentives.service.ts'
export { computeCommission } from './commission-math.ts'
