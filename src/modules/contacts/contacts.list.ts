/** 担当者 in the list filter language: the fields and sorts contacts offer to filters, saved views and bulk edits. */
import { sql, type SqlBool } from 'kysely'
import { registerListObject, type ListField } from '../saved-views/index.ts'

const column = (name: string) => (alias: string) => sql`${sql.ref(`${alias}.${name}`)}`

const text = (key: string, columnName: string, ja: string, en: string, bulkEdit = false): ListField => ({
  key,
  type: 'text',
  label: { ja, en },
  accessField: key,
  expression: column(columnName),
  bulkEdit,
})
const flag = (key: string, columnName: string, ja: string, en: string): ListField => ({
  key,
  type: 'boolean',
  label: { ja, en },
  accessField: key,
  expression: column(columnName),
  bulkEdit: true,
})
const label = (ja: string, en: string) => ({ ja, en })

/** Current employment at the account(s): an EXISTS over account_contacts, served by its (account_id, contact_id) index. */
function worksAt(alias: string, accountIds: string[]) {
  return sql<SqlBool>`exists (select 1 from account_contacts l where l.contact_id = ${sql.ref(`${alias}.id`)} and l.ended_on is null
    and l.account_id in (${sql.join(accountIds.map((id) => sql`${id}::uuid`))}))`
}
const worksAnywhere = (alias: string) =>
  sql<SqlBool>`exists (select 1 from account_contacts l where l.contact_id = ${sql.ref(`${alias}.id`)} and l.ended_on is null)`

registerListObject({
  name: 'contacts',
  // Contacts do not take custom values through their API yet, so bulk edit cannot set them.
  customWritable: false,
  defaultSort: 'kana',
  fields: [
    text('displayName', 'display_name', '表示名', 'Display name'),
    text('familyName', 'family_name', '姓', 'Family name'),
    text('givenName', 'given_name', '名', 'Given name'),
    text('familyNameKana', 'family_name_kana', 'セイ', 'Family name (kana)'),
    text('givenNameKana', 'given_name_kana', 'メイ', 'Given name (kana)'),
    // Primary email and phone, kept in indexed derived columns.
    { ...text('email', 'primary_email', 'メールアドレス', 'Email'), accessField: 'emails', normalize: (v) => v.toLowerCase() },
    { ...text('phone', 'primary_phone_digits', '電話番号', 'Phone'), accessField: 'phones', normalize: (v) => v.replace(/\D/g, '') },
    text('department', 'department', '部署', 'Department', true),
    text('title', 'title', '役職', 'Title', true),
    text('occupation', 'occupation', '職業', 'Occupation', true),
    text('notes', 'notes', '備考', 'Notes'),
    {
      key: 'preferredChannel',
      type: 'select',
      label: label('希望連絡手段', 'Preferred channel'),
      options: [
        { value: 'email', label: label('メール', 'Email') },
        { value: 'phone', label: label('電話', 'Phone') },
        { value: 'mail', label: label('郵送', 'Mail') },
        { value: 'none', label: label('連絡不可', 'None') },
      ],
      accessField: 'preferredChannel',
      expression: column('preferred_channel'),
      bulkEdit: true,
    },
    flag('doNotEmail', 'do_not_email', 'メール配信停止', 'Do not email'),
    flag('doNotCall', 'do_not_call', '電話不可', 'Do not call'),
    flag('doNotMail', 'do_not_mail', '郵送不可', 'Do not mail'),
    { key: 'birthday', type: 'date', label: label('誕生日', 'Birthday'), accessField: 'birthday', expression: column('birthday') },
    { key: 'anniversary', type: 'date', label: label('記念日', 'Anniversary'), accessField: 'anniversary', expression: column('anniversary') },
    { key: 'ownerId', type: 'user', label: label('担当ユーザー', 'Owner'), accessField: 'ownerId', expression: column('owner_id') },
    { key: 'teamId', type: 'team', label: label('チーム', 'Team'), accessField: 'teamId', expression: column('team_id'), bulkEdit: true },
    { key: 'tags', type: 'tags', label: label('タグ', 'Tags'), accessField: 'tags', expression: column('tags') },
    {
      key: 'accountId',
      type: 'account',
      label: label('会社', 'Company'),
      accessField: null,
      expression: column('id'),
      condition: (alias, operator, value) => {
        if (operator === 'eq') return worksAt(alias, [value as string])
        if (operator === 'in') return worksAt(alias, value as string[])
        if (operator === 'neq') return sql<SqlBool>`not ${worksAt(alias, [value as string])}`
        if (operator === 'isEmpty') return sql<SqlBool>`not ${worksAnywhere(alias)}`
        if (operator === 'isNotEmpty') return worksAnywhere(alias)
        return undefined
      },
    },
    { key: 'createdAt', type: 'datetime', label: label('登録日', 'Created'), accessField: null, expression: column('created_at') },
    { key: 'updatedAt', type: 'datetime', label: label('更新日', 'Updated'), accessField: null, expression: column('updated_at') },
  ],
  sorts: [
    // sort_kana holds the reading in hiragana: byte order (collate "C") is 五十音順 (see the contacts migration).
    { key: 'kana', label: label('五十音順', 'Kana (gojūon)'), accessField: 'familyNameKana', expression: column('sort_kana'), cursorType: 'textC' },
    { key: 'name', label: label('表示名順', 'Display name'), accessField: 'displayName', expression: column('display_name'), cursorType: 'text' },
    { key: 'createdAt', label: label('登録順', 'Created'), accessField: null, expression: null, cursorType: 'text' },
  ],
})
