/**
 * The configurator's rule evaluator: pure, no eval(), no I/O. Given option groups, rules and the
 * selected option keys it returns the errors (in Japanese and English, naming the options) and the
 * price breakdown. Rules run in their written order and never change the selections themselves.
 */
import { divideRounded, minorDigits, toScaled } from '../billing/tax.ts'
import type { ConfigurationError, ConfiguratorOption, ConfiguratorOptionGroup, ConfiguratorPut, ConfiguratorRule, PriceComponent } from './configurator.schema.ts'

export interface ConfiguratorDefinition {
  optionGroups: ConfiguratorOptionGroup[]
  rules: ConfiguratorRule[]
}

export interface Evaluation {
  valid: boolean
  errors: ConfigurationError[]
  selections: string[]
  breakdown: PriceComponent[]
  unitPrice: number
}

interface Indexed {
  option: ConfiguratorOption
  group: ConfiguratorOptionGroup
}

const ja = (name: string) => `「${name}」`
const en = (name: string) => `“${name}”`
const nameJa = (o: { name: string }) => o.name
const nameEn = (o: { name: string; nameEn?: string | null }) => o.nameEn || o.name

/** Structural checks a Zod schema cannot make: unique keys and rules that name real options. */
export function checkConfigurator(definition: ConfiguratorPut): { path: string; message: string }[] {
  const details: { path: string; message: string }[] = []
  const groupKeys = new Set<string>()
  const optionKeys = new Set<string>()
  definition.optionGroups.forEach((group, g) => {
    if (groupKeys.has(group.key)) details.push({ path: `optionGroups.${g}.key`, message: `The group key "${group.key}" is used twice.` })
    groupKeys.add(group.key)
    group.options.forEach((option, o) => {
      if (optionKeys.has(option.key)) details.push({ path: `optionGroups.${g}.options.${o}.key`, message: `The option key "${option.key}" is used twice.` })
      optionKeys.add(option.key)
    })
  })
  const ruleKeys = new Set<string>()
  definition.rules.forEach((rule, r) => {
    if (ruleKeys.has(rule.key)) details.push({ path: `rules.${r}.key`, message: `The rule key "${rule.key}" is used twice.` })
    ruleKeys.add(rule.key)
    rule.conditions.forEach((c, i) => {
      if (!optionKeys.has(c.option)) details.push({ path: `rules.${r}.conditions.${i}.option`, message: `No option "${c.option}".` })
    })
    for (const branch of ['then', 'else'] as const) {
      rule[branch].forEach((action, i) => {
        if (action.type !== 'adjust' && !optionKeys.has(action.option)) details.push({ path: `rules.${r}.${branch}.${i}.option`, message: `No option "${action.option}".` })
        if (action.type === 'adjust' && action.mode === 'percent' && (action.value < -100 || action.value > 1000)) {
          details.push({ path: `rules.${r}.${branch}.${i}.value`, message: 'A percentage between -100 and 1000.' })
        }
      })
    }
    if (rule.then.length === 0 && rule.else.length === 0) details.push({ path: `rules.${r}`, message: 'A rule needs at least one action (then or else).' })
  })
  return details
}

