/**
 * Contracts (契約) with accounts: periods, renewal (manual and automatic), status history and
 * reminders before the renewal date. Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { CONTRACT_FIELDS } from './contracts.schema.ts'
import './contracts.jobs.ts'

registerAccessObject({
  name: 'contracts',
  label: { ja: '契約', en: 'Contracts' },
  fields: CONTRACT_FIELDS,
  fieldLabels: {
    number: { ja: '契約番号', en: 'Number' },
    title: { ja: '契約名', en: 'Title' },
    accountId: { ja: '取引先', en: 'Account' },
    dealId: { ja: '商談', en: 'Deal' },
    salesDocumentId: { ja: '見積・受注・請求書', en: 'Sales document' },
    terms: { ja: '契約条件', en: 'Terms' },
    startDate: { ja: '開始日', en: 'Start date' },
    endDate: { ja: '終了日', en: 'End date' },
    renewalDate: { ja: '更新日', en: 'Renewal date' },
    noticeDays: { ja: '通知日数', en: 'Reminder days' },
    value: { ja: '契約金額', en: 'Value' },
    currency: { ja: '通貨', en: 'Currency' },
    billingCycle: { ja: '請求サイクル', en: 'Billing cycle' },
    autoRenew: { ja: '自動更新', en: 'Auto-renew' },
    renewalTermMonths: { ja: '更新期間（月）', en: 'Renewal term (months)' },
    ownerId: { ja: '担当者', en: 'Owner' },
    teamId: { ja: 'チーム', en: 'Team' },
  },
  ownedRecords: true,
})

export { registerContractRoutes } from './contracts.routes.ts'
export * from './contracts.service.ts'
export { CONTRACTS_DAILY_JOB, runContractDay, runContractDayForAllTenants } from './contracts.jobs.ts'
export type { Contract, ContractInput, ContractPatch } from './contracts.schema.ts'
