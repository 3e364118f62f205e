/**
 * Product configurator (構成): option groups, options with a price delta, and admin-written
 * if-then-else rules. Stored as JSON and validated by these schemas before every write.
 */
import { z } from 'zod'

const key = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only.')
const delta = z.number().min(-1e12).max(1e12).multipleOf(0.01)

export const ConfiguratorOption = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(200),
    /** The English name; the Japanese name stands in when it is missing. */
    nameEn: z.string().trim().max(200).nullable().optional(),
    /** Added to the unit price when the option is selected (negative for a cheaper option). */
    priceDelta: delta.default(0),
  })
  .meta({ id: 'ConfiguratorOption' })
export type ConfiguratorOption = z.infer<typeof ConfiguratorOption>

export const ConfiguratorOptionGroup = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().max(200).nullable().optional(),
    /** single: at most one option of the group; multi: any number. */
    selection: z.enum(['single', 'multi']).default('single'),
    /** At least one option of the group must be selected. */
    required: z.boolean().default(false),
    options: z.array(ConfiguratorOption).min(1).max(100),
  })
  .meta({ id: 'ConfiguratorOptionGroup' })
export type ConfiguratorOptionGroup = z.infer<typeof ConfiguratorOptionGroup>

export const RuleCondition = z
  .strictObject({
    option: key,
    /** selected (default) or not_selected. */
    is: z.enum(['selected', 'not_selected']).default('selected'),
  })
  .meta({ id: 'ConfiguratorCondition' })
export type RuleCondition = z.infer<typeof RuleCondition>

export const RuleAction = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('require'), option: key }),
    z.strictObject({ type: z.literal('exclude'), option: key }),
    z.strictObject({
      type: z.literal('adjust'),
      /** amount: added to the unit price; percent: of the base price plus option deltas. */
      mode: z.enum(['amount', 'percent']),
      value: z.number().min(-1e12).max(1e12).multipleOf(0.01),
      label: z.string().trim().max(200).nullable().optional(),
    }),
  ])
  .meta({ id: 'ConfiguratorAction' })
export type RuleAction = z.infer<typeof RuleAction>

export const ConfiguratorRule = z
  .strictObject({
    key,
    name: z.string().trim().max(200).nullable().optional(),
    /** IF: every condition (all = AND) or at least one (any = OR). */
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(RuleCondition).min(1).max(20),
    then: z.array(RuleAction).max(20).default([]),
    else: z.array(RuleAction).max(20).default([]),
  })
  .meta({ id: 'ConfiguratorRule' })
export type ConfiguratorRule = z.infer<typeof ConfiguratorRule>

export const ConfiguratorPut = z
  .strictObject({
    optionGroups: z.array(ConfiguratorOptionGroup).max(50),
    rules: z.array(ConfiguratorRule).max(200),
  })
  .meta({ id: 'ProductConfiguratorWrite' })
export type ConfiguratorPut = z.infer<typeof ConfiguratorPut>

export const Configurator = z
  .object({
    productId: z.uuid(),
    optionGroups: z.array(ConfiguratorOptionGroup),
    rules: z.array(ConfiguratorRule),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ProductConfigurator' })
export type Configurator = z.infer<typeof Configurator>

export const ConfigureRequest = z
  .strictObject({
    /** Option keys. */
    selections: z.array(key).max(500),
    /** Price the base from the price list that applies to this account (else the product's own price). */
    accountId: z.uuid().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    date: z.iso.date().optional(),
  })
  .meta({ id: 'ProductConfigure' })
export type ConfigureRequest = z.infer<typeof ConfigureRequest>

export const Localized = z.object({ ja: z.string(), en: z.string() }).meta({ id: 'LocalizedText' })

export const ConfigurationError = z
  .object({
    code: z.enum(['unknown_option', 'single_selection', 'required_group', 'requires', 'excludes', 'negative_price']),
    message: Localized,
    /** The option keys the message names. */
    options: z.array(z.string()),
    ruleKey: z.string().nullable(),
  })
  .meta({ id: 'ConfigurationError' })
export type ConfigurationError = z.infer<typeof ConfigurationError>

export const PriceComponent = z
  .object({
    kind: z.enum(['base', 'option', 'adjustment']),
    label: Localized,
    /** The option key, or the rule key of an adjustment. */
    ref: z.string().nullable(),
    /** For percent adjustments: the percent applied. */
    percent: z.number().nullable(),
    amount: z.number(),
  })
  .meta({ id: 'ConfigurationPriceComponent' })
export type PriceComponent = z.infer<typeof PriceComponent>

export const ConfigurationResult = z
  .object({
    valid: z.boolean(),
    errors: z.array(ConfigurationError),
    selections: z.array(z.string()),
    breakdown: z.array(PriceComponent),
    /** Tax-exclusive unit price of the configured product. */
    unitPrice: z.number(),
    currency: z.string(),
    priceListId: z.uuid().nullable(),
  })
  .meta({ id: 'ConfigurationResult' })
export type ConfigurationResult = z.infer<typeof ConfigurationResult>
