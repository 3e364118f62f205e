import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorker } from '../../platform/jobs/index.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { listAccounts } from '../accounts/index.ts'
import { createContact, listContacts } from '../contacts/index.ts'
import { parseCsv } from './csv.ts'
import type { Import } from './imports.schema.ts'
import { parseVCards, VCARD_COLUMNS } from './vcard.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

type Api = ReturnType<typeof client>
const apiFor = async (user: TestUser): Promise<Api> => client(t.http, await signIn(t.http, user))

async function upload(api: Api, content: Buffer | string, fileName: string): Promise<Import> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  const response = await api.post('/api/v1/imports', { objectType: 'contacts', fileName, contentBase64: bytes.toString('base64') })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as Import
}

async function runToEnd(api: Api, id: string): Promise<Import> {
  expect((await api.post(`/api/v1/imports/${id}/run`)).statusCode).toBe(202)
  const worker = createWorker({ db: t.app.db, kind: t.app.database.kind, logger: t.app.logger, deliverEvents: false })
  while (await worker.runOnce()) {
    /* next */
  }
  return (await api.get(`/api/v1/imports/${id}`)).json() as Import
}

const allContacts = (user: TestUser) => asUser(t.app, user, (ctx) => listContacts(ctx, { limit: 200, sort: 'kana' })).then((p) => p.data)

const CARDS = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:山田;太郎;;;',
  'FN:山田 太郎',
  'X-PHONETIC-LAST-NAME:ヤマダ',
  'X-PHONETIC-FIRST-NAME:タロウ',
  'ORG:株式会社大福商事;営業部',
  'TITLE:部長',
  'TEL;TYPE=WORK,VOICE:03-1234-5678',
  'TEL;TYPE=CELL:090-1111-2222',
  'EMAIL;TYPE=INTERNET,WORK:Taro.Yamada@Daifuku.example',
  'ADR;TYPE=WORK:;大福ビル5F;丸の内1-2-3;千代田区;東京都;100-0005;日本',
  'BDAY:1980-04-01',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:鈴木 花子',
  'N;SORT-AS="スズキ,ハナコ":鈴木;花子;;;',
  'ORG:(株)大福商事',
  'EMAIL;PREF=1:hanako@example.jp',
  'END:VCARD',
  '',
].join('\r\n')

