/**
 * Analytics: customer scores (RFM and the seed's segments) and the statistical models
 * (BG/NBD, Gamma-Gamma CLV, churn, cohorts, market basket, next best actions). Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import './rfm.jobs.ts'
import './predictive.jobs.ts'

registerAccessObject({ name: 'analytics', label: { ja: '分析', en: 'Analytics' }, fields: [] })
registerAccessObject({ name: 'analyticsSettings', label: { ja: '分析の設定', en: 'Analytics settings' }, fields: [], administrative: true })

export { registerAnalyticsRoutes } from './analytics.routes.ts'
export { computeCustomerScores } from './customer-scores.service.ts'
export { getCustomerScore, getRfmSummary, listCustomerScores } from './rfm.service.ts'
export type { CustomerScore, Segment } from './rfm.schema.ts'
export { listNextBestActions } from './nba.service.ts'
export { getChurnScore } from './predictive.service.ts'
