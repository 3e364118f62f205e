/** Contact and link rows → API JSON: an allow-list of fields, minus those the role hides. */
import { withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { presentCustom } from '../custom-fields/custom-fields.values.ts'
import type { ContactRow, LinkRow } from './contacts.queries.ts'
import type { Contact, ContactAccountLink } from './contacts.schema.ts'

export function presentContact(ctx: Pick<ServiceContext, 'actor'>, row: ContactRow): Contact {
  const visible = withoutHiddenFields(ctx, 'contacts', {
    familyName: row.familyName,
    givenName: row.givenName,
    familyNameKana: row.familyNameKana,
    givenNameKana: row.givenNameKana,
    displayName: row.displayName,
    emails: row.emails,
    phones: row.phones,
    addresses: row.addresses,
    preferredChannel: row.preferredChannel,
    doNotEmail: row.doNotEmail,
    doNotCall: row.doNotCall,
    doNotMail: row.doNotMail,
    birthday: row.birthday,
    anniversary: row.anniversary,
    occupation: row.occupation,
    department: row.department,
    title: row.title,
    ownerId: row.ownerId,
    teamId: row.teamId,
    tags: row.tags,
    notes: row.notes,
  })
  return {
    id: row.id,
    ...visible,
    ...(visible.ownerId !== undefined ? { ownerName: row.ownerName } : {}),
    custom: presentCustom(ctx, 'contacts', row.custom),
    primaryAccount: row.primaryAccountId && row.primaryAccountName !== null ? { id: row.primaryAccountId, name: row.primaryAccountName } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function presentLink(row: LinkRow): ContactAccountLink {
  return {
    id: row.id,
    contactId: row.contactId,
    contactName: row.contactName,
    accountId: row.accountId,
    accountName: row.accountName,
    title: row.title,
    role: row.role,
    isPrimary: row.isPrimary,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    current: row.endedOn === null,
    createdAt: row.createdAt.toISOString(),
  }
}
