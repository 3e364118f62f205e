/**
 * Contacts (担当者) as an import target: flat columns (姓, 名, セイ, メイ, メール, 電話, 携帯, 〒, 都道府県 …)
 * become the contact's input (emails/phones/addresses lists), a company column links the contact
 * to the account of that name (created when there is none), and duplicates match by email.
 */
import { sql } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { normalizeCompanyName, normalizeEmail } from '../../platform/japanese/index.ts'
import { type AccountInput, checkNewAccount, createAccount, createAccountsInBulk } from '../accounts/index.ts'
import { listDefinitionRows } from '../custom-fields/custom-fields.queries.ts'
import { createContact, createContactsInBulk, type PreparedContact, prepareNewContact, updateContact, updateContactsInBulk } from '../contacts/index.ts'
import { ContactInput, ContactPatch } from '../contacts/contacts.schema.ts'
import { type ImportTarget, keyMatcher, registerImportTarget } from './targets.ts'

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

const EMAIL_FIELDS = ['email', 'email2'] as const
const PHONE_FIELDS = [
  ['phone', 'work'],
  ['mobile', 'mobile'],
  ['fax', 'fax'],
] as const
const ADDRESS_FIELDS = ['postalCode', 'prefecture', 'city', 'street', 'building'] as const
const PLAIN_FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'displayName', 'department', 'title', 'occupation', 'birthday', 'anniversary', 'tags', 'notes', 'ownerId'] as const

/** "山田 太郎" / "山田　太郎" → family 山田, given 太郎 (only when the parts are not given separately). */
function splitFullName(full: string): [string, string | undefined] {
  const parts = full.trim().split(/[\s\u3000]+/)
  return parts.length >= 2 ? [parts[0]!, parts.slice(1).join(' ')] : [full.trim(), undefined]
}

function toInput(values: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const key of PLAIN_FIELDS) if (values[key] !== undefined) input[key] = values[key]
  const full = text(values.fullName)
  if (full && input.familyName === undefined && input.givenName === undefined) {
    const [family, given] = splitFullName(full)
    input.familyName = family
    if (given) input.givenName = given
  }
  const fullKana = text(values.fullNameKana)
  if (fullKana && input.familyNameKana === undefined && input.givenNameKana === undefined) {
    const [family, given] = splitFullName(fullKana)
    input.familyNameKana = family
    if (given) input.givenNameKana = given
  }
  const emails = EMAIL_FIELDS.flatMap((key, i) => (text(values[key]) ? [{ type: i === 0 ? 'work' : 'other', address: text(values[key])!, primary: i === 0 }] : []))
  if (emails.length > 0 || mode === 'create') input.emails = emails.map((e, i) => ({ ...e, primary: i === 0 }))
  const phones = PHONE_FIELDS.flatMap(([key, type]) => (text(values[key]) ? [{ type, number: text(values[key])! }] : []))
  if (phones.length > 0 || mode === 'create') input.phones = phones.map((p, i) => ({ ...p, primary: i === 0 }))
  if (ADDRESS_FIELDS.some((key) => text(values[key]))) {
    const address: Record<string, unknown> = { type: 'work', country: 'JP', primary: true }
    for (const key of ADDRESS_FIELDS) if (text(values[key])) address[key] = text(values[key])
    if (typeof address.postalCode === 'string') address.postalCode = address.postalCode.replace(/^〒\s*/, '')
    input.addresses = [address]
  }
  return input
}

function fieldForPath(path: readonly PropertyKey[], values: Record<string, unknown>): string | null {
  const [head, index, leaf] = path
  if (head === 'emails' && typeof index === 'number') return EMAIL_FIELDS.filter((k) => text(values[k]))[index] ?? 'email'
  if (head === 'phones' && typeof index === 'number') return PHONE_FIELDS.map(([k]) => k).filter((k) => text(values[k]))[index] ?? 'phone'
  if (head === 'addresses') return typeof leaf === 'string' && (ADDRESS_FIELDS as readonly string[]).includes(leaf) ? leaf : 'street'
  if ((head === 'familyName' || head === 'givenName') && values[head] === undefined && values.fullName !== undefined) return 'fullName'
  return typeof head === 'string' ? head : null
}

// Per run (keyed by the run's transaction): accounts by normalised company name, and the new ones waiting to be
// written with the next batch of contacts.
interface Companies {
  idByName: Map<string, string>
  nameById: Map<string, string>
  pending: { id: string; input: AccountInput }[]
  /** Accounts have custom fields: create each company at once, so a refused one only rejects its row. */
  oneByOne: boolean
}
const companiesOfRun = new WeakMap<object, Companies>()

