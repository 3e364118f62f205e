/** 取引先 in the list filter language: the fields and sorts accounts offer to filters, saved views and bulk edits. */
import { sql } from 'kysely'
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

registerListObject({
  name: 'accounts',
  customWritable: true,
  defaultSort: '-createdAt',
  fields: [
    text('name', 'name', '取引先名', 'Name'),
    text('nameKana', 'name_kana', '取引先名（カナ）', 'Name (kana)'),
    text('industry', 'industry', '業種', 'Industry', true),
    text('phone', 'phone', '電話番号', 'Phone'),
    { ...text('email', 'email', 'メールアドレス', 'Email'), normalize: (v) => v.toLowerCase() },
    text('website', 'website', 'ウェブサイト', 'Website'),
    text('notes', 'notes', '備考', 'Notes'),
    { key: 'annualRevenue', type: 'number', label: { ja: '年商', en: 'Annual revenue' }, accessField: 'annualRevenue', expression: column('annual_revenue'), bulkEdit: true },
    { key: 'employeeCount', type: 'number', label: { ja: '従業員数', en: 'Employees' }, accessField: 'employeeCount', expression: column('employee_count'), bulkEdit: true },
    { key: 'ownerId', type: 'user', label: { ja: '担当者', en: 'Owner' }, accessField: 'ownerId', expression: column('owner_id') },
    { key: 'teamId', type: 'team', label: { ja: 'チーム', en: 'Team' }, accessField: 'teamId', expression: column('team_id'), bulkEdit: true },
    { key: 'parentAccountId', type: 'account', label: { ja: '親会社', en: 'Parent company' }, accessField: null, expression: column('parent_account_id') },
    { key: 'createdAt', type: 'datetime', label: { ja: '作成日', en: 'Created' }, accessField: null, expression: column('created_at') },
    { key: 'updatedAt', type: 'datetime', label: { ja: '更新日', en: 'Updated' }, accessField: null, expression: column('updated_at') },
  ],
  sorts: [
    { key: 'createdAt', label: { ja: '作成順', en: 'Created' }, accessField: null, expression: null, cursorType: 'text' },
    { key: 'name', label: { ja: '取引先名', en: 'Name' }, accessField: 'name', expression: column('name'), cursorType: 'text' },
    // The reading folded to hiragana, compared byte by byte: 五十音順 whatever the database collation (see migration 0180).
    {
      key: 'kana',
      label: { ja: '五十音順', en: 'Kana (gojūon)' },
      accessField: 'nameKana',
      expression: (alias) => sql`daifuku_gojuon_key(${sql.ref(`${alias}.name_kana`)}, ${sql.ref(`${alias}.name`)})`,
      cursorType: 'textC',
    },
  ],
})
