/**
 * Product configurators: admins and managers write option groups and rules; everyone who can read
 * products configures one (validation + price). Billing prices configured lines through here.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { checkConfigurator, type ConfiguratorDefinition, evaluateConfiguration } from './configurator.rules.ts'
import { type Configurator, ConfiguratorPut, type ConfigurationResult, type ConfigureRequest } from './configurator.schema.ts'
import { findApplicablePriceListId } from './customer-groups.service.ts'
import { resolvePrice } from './products.service.ts'

const OBJECT = 'products'

async function findProductRow(ctx: ServiceContext, id: string) {
  return ctx.tx.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The stored definition, re-parsed so defaults apply; an unconfigured product has none. */
export async function loadConfigurator(ctx: ServiceContext, productId: string): Promise<(ConfiguratorDefinition & { updatedAt: Date }) | undefined> {
  const row = await ctx.tx.selectFrom('productConfigurators').selectAll().where('productId', '=', productId).executeTakeFirst()
  if (!row) return undefined
  const parsed = ConfiguratorPut.parse({ optionGroups: row.optionGroups, rules: row.rules })
  return { ...parsed, updatedAt: row.updatedAt }
}

export async function getConfigurator(ctx: ServiceContext, productId: string): Promise<Configurator> {
  authorize(ctx, OBJECT, 'read')
  if (!(await findProductRow(ctx, productId))) throw notFound('Product')
  const definition = await loadConfigurator(ctx, productId)
  return { productId, optionGroups: definition?.optionGroups ?? [], rules: definition?.rules ?? [], updatedAt: definition?.updatedAt.toISOString() ?? null }
}

export async function putConfigurator(ctx: ServiceContext, productId: string, input: ConfiguratorPut): Promise<Configurator> {
  authorize(ctx, OBJECT, 'update')
  if (!(await findProductRow(ctx, productId))) throw notFound('Product')
  const details = checkConfigurator(input)
  if (details.length > 0) throw invalid('The configurator is not valid.', details)
  const before = await getConfigurator(ctx, productId)
  await ctx.tx
    .insertInto('productConfigurators')
    .values({ tenantId: ctx.actor.tenantId, productId, optionGroups: JSON.stringify(input.optionGroups), rules: JSON.stringify(input.rules) })
    .onConflict((oc) => oc.column('productId').doUpdateSet({ optionGroups: JSON.stringify(input.optionGroups), rules: JSON.stringify(input.rules), updatedAt: sql<Date>`now()` }))
    .execute()
  const after = await getConfigurator(ctx, productId)
  const { updatedAt: _b, ...beforeAudit } = before
  const { updatedAt: _a, ...afterAudit } = after
  const changed = await recordAudit(ctx, { objectType: 'productConfigurators', objectId: productId, action: 'update', before: beforeAudit, after: afterAudit })
  if (changed) {
    await emitEvent(ctx, 'product.configurator_updated', { objectType: OBJECT, objectId: productId, payload: { optionGroups: input.optionGroups.length, rules: input.rules.length } })
  }
  return after
}

const today = () => new Date().toISOString().slice(0, 10)

/**
 * Validates and prices a selection for a product. The base price comes from `priceListId` when
 * given, else from the list that applies to `accountId` in the currency on the date, else the
 * product's own unit price.
 */
export async function evaluateProductConfiguration(
  ctx: ServiceContext,
  product: { id: string; unitPrice: string },
  selections: readonly string[],
  pricing: { accountId?: string | null; priceListId?: string | null; currency?: string; date?: string },
): Promise<ConfigurationResult> {
  const date = pricing.date ?? today()
  const currency = pricing.currency ?? 'JPY'
  const priceListId = pricing.priceListId !== undefined ? pricing.priceListId : (await findApplicablePriceListId(ctx, { accountId: pricing.accountId, currency, date })).id
  const base = await resolvePrice(ctx, product, { priceListId: priceListId ?? undefined, date })
  const definition = (await loadConfigurator(ctx, product.id)) ?? { optionGroups: [], rules: [] }
  const result = evaluateConfiguration(definition, selections, { unitPrice: base.unitPrice, currency })
  return { ...result, currency, priceListId: base.priceListId }
}

export async function configureProduct(ctx: ServiceContext, productId: string, input: ConfigureRequest): Promise<ConfigurationResult> {
  authorize(ctx, OBJECT, 'read')
  const product = await findProductRow(ctx, productId)
  if (!product) throw notFound('Product')
  if (input.accountId && !(await ctx.tx.selectFrom('accounts').select('id').where('id', '=', input.accountId).executeTakeFirst())) {
    throw invalid('No such account.', [{ path: 'accountId', message: 'No such account in this tenant.' }])
  }
  return evaluateProductConfiguration(ctx, product, input.selections, { accountId: input.accountId, currency: input.currency, date: input.date })
}

/** The chosen options' names, in selection order, and the line description made from them. */
export async function describeConfiguration(ctx: ServiceContext, productId: string, productName: string, selections: readonly string[]): Promise<{ description: string; options: { key: string; name: string }[] }> {
  const definition = await loadConfigurator(ctx, productId)
  const names = new Map(definition?.optionGroups.flatMap((g) => g.options.map((o) => [o.key, o.name] as const)) ?? [])
  const options = selections.map((key) => ({ key, name: names.get(key) ?? key }))
  const description = options.length > 0 ? `${productName}（${options.map((o) => o.name).join('、')}）` : productName
  return { description: description.slice(0, 500), options }
}
