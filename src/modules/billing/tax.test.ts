import { describe, expect, it } from 'vitest'
import { computeDocumentTotals, divideRounded, isValidRegistrationNumber, type TaxLine } from './tax.ts'

const line = (quantity: number | string, unitPrice: number | string, taxCategory: TaxLine['taxCategory'], discount = 0): TaxLine => ({ quantity, unitPrice, taxCategory, discount })

describe('computeDocumentTotals', () => {
  const cases: { name: string; lines: TaxLine[]; rounding: 'floor' | 'round' | 'ceil'; byRate: [string, number, number][]; subtotal: number; tax: number; total: number }[] = [
    {
      name: 'mixed 10% / 8% / exempt lines, each rate taxed once',
      lines: [line(3, 1000, 'standard'), line(2, 540, 'reduced'), line(1, 20000, 'exempt')],
      rounding: 'floor',
      byRate: [['standard', 3000, 300], ['reduced', 1080, 86], ['exempt', 20000, 0]],
      subtotal: 24080,
      tax: 386,
      total: 24466,
    },
    {
      name: 'discounts come off the line before tax',
      lines: [line(10, 1200, 'standard', 2000), line(4, 298, 'reduced', 92)],
      rounding: 'floor',
      byRate: [['standard', 10000, 1000], ['reduced', 1100, 88]],
      subtotal: 11100,
      tax: 1088,
      total: 12188,
    },
    // Three 8% lines of ¥105: per line 8.4 → 8 each (24), per invoice 315 × 8% = 25.2 → 25.
    { name: 'floor per invoice differs from per-line rounding', lines: [line(1, 105, 'reduced'), line(1, 105, 'reduced'), line(1, 105, 'reduced')], rounding: 'floor', byRate: [['reduced', 315, 25]], subtotal: 315, tax: 25, total: 340 },
    // Three 10% lines of ¥15: per line 1.5 → 2 each (6) with 四捨五入, per invoice 45 × 10% = 4.5 → 5.
    { name: 'round (四捨五入) per invoice', lines: [line(1, 15, 'standard'), line(1, 15, 'standard'), line(1, 15, 'standard')], rounding: 'round', byRate: [['standard', 45, 5]], subtotal: 45, tax: 5, total: 50 },
    { name: 'round goes down below one half', lines: [line(1, 104, 'standard')], rounding: 'round', byRate: [['standard', 104, 10]], subtotal: 104, tax: 10, total: 114 },
    // Two 10% lines of ¥11: per line 1.1 → 2 each (4) with 切り上げ, per invoice 22 × 10% = 2.2 → 3.
    { name: 'ceil (切り上げ) per invoice', lines: [line(1, 11, 'standard'), line(1, 11, 'standard')], rounding: 'ceil', byRate: [['standard', 22, 3]], subtotal: 22, tax: 3, total: 25 },
    { name: 'ceil leaves an exact tax alone', lines: [line(1, 1000, 'standard')], rounding: 'ceil', byRate: [['standard', 1000, 100]], subtotal: 1000, tax: 100, total: 1100 },
    { name: 'fractional quantities and prices round the line half-up to the yen', lines: [line('1.5', '333.33', 'standard')], rounding: 'floor', byRate: [['standard', 500, 50]], subtotal: 500, tax: 50, total: 550 },
    { name: 'no lines, no rates', lines: [], rounding: 'floor', byRate: [], subtotal: 0, tax: 0, total: 0 },
  ]
  it.each(cases)('$name', ({ lines, rounding, byRate, subtotal, tax, total }) => {
    const result = computeDocumentTotals(lines, { rounding })
    expect(result.byRate.map((r) => [r.taxCategory, r.subtotal, r.tax])).toEqual(byRate)
    expect(result.byRate.every((r) => r.total === r.subtotal + r.tax)).toBe(true)
    expect([result.subtotal, result.taxTotal, result.total]).toEqual([subtotal, tax, total])
  })

  it('keeps cents in a currency that has them', () => {
    const result = computeDocumentTotals([line(3, '19.99', 'standard'), line(1, '0.05', 'reduced')], { rounding: 'round', currency: 'USD' })
    expect(result.lineAmounts).toEqual([59.97, 0.05])
    expect(result.byRate.map((r) => [r.subtotal, r.tax])).toEqual([
      [59.97, 6],
      [0.05, 0],
    ])
  })

  it('is exact with large amounts where floating point would drift', () => {
    const result = computeDocumentTotals([line(3, '0.1', 'standard', 0), line(999_999, '99999.99', 'standard')], { rounding: 'floor' })
    expect(result.subtotal).toBe(99_999_890_000)
    expect(result.taxTotal).toBe(9_999_989_000)
  })
})

describe('divideRounded', () => {
  it.each([
    [7n, 2n, 'floor', 3n],
    [7n, 2n, 'ceil', 4n],
    [7n, 2n, 'round', 4n],
    [-7n, 2n, 'floor', -4n],
    [-7n, 2n, 'round', -4n],
    [6n, 3n, 'ceil', 2n],
  ] as const)('%s / %s (%s) = %s', (n, d, mode, expected) => {
    expect(divideRounded(n, d, mode)).toBe(expected)
  })
})

describe('isValidRegistrationNumber', () => {
  it.each(['T7000012050002', 'T2010001008824'])('accepts the published number %s', (value) => {
    expect(isValidRegistrationNumber(value)).toBe(true)
  })
  it.each([
    ['a wrong check digit', 'T6000012050002'],
    ['a changed body digit', 'T7000012050003'],
    ['no T', '7000012050002'],
    ['12 digits', 'T700001205000'],
    ['full-width digits', 'T７000012050002'],
  ])('refuses %s', (_why, value) => {
    expect(isValidRegistrationNumber(value)).toBe(false)
  })
})
