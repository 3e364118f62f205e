import { describe, expect, it } from 'vitest'
import { blockingKeys, combine, findCandidatePairs, levelOf, type MatchInput, scorePair } from './match.ts'

describe('名寄せ engine: contacts', () => {
  const cases: Array<{ name: string; a: Omit<MatchInput, 'id'>; b: Omit<MatchInput, 'id'>; reasons: string[]; level: string }> = [
    { name: 'same email in another case and width', a: { name: '田中太郎', emails: ['Taro@Example.JP'] }, b: { name: '田中 太郎', emails: [' ｔａｒｏ@example.jp'] }, reasons: ['email', 'name'], level: 'likely' },
    { name: 'same phone written two ways', a: { name: '鈴木一郎', phones: ['03-1234-5678'] }, b: { name: '佐藤花子', phones: ['0312345678'] }, reasons: ['phone'], level: 'possible' },
    { name: '+81 form is the same phone', a: { name: 'A', phones: ['+81 3 1234 5678'] }, b: { name: 'B', phones: ['０３（１２３４）５６７８'] }, reasons: ['phone'], level: 'possible' },
    { name: '髙橋 = 高橋 at (株)大福 = 株式会社大福', a: { name: '髙橋一郎', companies: ['(株)大福'] }, b: { name: '高橋 一郎', companies: ['株式会社大福'] }, reasons: ['name_company'], level: 'likely' },
    { name: 'ﾀﾅｶ = タナカ = たなか as readings at the same company', a: { name: '田中', kana: 'ﾀﾅｶ', companies: ['大福 Co., Ltd.'] }, b: { name: '田仲', kana: 'たなか', companies: ['㈱大福'] }, reasons: ['kana_company'], level: 'possible' },
    { name: 'name and reading without company', a: { name: '山田花子', kana: 'ヤマダハナコ' }, b: { name: '山田　花子', kana: 'やまだ はなこ' }, reasons: ['name_kana'], level: 'possible' },
    { name: 'all signals together', a: { name: '山田花子', kana: 'ヤマダ', emails: ['h@x.jp'], phones: ['090-1111-2222'], companies: ['大福'] }, b: { name: '山田花子', kana: 'やまだ', emails: ['H@X.JP'], phones: ['09011112222'], companies: ['大福株式会社'] }, reasons: ['email', 'name_company', 'phone', 'kana_company', 'name_kana'], level: 'likely' },
    { name: 'same name, different companies: not a candidate', a: { name: '佐藤健', companies: ['A社'] }, b: { name: '佐藤健', companies: ['B商事'] }, reasons: ['name'], level: 'none' },
    { name: 'nothing in common', a: { name: '田中', emails: ['a@x.jp'] }, b: { name: '鈴木', emails: ['b@x.jp'] }, reasons: [], level: 'none' },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const scored = scorePair('contacts', { id: 'a', ...c.a }, { id: 'b', ...c.b })
      expect(scored.reasons).toEqual(c.reasons)
      expect(levelOf(scored.score)).toBe(c.level)
      // Symmetric.
      expect(scorePair('contacts', { id: 'b', ...c.b }, { id: 'a', ...c.a })).toEqual(scored)
    })
  }

  it('combines signals as 1 − Π(1 − w)', () => {
    expect(combine(['email']).score).toBe(0.9)
    expect(combine(['phone', 'kana_company']).score).toBe(0.88)
    expect(combine(['phone', 'phone']).score).toBe(0.7)
    expect(combine([]).score).toBe(0)
  })

  it('short phone numbers and empty values make no keys', () => {
    expect(blockingKeys('contacts', { id: 'x', name: '', phones: ['123', null], emails: ['', null] })).toEqual([])
  })

  it('finds pairs by blocking, best first, and skips keys shared by too many records', () => {
    const records: MatchInput[] = [
      { id: '1', name: '髙橋一郎', companies: ['(株)大福'] },
      { id: '2', name: '高橋一郎', companies: ['大福'], emails: ['t@d.jp'] },
      { id: '3', name: 'Other', emails: ['T@D.JP'] },
      { id: '4', name: 'Lonely' },
      ...Array.from({ length: 60 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, name: `人${i}`, phones: ['0120-000-000'] })),
    ]
    const pairs = findCandidatePairs('contacts', records)
    expect(pairs.map((p) => [p.a, p.b, p.reasons])).toEqual([
      ['2', '3', ['email']],
      ['1', '2', ['name_company']],
    ])
  })
})

describe('名寄せ engine: accounts', () => {
  const cases: Array<{ a: Omit<MatchInput, 'id'>; b: Omit<MatchInput, 'id'>; reasons: string[]; level: string }> = [
    { a: { name: '株式会社大福' }, b: { name: '(株)大福' }, reasons: ['company'], level: 'likely' },
    { a: { name: '大福 Co., Ltd.' }, b: { name: '大福' }, reasons: ['company'], level: 'likely' },
    { a: { name: 'ＤＡＩＦＵＫＵ Inc.' }, b: { name: 'daifuku K.K.' }, reasons: ['company'], level: 'likely' },
    { a: { name: '大福商事', kana: 'ﾀﾞｲﾌｸ' }, b: { name: '㈱大福商事', kana: 'ダイフク' }, reasons: ['company', 'company_kana'], level: 'likely' },
    { a: { name: 'A社', phones: ['03-1234-5678'] }, b: { name: 'B社', phones: ['0312345678'] }, reasons: ['phone'], level: 'possible' },
    { a: { name: '大福' }, b: { name: '大福堂' }, reasons: [], level: 'none' },
  ]
  for (const c of cases) {
    it(`${c.a.name} vs ${c.b.name}`, () => {
      const scored = scorePair('accounts', { id: 'a', ...c.a }, { id: 'b', ...c.b })
      expect(scored.reasons).toEqual(c.reasons)
      expect(levelOf(scored.score)).toBe(c.level)
    })
  }
})
