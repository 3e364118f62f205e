import { describe, expect, it } from 'vitest'
import { checkConfigurator, type ConfiguratorDefinition, evaluateConfiguration } from './configurator.rules.ts'
import { ConfiguratorPut } from './configurator.schema.ts'

// A PC: CPU (single, required), memory (single), extras (multi).
const pc = (rules: unknown[]): ConfiguratorDefinition =>
  ConfiguratorPut.parse({
    optionGroups: [
      {
        key: 'cpu',
        name: 'CPU',
        required: true,
        options: [
          { key: 'i5', name: 'Core i5', priceDelta: 0 },
          { key: 'i9', name: 'Core i9', priceDelta: 40000 },
        ],
      },
      {
        key: 'mem',
        name: 'メモリ',
        nameEn: 'Memory',
        options: [
          { key: 'm16', name: '16GB', priceDelta: 0 },
          { key: 'm64', name: '64GB', priceDelta: 30000 },
        ],
      },
      {
        key: 'extra',
        name: 'オプション',
        nameEn: 'Extras',
        selection: 'multi',
        options: [
          { key: 'cooler', name: '水冷クーラー', nameEn: 'Liquid cooler', priceDelta: 15000 },
          { key: 'psu', name: '大容量電源', nameEn: 'Large PSU', priceDelta: 12000 },
          { key: 'silent', name: '静音ケース', nameEn: 'Silent case', priceDelta: 8000 },
          { key: 'warranty', name: '延長保証', nameEn: 'Extended warranty', priceDelta: 0 },
        ],
      },
    ],
    rules,
  })

const base = { unitPrice: 100000, currency: 'JPY' }