describe('contact import and export', () => {
  it('imports a vCard file: names with kana, company link, phones, email and a Japanese address', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    const created = await upload(api, CARDS, 'contacts.vcf')
    expect(created).toMatchObject({ format: 'vcard', rowCount: 2, headers: [...VCARD_COLUMNS] })
    expect(created.mapping[VCARD_COLUMNS.indexOf('N.family.kana')]).toBe('familyNameKana')
    const done = await runToEnd(api, created.id)
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 0 })
    const contacts = await allContacts(admin)
    const taro = contacts.find((c) => c.familyName === '山田')!
    expect(taro).toMatchObject({ givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ', department: '営業部', title: '部長', birthday: '1980-04-01' })
    expect(taro.phones).toEqual([
      { type: 'work', number: '03-1234-5678', primary: true },
      { type: 'mobile', number: '090-1111-2222', primary: false },
    ])
    expect(taro.emails?.[0]?.address.toLowerCase()).toBe('taro.yamada@daifuku.example')
    expect(taro.addresses?.[0]).toMatchObject({ country: 'JP', postalCode: '100-0005', prefecture: '東京都', city: '千代田区', street: '丸の内1-2-3', building: '大福ビル5F' })
    // 株式会社大福商事 and (株)大福商事 are one company: created once, both people linked to it.
    const accounts = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 10, sort: 'name' }))
    expect(accounts.data.map((a) => a.name)).toEqual(['株式会社大福商事'])
    expect(contacts.map((c) => c.primaryAccount?.name)).toEqual(['株式会社大福商事', '株式会社大福商事'])
  })

  it('imports a Shift_JIS CSV with full names, matches duplicates by email and reports bad rows by column', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤', givenName: '一郎', emails: [{ type: 'work', address: 'ichiro@example.jp', primary: true }] }))
    const csv = ['氏名,フリガナ,メールアドレス,携帯,誕生日', '佐藤 一郎,サトウ イチロウ,ICHIRO@example.jp,080-1234-5678,昭和55年1月2日', '高橋　次郎,タカハシ ジロウ,bad-mail,,', '田中 三郎,,saburo@example.jp,,2月30日'].join('\r\n')
    const created = await upload(api, iconv.encode(csv, 'cp932'), '名刺.csv')
    expect(created).toMatchObject({ encoding: 'cp932', mapping: ['fullName', 'fullNameKana', 'email', 'mobile', 'birthday'] })
    await api.patch(`/api/v1/imports/${created.id}`, { duplicatePolicy: 'update' })
    const done = await runToEnd(api, created.id)
    expect(done.counts).toEqual({ created: 0, updated: 1, skipped: 0, errors: 2 })
    const [sato] = await allContacts(admin)
    expect(sato).toMatchObject({ familyName: '佐藤', givenName: '一郎', familyNameKana: 'サトウ', givenNameKana: 'イチロウ', birthday: '1980-01-02' })
    expect(sato!.phones).toEqual([{ type: 'mobile', number: '080-1234-5678', primary: true }])
    const report = await api.get(`/api/v1/imports/${created.id}/report.csv?lang=en`)
    const rows = [...parseCsv(report.rawPayload.subarray(3).toString('utf8'))].map((r) => r.fields)
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['3', 'メールアドレス', 'Email'],
      ['4', '誕生日', 'Birthday'],
    ])
  })

  it('exports contacts as vCard 4.0 and as Shift_JIS CSV that import back to the same people', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = await apiFor(admin)
    await upload(api, CARDS, 'contacts.vcf').then((i) => runToEnd(api, i.id))
    const vcf = await api.get('/api/v1/exports/contacts?format=vcard&sort=kana')
    expect(vcf.statusCode).toBe(200)
    expect(vcf.headers['content-type']).toContain('text/vcard')
    const cards = [...parseVCards(vcf.body)]
    expect(cards).toHaveLength(2)
    const col = (i: number, name: (typeof VCARD_COLUMNS)[number]) => cards[i]!.fields[VCARD_COLUMNS.indexOf(name)]
    expect([col(0, 'N.family'), col(0, 'N.family.kana'), col(0, 'ORG')]).toEqual(['鈴木', 'スズキ', '株式会社大福商事'])
    expect([col(1, 'N.family'), col(1, 'TEL'), col(1, 'ADR.region'), col(1, 'ADR.postalCode')]).toEqual(['山田', '03-1234-5678', '東京都', '100-0005'])

    const csv = await api.get('/api/v1/exports/contacts?encoding=shift_jis&sort=kana')
    const text = iconv.decode(csv.rawPayload, 'cp932')
    expect(text).toContain('山田')
    // Into another tenant: the export's header maps itself and every person arrives.
    const other = await createTestTenant(t.app)
    const otherApi = await apiFor(other.admin)
    const again = await upload(otherApi, csv.rawPayload, 'export.csv')
    expect(again.mapping.filter(Boolean)).toContain('familyNameKana')
    // Owners are people of the first tenant, unknown here: that column is left out (else each row is refused).
    const ownerColumn = again.mapping.indexOf('ownerId')
    expect(ownerColumn).toBeGreaterThanOrEqual(0)
    const patched = await otherApi.patch(`/api/v1/imports/${again.id}`, { mapping: again.mapping.map((m) => (m === 'ownerId' ? null : m)) })
    expect(patched.statusCode).toBe(200)
    expect((await runToEnd(otherApi, again.id)).counts.created).toBe(2)
    const copied = await allContacts(other.admin)
    expect(copied.map((c) => [c.familyName, c.givenNameKana, c.primaryAccount?.name])).toEqual([
      ['鈴木', 'ハナコ', '株式会社大福商事'],
      ['山田', 'タロウ', '株式会社大福商事'],
    ])
    // The read-only role exports but cannot import contacts.
    const reader = await apiFor(await createTestUser(t.app, tenantId, { roleKey: 'readonly' }))
    expect((await reader.get('/api/v1/exports/contacts?format=vcard')).statusCode).toBe(200)
    const refused = await reader.post('/api/v1/imports', { objectType: 'contacts', fileName: 'x.vcf', contentBase64: Buffer.from(CARDS).toString('base64') })
    expect(refused.statusCode).toBe(403)
  })
})
