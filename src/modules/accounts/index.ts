/**
 * Accounts (取引先): companies the tenant does business with.
 * Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { ACCOUNT_FIELDS } from './accounts.schema.ts'

registerAccessObject({ name: 'accounts', fields: ACCOUNT_FIELDS, ownedRecords: true })

export { registerAccountRoutes } from './accounts.routes.ts'
export * from './accounts.service.ts'
export type { Account, AccountInput, AccountPatch } from './accounts.schema.ts'