describe('configurator rules', () => {
  it('THEN require: i9 without the cooler is invalid, and the message names both options in ja and en', () => {
    const def = pc([{ key: 'r1', conditions: [{ option: 'i9' }], then: [{ type: 'require', option: 'cooler' }] }])
    const bad = evaluateConfiguration(def, ['i9'], base)
    expect(bad.valid).toBe(false)
    expect(bad.errors).toEqual([
      {
        code: 'requires',
        ruleKey: 'r1',
        options: ['i9', 'cooler'],
        message: { ja: '「Core i9」を選択した場合は、「水冷クーラー」も選択してください。', en: '“Core i9” requires “Liquid cooler”: please select it as well.' },
      },
    ])
    expect(evaluateConfiguration(def, ['i9', 'cooler'], base)).toMatchObject({ valid: true, errors: [], unitPrice: 155000 })
    // The rule does not fire when its condition is false.
    expect(evaluateConfiguration(def, ['i5'], base).valid).toBe(true)
  })

  it('THEN exclude: a forbidden combination is refused naming both options', () => {
    const def = pc([{ key: 'r2', conditions: [{ option: 'cooler' }], then: [{ type: 'exclude', option: 'silent' }] }])
    const result = evaluateConfiguration(def, ['i5', 'cooler', 'silent'], base)
    expect(result.valid).toBe(false)
    expect(result.errors[0]).toMatchObject({ code: 'excludes', options: ['cooler', 'silent'] })
    expect(result.errors[0]!.message.ja).toBe('「水冷クーラー」と「静音ケース」は同時に選択できません。')
    expect(result.errors[0]!.message.en).toBe('“Liquid cooler” cannot be combined with “Silent case”.')
  })

  it('chained requirements report each missing link in turn', () => {
    const def = pc([
      { key: 'a', conditions: [{ option: 'i9' }], then: [{ type: 'require', option: 'cooler' }] },
      { key: 'b', conditions: [{ option: 'cooler' }], then: [{ type: 'require', option: 'psu' }] },
    ])
    expect(evaluateConfiguration(def, ['i9'], base).errors.map((e) => e.ruleKey)).toEqual(['a'])
    expect(evaluateConfiguration(def, ['i9', 'cooler'], base).errors.map((e) => e.ruleKey)).toEqual(['b'])
    expect(evaluateConfiguration(def, ['i9', 'cooler', 'psu'], base)).toMatchObject({ valid: true, unitPrice: 167000 })
  })

  it('AND / OR conditions and the ELSE branch', () => {
    const and = pc([{ key: 'and', match: 'all', conditions: [{ option: 'i9' }, { option: 'm64' }], then: [{ type: 'require', option: 'psu' }] }])
    expect(evaluateConfiguration(and, ['i9'], base).valid).toBe(true)
    expect(evaluateConfiguration(and, ['i9', 'm64'], base).errors[0]!.message.ja).toBe('「Core i9」と「64GB」を選択した場合は、「大容量電源」も選択してください。')
    const or = pc([{ key: 'or', match: 'any', conditions: [{ option: 'i9' }, { option: 'm64' }], then: [{ type: 'require', option: 'psu' }] }])
    expect(evaluateConfiguration(or, ['i5', 'm64'], base).errors[0]).toMatchObject({ options: ['m64', 'psu'] })
    // ELSE: without the extended warranty, a silent case cannot be chosen (and a fee applies).
    const otherwise = pc([
      {
        key: 'w',
        name: '保証なし',
        conditions: [{ option: 'warranty' }],
        then: [{ type: 'adjust', mode: 'amount', value: -2000, label: '保証割引' }],
        else: [{ type: 'exclude', option: 'silent' }],
      },
    ])
    const refused = evaluateConfiguration(otherwise, ['i5', 'silent'], base)
    expect(refused.errors).toEqual([
      { code: 'excludes', ruleKey: 'w', options: ['silent'], message: { ja: 'ルール「保証なし」により、「静音ケース」は選択できません。', en: 'Rule “保証なし” does not allow “Silent case”.' } },
    ])
    expect(evaluateConfiguration(otherwise, ['i5', 'silent', 'warranty'], base)).toMatchObject({ valid: true, unitPrice: 106000 })
  })

  it('amount adjustments add; percent adjustments are taken of base + options and rounded to whole yen', () => {
    const def = pc([
      { key: 'bundle', name: 'セット割', conditions: [{ option: 'i9' }, { option: 'm64' }], then: [{ type: 'adjust', mode: 'percent', value: -7.5 }] },
      { key: 'fee', name: '組立費', conditions: [{ option: 'cooler' }], then: [{ type: 'adjust', mode: 'amount', value: 3000 }] },
    ])
    const result = evaluateConfiguration(def, ['i9', 'm64', 'cooler'], { unitPrice: 99999, currency: 'JPY' })
    // base 99999 + 40000 + 30000 + 15000 = 184999; 7.5% = 13874.925 → −13875; + 3000.
    expect(result.breakdown.map((c) => [c.kind, c.ref, c.percent, c.amount])).toEqual([
      ['base', null, null, 99999],
      ['option', 'i9', null, 40000],
      ['option', 'm64', null, 30000],
      ['option', 'cooler', null, 15000],
      ['adjustment', 'bundle', -7.5, -13875],
      ['adjustment', 'fee', null, 3000],
    ])
    expect(result.unitPrice).toBe(174124)
    // In dollars the percent keeps cents.
    const usd = evaluateConfiguration(def, ['i9', 'm64'], { unitPrice: 10.01, currency: 'USD' })
    expect(usd.breakdown.at(-1)!.amount).toBe(-5250.75) // 7.5% of 70010.01 = 5250.75075
    expect(usd.unitPrice).toBe(64759.26)
  })

  it('invalid selections: unknown option, two of a single-choice group, a required group left empty', () => {
    const result = evaluateConfiguration(pc([]), ['m16', 'm64', 'nope'], base)
    expect(result.valid).toBe(false)
    expect(result.errors.map((e) => e.code)).toEqual(['unknown_option', 'required_group', 'single_selection'])
    expect(result.errors[0]!.message.ja).toBe('「nope」という選択肢はありません。')
    expect(result.errors[1]!.message.en).toBe('Please choose a “CPU”.')
    expect(result.errors[2]!.message.ja).toBe('「メモリ」から選べるのは1つだけです（「16GB」、「64GB」）。')
    expect(result.selections).toEqual(['m16', 'm64'])
    // Selections come back in the configurator's order, whatever order they were picked in.
    expect(evaluateConfiguration(pc([]), ['cooler', 'm64', 'i9'], base).selections).toEqual(['i9', 'm64', 'cooler'])
  })

  it('a configurator whose rules name missing options, or reuse keys, is refused with paths', () => {
    const def = pc([
      { key: 'x', conditions: [{ option: 'ghost' }], then: [{ type: 'require', option: 'cooler' }] },
      { key: 'x', conditions: [{ option: 'i9' }], then: [{ type: 'adjust', mode: 'percent', value: 5000 }] },
    ])
    expect(checkConfigurator(def).map((d) => d.path)).toEqual(['rules.0.conditions.0.option', 'rules.1.key', 'rules.1.then.0.value'])
  })
})
