import { describe, expect, it } from 'vitest'
import type { ErrorDetail } from '../../platform/errors.ts'
import { contactSearchText, defaultDisplayName, normalizeAddresses, normalizeEmails, normalizeKana, normalizeTags, sortKana } from './contacts.profile.ts'

describe('contact profile rules', () => {
  it.each([
    ['たなか', 'タナカ'],
    ['ﾀﾅｶ', 'タナカ'],
    ['タナカ', 'タナカ'],
    ['  やまだ　たろう ', 'ヤマダ タロウ'],
    ['ヴァイオリン・ー', 'ヴァイオリン・ー'],
  ])('stores the reading %s as %s', (input, stored) => {
    const details: ErrorDetail[] = []
    expect(normalizeKana(input, 'familyNameKana', details)).toBe(stored)
    expect(details).toEqual([])
  })

  it('refuses a reading that is not kana', () => {
    const details: ErrorDetail[] = []
    normalizeKana('田中', 'familyNameKana', details)
    normalizeKana('Tanaka', 'givenNameKana', details)
    expect(details.map((d) => d.path)).toEqual(['familyNameKana', 'givenNameKana'])
  })

  it.each([
    ['山田', '太郎', '山田 太郎'],
    ['Smith', 'John', 'John Smith'],
    ['山田', null, '山田'],
    [null, 'Taro', 'Taro'],
  ])('display name of %s / %s is %s', (family, given, display) => {
    expect(defaultDisplayName(family, given)).toBe(display)
  })

  it('writes Japanese postal codes as 123-4567 from any width or form and checks the prefecture', () => {
    const details: ErrorDetail[] = []
    const base = { type: 'work' as const, primary: false }
    const [a, b, c] = normalizeAddresses(
      [
        { ...base, country: 'JP', postalCode: '〒１００−０００１', prefecture: '東京都' },
        { ...base, country: 'jp', postalCode: '5300001', prefecture: '大阪' },
        { ...base, country: 'US', postalCode: '94105', line1: '1 Market St' },
      ],
      details,
    )
    expect(a).toMatchObject({ postalCode: '100-0001', primary: true })
    expect(b).toMatchObject({ country: 'JP', postalCode: '530-0001', primary: false })
    expect(c).toMatchObject({ country: 'US', postalCode: '94105' })
    expect(details.map((d) => d.path)).toEqual(['addresses.1.prefecture'])
  })

  it('makes the first email primary when none is marked and refuses the same address twice', () => {
    const details: ErrorDetail[] = []
    const emails = normalizeEmails(
      [
        { type: 'work', address: 'a@example.test', primary: false },
        { type: 'other', address: 'b@example.test', primary: false },
      ],
      details,
    )
    expect(emails.map((e) => e.primary)).toEqual([true, false])
    normalizeEmails(
      [
        { type: 'work', address: 'a@example.test', primary: false },
        { type: 'work', address: ' A@EXAMPLE.TEST', primary: false },
      ],
      details,
    )
    expect(details.map((d) => d.path)).toEqual(['emails.1.address'])
  })

  it('folds tags for width and keeps each once', () => {
    expect(normalizeTags(['ＶＩＰ', 'VIP', ' 展示会 ', '展示会'])).toEqual(['VIP', '展示会'])
  })

  it('sorts by reading in hiragana, and people without a reading after everyone with one', () => {
    const keys = [
      sortKana({ familyNameKana: 'ワタナベ', givenNameKana: null, displayName: '渡辺' }),
      sortKana({ familyNameKana: null, givenNameKana: null, displayName: '阿部' }),
      sortKana({ familyNameKana: 'アベ', givenNameKana: 'タロウ', displayName: '阿部 太郎' }),
    ]
    expect(keys[2]).toBe('あべ たろう')
    expect([...keys].sort()).toEqual([keys[2], keys[0], keys[1]])
  })

  it('search text holds names, readings, email, phone digits, companies without legal form and tags', () => {
    const text = contactSearchText(
      {
        displayName: '山田 太郎',
        familyName: '山田',
        givenName: '太郎',
        familyNameKana: 'ヤマダ',
        givenNameKana: 'タロウ',
        emails: [{ type: 'work', address: 'Taro@Example.test', primary: true }],
        phones: [{ type: 'mobile', number: '090-1234-5678', primary: true }],
        tags: ['展示会'],
      },
      ['株式会社大福'],
    )
    for (const part of ['山田太郎', 'やまだたろう', 'taro@example.test', '09012345678', '大福', '展示会']) expect(text.split(' ')).toContain(part)
  })
})