function joinNames(names: string[], language: 'ja' | 'en', match: 'all' | 'any'): string {
  if (language === 'ja') return names.map(ja).join(match === 'all' ? 'と' : 'または')
  const quoted = names.map(en)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} ${match === 'all' ? 'and' : 'or'} ${quoted.at(-1)}`
}

/**
 * A rule's message. The common shape (THEN branch, conditions all "selected") names the options
 * that triggered it; other shapes name the rule and the option concerned.
 */
function ruleError(rule: ConfiguratorRule, branch: 'then' | 'else', type: 'require' | 'exclude', target: Indexed, triggers: Indexed[]): ConfigurationError {
  const simple = branch === 'then' && rule.conditions.every((c) => c.is === 'selected') && triggers.length > 0
  const options = [...triggers.map((t) => t.option.key), target.option.key]
  const ruleName = rule.name || rule.key
  if (type === 'require') {
    const message = simple
      ? {
          ja: `${joinNames(triggers.map((t) => nameJa(t.option)), 'ja', 'all')}を選択した場合は、${ja(nameJa(target.option))}も選択してください。`,
          en: `${joinNames(triggers.map((t) => nameEn(t.option)), 'en', 'all')} ${triggers.length > 1 ? 'require' : 'requires'} ${en(nameEn(target.option))}: please select it as well.`,
        }
      : { ja: `ルール${ja(ruleName)}により、${ja(nameJa(target.option))}の選択が必要です。`, en: `Rule ${en(ruleName)} requires ${en(nameEn(target.option))}.` }
    return { code: 'requires', message, options: simple ? options : [target.option.key], ruleKey: rule.key }
  }
  const message = simple
    ? {
        ja: `${joinNames(triggers.map((t) => nameJa(t.option)), 'ja', 'all')}と${ja(nameJa(target.option))}は同時に選択できません。`,
        en: `${joinNames(triggers.map((t) => nameEn(t.option)), 'en', 'all')} cannot be combined with ${en(nameEn(target.option))}.`,
      }
    : { ja: `ルール${ja(ruleName)}により、${ja(nameJa(target.option))}は選択できません。`, en: `Rule ${en(ruleName)} does not allow ${en(nameEn(target.option))}.` }
  return { code: 'excludes', message, options: simple ? options : [target.option.key], ruleKey: rule.key }
}

/** Whether a rule's IF holds for the selected keys (all = AND, any = OR). */
export function conditionHolds(rule: Pick<ConfiguratorRule, 'match' | 'conditions'>, selected: ReadonlySet<string>): boolean {
  const test = (c: ConfiguratorRule['conditions'][number]) => selected.has(c.option) === (c.is === 'selected')
  return rule.match === 'any' ? rule.conditions.some(test) : rule.conditions.every(test)
}

/**
 * Validates and prices a selection. Price = base + Σ deltas of the selected options + Σ amount
 * adjustments + Σ percent adjustments, each percent taken of (base + option deltas) and rounded
 * half-up to the currency's smallest unit, so the order of the rules never changes the price.
 */
export function evaluateConfiguration(definition: ConfiguratorDefinition, selections: readonly string[], base: { unitPrice: number; currency: string }): Evaluation {
  const index = new Map<string, Indexed>()
  for (const group of definition.optionGroups) for (const option of group.options) index.set(option.key, { option, group })
  const errors: ConfigurationError[] = []
  const seen = new Set<string>()
  const selected: string[] = []
  for (const key of selections) {
    if (seen.has(key)) continue
    seen.add(key)
    if (!index.has(key)) {
      errors.push({ code: 'unknown_option', message: { ja: `${ja(key)}という選択肢はありません。`, en: `There is no option ${en(key)}.` }, options: [key], ruleKey: null })
      continue
    }
    selected.push(key)
  }
  // The configurator's order, not the click order: descriptions and breakdowns read the same every time.
  const order = [...index.keys()]
  selected.sort((x, y) => order.indexOf(x) - order.indexOf(y))
  const selectedSet = new Set(selected)

  for (const group of definition.optionGroups) {
    const chosen = group.options.filter((o) => selectedSet.has(o.key))
    if (group.selection === 'single' && chosen.length > 1) {
      errors.push({
        code: 'single_selection',
        message: {
          ja: `${ja(nameJa(group))}から選べるのは1つだけです（${chosen.map((o) => ja(nameJa(o))).join('、')}）。`,
          en: `Choose only one ${en(nameEn(group))} (${chosen.map((o) => en(nameEn(o))).join(', ')}).`,
        },
        options: chosen.map((o) => o.key),
        ruleKey: null,
      })
    }
    if (group.required && chosen.length === 0) {
      errors.push({
        code: 'required_group',
        message: { ja: `${ja(nameJa(group))}を選択してください。`, en: `Please choose a ${en(nameEn(group))}.` },
        options: group.options.map((o) => o.key),
        ruleKey: null,
      })
    }
  }

  const digits = minorDigits(base.currency)
  const breakdown: PriceComponent[] = [{ kind: 'base', label: { ja: '基本価格', en: 'Base price' }, ref: null, percent: null, amount: base.unitPrice }]
  // Cents (scale 2) throughout; the final figures are rounded to the currency's smallest unit.
  let subtotal = toScaled(base.unitPrice, 2)
  for (const key of selected) {
    const { option } = index.get(key)!
    if (option.priceDelta === 0) continue
    breakdown.push({ kind: 'option', label: { ja: nameJa(option), en: nameEn(option) }, ref: key, percent: null, amount: option.priceDelta })
    subtotal += toScaled(option.priceDelta, 2)
  }
  let total = subtotal

  for (const rule of definition.rules) {
    const holds = conditionHolds(rule, selectedSet)
    const branch = holds ? 'then' : 'else'
    const triggers = rule.conditions.filter((c) => c.is === 'selected' && selectedSet.has(c.option)).map((c) => index.get(c.option)!)
    for (const action of rule[branch]) {
      if (action.type === 'require' || action.type === 'exclude') {
        const target = index.get(action.option)
        if (!target) continue
        const violated = action.type === 'require' ? !selectedSet.has(action.option) : selectedSet.has(action.option)
        if (violated) errors.push(ruleError(rule, branch, action.type, target, triggers))
        continue
      }
      const ruleName = action.label || rule.name || rule.key
      let cents: bigint
      if (action.mode === 'amount') cents = toScaled(action.value, 2)
      else {
        // subtotal (1/100) × percent (1/100) → 1/10000 of a percent-unit; round to the currency's unit.
        const unit = 10n ** BigInt(2 - digits)
        cents = divideRounded(subtotal * toScaled(action.value, 2), 10_000n * unit, 'round') * unit
      }
      total += cents
      breakdown.push({
        kind: 'adjustment',
        label: { ja: ruleName, en: ruleName },
        ref: rule.key,
        percent: action.mode === 'percent' ? action.value : null,
        amount: Number(cents) / 100,
      })
    }
  }

  // The configured unit price in the currency's smallest unit (yen: whole yen).
  const unit = 10n ** BigInt(2 - digits)
  const rounded = divideRounded(total, unit, 'round') * unit
  if (rounded < 0n) {
    errors.push({ code: 'negative_price', message: { ja: '価格がマイナスになる構成は選択できません。', en: 'This configuration would have a negative price.' }, options: selected, ruleKey: null })
  }
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.code === e.code && o.message.en === e.message.en) === i)
  return { valid: unique.length === 0, errors: unique, selections: selected, breakdown, unitPrice: Number(rounded) / 100 }
}