async function companiesFor(ctx: ServiceContext, settle?: () => Promise<void>): Promise<Companies> {
  let companies = companiesOfRun.get(ctx.tx)
  if (!companies) {
    await settle?.()
    const rows = await ctx.tx.selectFrom('accounts as a').select(['a.id', 'a.name']).where(visibleRecordsCondition(ctx, 'accounts', 'a')).execute()
    const idByName = new Map<string, string>()
    const nameById = new Map<string, string>()
    for (const row of rows) {
      nameById.set(row.id, row.name)
      if (!idByName.has(normalizeCompanyName(row.name))) idByName.set(normalizeCompanyName(row.name), row.id)
    }
    const oneByOne = (await listDefinitionRows(ctx, { object: 'accounts' })).length > 0
    companies = { idByName, nameById, pending: [], oneByOne }
    companiesOfRun.set(ctx.tx, companies)
  }
  return companies
}

async function accountIdForCompany(ctx: ServiceContext, company: string, options: { deferred: boolean; settle?: () => Promise<void> }): Promise<string> {
  const companies = await companiesFor(ctx, options.settle)
  const key = normalizeCompanyName(company)
  let id = companies.idByName.get(key)
  if (id) return id
  // A 名刺 list names companies that are not in the CRM yet: they are created like any account.
  if (options.deferred && !companies.oneByOne) {
    // Checked now (a role without the right to create accounts gets this row rejected), written with the batch.
    await checkNewAccount(ctx, { name: company })
    id = newId()
    companies.pending.push({ id, input: { name: company } })
  } else {
    // In a savepoint: if the account is refused (a required custom field), the row is reported and no half-made
    // account stays. A batch still being written goes in first: the savepoint must not enclose its statements.
    await options.settle?.()
    await sql`savepoint import_company`.execute(ctx.tx)
    try {
      id = (await createAccount(ctx, { name: company })).id
    } catch (error) {
      if (error instanceof AppError) await sql`rollback to savepoint import_company`.execute(ctx.tx)
      throw error
    } finally {
      await sql`release savepoint import_company`.execute(ctx.tx).catch(() => {})
    }
  }
  companies.idByName.set(key, id)
  companies.nameById.set(id, company)
  return id
}

