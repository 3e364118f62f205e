/**
 * The migration's SQL functions (used to backfill and for raw-SQL writes) must fold exactly like the TypeScript
 * library the services use; otherwise a row written one way could not be found the other way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { buildSearchText, foldForSearch, normalizeCompanyName, normalizePhone, searchTextGrams } from '../../platform/japanese/index.ts'
import { startTestApp, type TestApp } from '../../platform/testing/test-app.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const TEXTS = [
  'ﾀﾅｶ ﾀﾛｳ', 'タナカ　タロウ', '田中太郎', '髙橋一郎', '山﨑', '渡邊', '渡邉', '齋藤', '齊藤', '濵田', '德川', '國分', '𠮷野家',
  'ＡＢＣ', 'Taro@Example.JP', 'ジョン・スミス', 'ｼﾞｮﾝ･ｽﾐｽ', 'ヴァイオリン', 'コーヒー', '', '   ',
]
const COMPANIES = [
  '株式会社大福', '大福株式会社', '(株)大福', '（株）大福', '㈱大福', '大福㈱', '株式会社　大福', '㍿大福', '有限会社山田商店', '㈲山田商店',
  '合同会社ミライ', '一般社団法人日本CRM協会', '医療法人社団 髙橋会', '特定非営利活動法人 みどりの森', 'ＮＰＯ法人みどりの森',
  '地方独立行政法人 東京病院', 'Daifuku Co., Ltd.', 'DAIFUKU CO.,LTD.', 'Daifuku, Inc.', 'Daifuku Corporation', 'Daifuku K.K.',
  'Daifuku Kabushiki Kaisha', 'Ｄａｉｆｕｋｕ　Ｃｏ．，Ｌｔｄ．', 'Zinc', 'Costco', 'Incorporated Things Ltd', '株式会社',
]
const PHONES = ['03-1234-5678', '０３（１２３４）５６７８', '+81 3 1234 5678', '+81 (0)3 1234 5678', '0081312345678', '+1 (415) 555-0100', '81-1234', 'なし']

async function sqlValues(fn: string, inputs: string[]): Promise<string[]> {
  const rows = await sql<{ v: string }>`select ${sql.raw(fn)}(x) as v from unnest(array[${sql.join(inputs)}]::text[]) with ordinality as u(x, n) order by n`.execute(t.app.db)
  return rows.rows.map((r) => r.v)
}

describe('SQL folding matches the TypeScript library', () => {
  it('daifuku_fold = foldForSearch', async () => {
    expect(await sqlValues('daifuku_fold', TEXTS)).toEqual(TEXTS.map((x) => foldForSearch(x)))
  })

  it('daifuku_company_name = normalizeCompanyName', async () => {
    expect(await sqlValues('daifuku_company_name', COMPANIES)).toEqual(COMPANIES.map((x) => normalizeCompanyName(x)))
  })

  it('daifuku_phone_digits = normalizePhone', async () => {
    expect(await sqlValues('daifuku_phone_digits', PHONES)).toEqual(PHONES.map((x) => normalizePhone(x)))
  })

  it('daifuku_search_text = buildSearchText', async () => {
    const records = [
      ['田中太郎', 'タナカ タロウ', '03-1234-5678', 'Taro@Example.JP'],
      ['㈱渡邉製作所', 'ﾜﾀﾅﾍﾞｾｲｻｸｼｮ', '＋８１ ９０ １１１１ ２２２２', null],
      ['Daifuku Co., Ltd.', null, null, 'info@daifuku.example'],
      ['', null, '123', null],
    ]
    for (const parts of records) {
      const row = await sql<{ v: string }>`select daifuku_search_text(array[${sql.join(parts)}]::text[]) as v`.execute(t.app.db)
      expect(row.rows[0]!.v).toBe(buildSearchText(parts))
    }
  })

  it('daifuku_search_grams gives every character and neighbouring pair, never across the part separator', async () => {
    const grams = async (text: string | null) =>
      ((await sql<{ g: string[] }>`select daifuku_search_grams(${text}::text) as g`.execute(t.app.db)).rows[0]!.g as string[]).sort()
    expect(await grams('たな か')).toEqual(['か', 'た', 'たな', 'な'].sort())
    expect(await grams('𠮷野 03')).toEqual(['0', '03', '3', '𠮷', '𠮷野', '野'].sort())
    expect(await grams('')).toEqual([])
    expect(await grams(null)).toEqual([])
  })

  it('searchTextGrams = daifuku_search_grams, as sets (bulk writes send them instead of the database computing them)', async () => {
    const texts = [
      ...TEXTS.map((x) => buildSearchText([x])),
      ...COMPANIES.map((x) => buildSearchText([x])),
      buildSearchText(['山田 太郎', '山田太郎', 'ヤマダ タロウ', 'taro.yamada@example.co.jp', '03-1234-5678', '㈱渡邉製作所', 'VIP']),
      'a  b\tc\nd', ' 先頭と末尾 ', '𠮷𠮷野', 'ああああ', 'x', '',
    ]
    const rows = await sql<{ g: string[] }>`select array(select distinct x from unnest(daifuku_search_grams(t)) x) as g
      from unnest(array[${sql.join(texts)}]::text[]) with ordinality as u(t, n) order by n`.execute(t.app.db)
    expect(rows.rows.map((r) => [...r.g].sort())).toEqual(texts.map((text) => searchTextGrams(text).sort()))
  })
})

