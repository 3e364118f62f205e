/**
 * Contacts (担当者): people at customers, their profile, and their companies with employment history.
 * Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { CONTACT_FIELDS } from './contacts.schema.ts'

registerAccessObject({
  name: 'contacts',
  label: { ja: '担当者', en: 'Contacts' },
  fields: CONTACT_FIELDS,
  fieldLabels: {
    familyName: { ja: '姓', en: 'Family name' },
    givenName: { ja: '名', en: 'Given name' },
    familyNameKana: { ja: 'セイ', en: 'Family name (kana)' },
    givenNameKana: { ja: 'メイ', en: 'Given name (kana)' },
    displayName: { ja: '表示名', en: 'Display name' },
    emails: { ja: 'メールアドレス', en: 'Email addresses' },
    phones: { ja: '電話番号', en: 'Phone numbers' },
    addresses: { ja: '住所', en: 'Addresses' },
    preferredChannel: { ja: '希望連絡手段', en: 'Preferred channel' },
    doNotEmail: { ja: 'メール不可', en: 'Do not email' },
    doNotCall: { ja: '電話不可', en: 'Do not call' },
    doNotMail: { ja: '郵送不可', en: 'Do not mail' },
    birthday: { ja: '誕生日', en: 'Birthday' },
    anniversary: { ja: '記念日', en: 'Anniversary' },
    occupation: { ja: '職業', en: 'Occupation' },
    department: { ja: '部署', en: 'Department' },
    title: { ja: '役職', en: 'Title' },
    ownerId: { ja: '担当ユーザー', en: 'Owner' },
    teamId: { ja: 'チーム', en: 'Team' },
    tags: { ja: 'タグ', en: 'Tags' },
    notes: { ja: '備考', en: 'Notes' },
  },
  ownedRecords: true,
})

export { registerContactRoutes } from './contacts.routes.ts'
export * from './contacts.service.ts'
export * from './contact-links.service.ts'
export type { Contact, ContactInput, ContactPatch, ContactAccountLink } from './contacts.schema.ts'
export { createContactsInBulk, prepareNewContact, type PreparedContact, updateContactsInBulk } from './contacts.bulk.ts'