export const contactsImportTarget: ImportTarget = {
  objectType: 'contacts',
  fields: [
    { key: 'familyName', label: { ja: '姓', en: 'Family name' }, type: 'text', aliases: ['氏', 'last name', 'lastname', 'surname'] },
    { key: 'givenName', label: { ja: '名', en: 'Given name' }, type: 'text', aliases: ['first name', 'firstname'] },
    { key: 'familyNameKana', label: { ja: 'セイ', en: 'Family name (kana)' }, type: 'text', aliases: ['姓カナ', '姓（カナ）', '姓フリガナ', 'せい'] },
    { key: 'givenNameKana', label: { ja: 'メイ', en: 'Given name (kana)' }, type: 'text', aliases: ['名カナ', '名（カナ）', '名フリガナ', 'めい'] },
    { key: 'fullName', label: { ja: '氏名', en: 'Full name' }, type: 'text', aliases: ['名前', 'お名前', 'name', 'full name'] },
    { key: 'fullNameKana', label: { ja: '氏名（カナ）', en: 'Full name (kana)' }, type: 'text', aliases: ['フリガナ', 'ふりがな', 'カナ', '氏名カナ', 'kana'] },
    { key: 'displayName', label: { ja: '表示名', en: 'Display name' }, type: 'text' },
    { key: 'company', label: { ja: '会社名', en: 'Company' }, type: 'text', aliases: ['取引先', '取引先名', '勤務先', '所属', '企業名', '社名', 'organization', 'org', 'account'] },
    { key: 'department', label: { ja: '部署', en: 'Department' }, type: 'text', aliases: ['部署名', '所属部署', '部門'] },
    { key: 'title', label: { ja: '役職', en: 'Title' }, type: 'text', aliases: ['役職名', 'job title', 'position'] },
    { key: 'email', label: { ja: 'メールアドレス', en: 'Email' }, type: 'text', aliases: ['メール', 'e-mail', 'mail', 'email address'] },
    { key: 'email2', label: { ja: 'メールアドレス2', en: 'Email 2' }, type: 'text', aliases: ['メール2', 'email 2'] },
    { key: 'phone', label: { ja: '電話番号', en: 'Phone' }, type: 'text', aliases: ['電話', 'tel', '会社電話', '代表電話', 'work phone'] },
    { key: 'mobile', label: { ja: '携帯電話', en: 'Mobile' }, type: 'text', aliases: ['携帯', '携帯番号', '携帯電話番号', 'mobile phone', 'cell'] },
    { key: 'fax', label: { ja: 'FAX', en: 'Fax' }, type: 'text', aliases: ['ファックス', 'fax番号'] },
    { key: 'postalCode', label: { ja: '郵便番号', en: 'Postal code' }, type: 'text', aliases: ['〒', 'zip', 'postcode'] },
    { key: 'prefecture', label: { ja: '都道府県', en: 'Prefecture' }, type: 'text', aliases: ['県'] },
    { key: 'city', label: { ja: '市区町村', en: 'City' }, type: 'text', aliases: ['市区郡'] },
    { key: 'street', label: { ja: '町名・番地', en: 'Street' }, type: 'text', aliases: ['住所', '番地', '住所1', 'address'] },
    { key: 'building', label: { ja: '建物名', en: 'Building' }, type: 'text', aliases: ['ビル名', '住所2', '建物名・部屋番号'] },
    { key: 'occupation', label: { ja: '職業', en: 'Occupation' }, type: 'text' },
    { key: 'birthday', label: { ja: '誕生日', en: 'Birthday' }, type: 'date', aliases: ['生年月日', 'birth date', 'date of birth'] },
    { key: 'anniversary', label: { ja: '記念日', en: 'Anniversary' }, type: 'date' },
    { key: 'tags', label: { ja: 'タグ', en: 'Tags' }, type: 'list' },
    { key: 'notes', label: { ja: '備考', en: 'Notes' }, type: 'text', aliases: ['メモ', 'note', 'memo'] },
    { key: 'ownerId', label: { ja: '担当ユーザー', en: 'Owner' }, type: 'user', aliases: ['担当者', '営業担当', 'owner email'] },
  ],
  createSchema: ContactInput,
  patchSchema: ContactPatch,
  toInput,
  fieldForPath,
  matchRule: { ja: 'メールアドレスが同じ（大文字・小文字、全角・半角の違いを無視）', en: 'Same email address (ignoring case and width)' },
  vcardMapping: {
    'N.family': 'familyName',
    'N.given': 'givenName',
    'N.family.kana': 'familyNameKana',
    'N.given.kana': 'givenNameKana',
    FN: 'displayName',
    ORG: 'company',
    'ORG.unit': 'department',
    TITLE: 'title',
    EMAIL: 'email',
    'EMAIL.2': 'email2',
    TEL: 'phone',
    'TEL.2': 'mobile',
    'ADR.postalCode': 'postalCode',
    'ADR.region': 'prefecture',
    'ADR.locality': 'city',
    'ADR.street': 'street',
    'ADR.extended': 'building',
    BDAY: 'birthday',
    NOTE: 'notes',
  },
  async loadMatcher(ctx) {
    const rows = await ctx.tx.selectFrom('contacts as c').select(['c.id', 'c.emails']).where(visibleRecordsCondition(ctx, 'contacts', 'c')).execute()
    // Every address of an existing contact counts, not only the primary one.
    const emailsOf = (r: Record<string, unknown>) =>
      [...EMAIL_FIELDS.map((k) => text(r[k])), ...((r.allEmails as string[] | undefined) ?? [])].filter((e): e is string => !!e).map(normalizeEmail)
    return keyMatcher(
      { email: emailsOf },
      rows.map((row) => ({ id: row.id, record: { allEmails: ((row.emails as { address: string }[] | null) ?? []).map((e) => e.address) } })),
    )
  },
  async create(ctx, input, values) {
    const company = text(values.company)
    const accountId = company ? await accountIdForCompany(ctx, company, { deferred: false }) : undefined
    return (await createContact(ctx, { ...(input as ContactInput), ...(accountId ? { accountId } : {}) })).id
  },
  async update(ctx, id, patch) {
    await updateContact(ctx, id, patch as ContactPatch)
  },
  // Matched contacts under the "update" policy: updateContact's rules, a batch at a time.
  bulkUpdate: (ctx, items) => updateContactsInBulk(ctx, items as { id: string; patch: ContactPatch }[]),
  // New contacts: checked by the contacts module's own rules one by one, written a batch at a time.
  bulkCreate: {
    async prepare(ctx, input, values, settle) {
      const company = text(values.company)
      // The account's name if it exists, else the name it will be created with: what the search text holds.
      let expectedCompany: string | null = null
      if (company) {
        const companies = await companiesFor(ctx, settle)
        const existing = companies.idByName.get(normalizeCompanyName(company))
        expectedCompany = (existing && companies.nameById.get(existing)) || company
      }
      const prepared = prepareNewContact(ctx, input as ContactInput, expectedCompany)
      // Only for a contact that passed its checks: a refused row creates no company.
      if (company) prepared.accountId = await accountIdForCompany(ctx, company, { deferred: true, settle })
      return prepared
    },
    async write(ctx, prepared) {
      // The batch's new companies first: the contacts link to them.
      const companies = await companiesFor(ctx)
      await createAccountsInBulk(ctx, companies.pending.splice(0))
      return createContactsInBulk(ctx, prepared as PreparedContact[])
    },
  },
}

registerImportTarget(contactsImportTarget)
