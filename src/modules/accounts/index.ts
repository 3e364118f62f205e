/**
 * Accounts (取引先): companies the tenant does business with.
 * Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { ACCOUNT_FIELDS } from './accounts.schema.ts'

registerAccessObject({
  name: 'accounts',
  label: { ja: '取引先', en: 'Accounts' },
  fields: ACCOUNT_FIELDS,
  fieldLabels: {
    name: { ja: '取引先名', en: 'Name' },
    nameKana: { ja: '取引先名（カナ）', en: 'Name (kana)' },
    industry: { ja: '業種', en: 'Industry' },
    phone: { ja: '電話番号', en: 'Phone' },
    email: { ja: 'メールアドレス', en: 'Email' },
    website: { ja: 'ウェブサイト', en: 'Website' },
    annualRevenue: { ja: '年商', en: 'Annual revenue' },
    employeeCount: { ja: '従業員数', en: 'Employees' },
    notes: { ja: '備考', en: 'Notes' },
    ownerId: { ja: '担当者', en: 'Owner' },
    teamId: { ja: 'チーム', en: 'Team' },
  },
  ownedRecords: true,
})

export { registerAccountRoutes } from './accounts.routes.ts'
export * from './accounts.service.ts'
export type { Account, AccountInput, AccountPatch } from './accounts.schema.ts'
export { createAccountsInBulk } from './accounts.bulk.ts'
