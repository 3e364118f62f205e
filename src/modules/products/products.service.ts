/**
 * Products and price lists: admins and managers edit them, everyone reads them. The price of
 * a product on a date in a price list falls back to the product's own unit price.
 */
import { sql, type Selectable } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { ProductsTable } from '../../platform/db/schema.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { PriceList, PriceListInput, PriceListPatch, PriceQuery, Product, ProductInput, ProductListQuery, ProductPatch, ProductPrice } from './products.schema.ts'

const OBJECT = 'products'

function present(row: Selectable<ProductsTable>): Product {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameKana: row.nameKana,
    unit: row.unit,
    unitPrice: Number(row.unitPrice),
    taxCategory: row.taxCategory,
    isActive: row.isActive,
    description: row.description,
    specs: row.specs ?? [],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')

export async function listProducts(ctx: ServiceContext, query: ProductListQuery): Promise<Page<Product>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 2)
  let select = ctx.tx.selectFrom('products').selectAll()
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`
    select = select.where((eb) => eb.or([eb('code', 'ilike', like), eb('name', 'ilike', like), eb('nameKana', 'ilike', like)]))
  }
  if (query.active) select = select.where('isActive', '=', query.active === 'true')
  if (after) select = select.where(sql`(code, id)`, '>', sql`(${after[0]}, ${after[1]}::uuid)`)
  const rows = await select.orderBy('code').orderBy('id').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.code, row.id])
  return { data: page.data.map(present), nextCursor: page.nextCursor }
}

async function findProduct(ctx: ServiceContext, id: string, forUpdate = false) {
  let select = ctx.tx.selectFrom('products').selectAll().where('id', '=', id)
  if (forUpdate) select = select.forUpdate()
  return select.executeTakeFirst()
}

export async function getProduct(ctx: ServiceContext, id: string): Promise<Product> {
  authorize(ctx, OBJECT, 'read')
  const row = await findProduct(ctx, id)
  if (!row) throw notFound('Product')
  return present(row)
}

const duplicateCode = () => conflict('Another product already has this code.', [{ path: 'code', message: 'Codes are unique.' }])

/** Checks the code first for a clear error; a concurrent insert that still hits the unique index is a conflict too. */
async function uniqueCode<T>(ctx: ServiceContext, code: string | undefined, exceptId: string | null, work: () => Promise<T>): Promise<T> {
  if (code !== undefined) {
    let clash = ctx.tx.selectFrom('products').select('id').where('code', '=', code)
    if (exceptId) clash = clash.where('id', '!=', exceptId)
    if (await clash.executeTakeFirst()) throw duplicateCode()
  }
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode()
    throw error
  }
}

export async function createProduct(ctx: ServiceContext, input: ProductInput): Promise<Product> {
  authorize(ctx, OBJECT, 'create')
  const id = newId()
  await uniqueCode(ctx, input.code, null, () =>
    ctx.tx
      .insertInto('products')
      .values({
        id,
        tenantId: ctx.actor.tenantId,
        code: input.code,
        name: input.name,
        nameKana: input.nameKana ?? null,
        unit: input.unit ?? '個',
        unitPrice: input.unitPrice,
        taxCategory: input.taxCategory ?? 'standard',
        isActive: input.isActive ?? true,
        description: input.description ?? null,
        specs: JSON.stringify(input.specs ?? []),
      })
      .execute(),
  )
  const created = present((await findProduct(ctx, id))!)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: created })
  await emitEvent(ctx, 'product.created', { objectType: OBJECT, objectId: id, payload: { code: created.code, name: created.name } })
  return created
}

export async function updateProduct(ctx: ServiceContext, id: string, patch: ProductPatch): Promise<Product> {
  authorize(ctx, OBJECT, 'update')
  const row = await findProduct(ctx, id, true)
  if (!row) throw notFound('Product')
  const before = present(row)
  await uniqueCode(ctx, patch.code, id, () =>
    ctx.tx
      .updateTable('products')
      .set({ ...patch, specs: patch.specs === undefined ? undefined : JSON.stringify(patch.specs), updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute(),
  )
  const after = present((await findProduct(ctx, id))!)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before, after })
  if (changed) await emitEvent(ctx, 'product.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

/** Lines of existing documents keep their text and price; only the link to the product goes. */
export async function deleteProduct(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const row = await findProduct(ctx, id, true)
  if (!row) throw notFound('Product')
  await ctx.tx.deleteFrom('products').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: present(row) })
  await emitEvent(ctx, 'product.deleted', { objectType: OBJECT, objectId: id, payload: { code: row.code } })
}

/** The unit price of a product on a date (default today) in a price list, else its own price. */
export async function getProductPrice(ctx: ServiceContext, productId: string, query: PriceQuery): Promise<ProductPrice> {
  authorize(ctx, OBJECT, 'read')
  const product = await findProduct(ctx, productId)
  if (!product) throw notFound('Product')
  return resolvePrice(ctx, product, query)
}

export async function resolvePrice(ctx: ServiceContext, product: { id: string; unitPrice: string }, query: PriceQuery): Promise<ProductPrice> {
  if (query.priceListId) {
    const date = query.date ?? new Date().toISOString().slice(0, 10)
    const listed = await ctx.tx
      .selectFrom('priceListPrices as p')
      .innerJoin('priceLists as l', 'l.id', 'p.priceListId')
      .select(['p.unitPrice', 'l.currency'])
      .where('p.priceListId', '=', query.priceListId)
      .where('p.productId', '=', product.id)
      .where((eb) => eb.or([eb('l.validFrom', 'is', null), eb('l.validFrom', '<=', date)]))
      .where((eb) => eb.or([eb('l.validTo', 'is', null), eb('l.validTo', '>=', date)]))
      .executeTakeFirst()
    if (listed) return { productId: product.id, unitPrice: Number(listed.unitPrice), priceListId: query.priceListId, currency: listed.currency.trim() }
  }
  return { productId: product.id, unitPrice: Number(product.unitPrice), priceListId: null, currency: 'JPY' }
}

async function loadPriceList(ctx: ServiceContext, id: string): Promise<PriceList | undefined> {
  const row = await ctx.tx
    .selectFrom('priceLists as l')
    .leftJoin('customerGroups as g', 'g.id', 'l.customerGroupId')
    .selectAll('l')
    .select('g.name as customerGroupName')
    .where('l.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const prices = await ctx.tx
    .selectFrom('priceListPrices as p')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .select(['p.productId', 'pr.code as productCode', 'pr.name as productName', 'p.unitPrice'])
    .where('p.priceListId', '=', id)
    .orderBy('pr.code')
    .execute()
  return {
    id: row.id,
    name: row.name,
    currency: row.currency.trim(),
    validFrom: row.validFrom,
    validTo: row.validTo,
    customerGroup: row.customerGroup,
    customerGroupId: row.customerGroupId,
    customerGroupName: row.customerGroupName,
    prices: prices.map((p) => ({ ...p, unitPrice: Number(p.unitPrice) })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function listPriceLists(ctx: ServiceContext): Promise<{ data: PriceList[] }> {
  authorize(ctx, OBJECT, 'read')
  const rows = await ctx.tx.selectFrom('priceLists').select('id').orderBy('name').orderBy('id').limit(500).execute()
  const lists = []
  for (const row of rows) lists.push((await loadPriceList(ctx, row.id))!)
  return { data: lists }
}

export async function getPriceList(ctx: ServiceContext, id: string): Promise<PriceList> {
  authorize(ctx, OBJECT, 'read')
  const list = await loadPriceList(ctx, id)
  if (!list) throw notFound('Price list')
  return list
}

function assertPeriod(input: PriceListPatch, current?: { validFrom: string | null; validTo: string | null }): void {
  const from = input.validFrom === undefined ? current?.validFrom : input.validFrom
  const to = input.validTo === undefined ? current?.validTo : input.validTo
  if (from && to && to < from) throw invalid('The price list ends before it starts.', [{ path: 'validTo', message: 'Must be on or after validFrom.' }])
}

async function replacePrices(ctx: ServiceContext, id: string, prices: NonNullable<PriceListInput['prices']>): Promise<void> {
  const ids = [...new Set(prices.map((p) => p.productId))]
  if (ids.length !== prices.length) throw invalid('A product appears twice in the price list.', [{ path: 'prices', message: 'One price per product.' }])
  if (ids.length > 0) {
    const found = new Set((await ctx.tx.selectFrom('products').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
    const missing = prices.map((p, index) => ({ p, index })).filter(({ p }) => !found.has(p.productId))
    if (missing.length > 0) throw invalid('Some products do not exist.', missing.map(({ index }) => ({ path: `prices.${index}.productId`, message: 'No such product in this tenant.' })))
  }
  await ctx.tx.deleteFrom('priceListPrices').where('priceListId', '=', id).execute()
  if (prices.length > 0) {
    await ctx.tx
      .insertInto('priceListPrices')
      .values(prices.map((p) => ({ tenantId: ctx.actor.tenantId, priceListId: id, productId: p.productId, unitPrice: p.unitPrice })))
      .execute()
  }
}

/**
 * The group a list is for. `customerGroupId` wins and sets the label to the group's name; a label
 * alone (the API before customer groups) names a group, made when missing; null/empty clears both.
 */
async function resolveGroup(ctx: ServiceContext, input: Pick<PriceListPatch, 'customerGroup' | 'customerGroupId'>): Promise<{ customerGroup?: string | null; customerGroupId?: string | null }> {
  if (input.customerGroupId) {
    const found = await ctx.tx.selectFrom('customerGroups').select(['id', 'name']).where('id', '=', input.customerGroupId).executeTakeFirst()
    if (!found) throw invalid('No such customer group.', [{ path: 'customerGroupId', message: 'No such customer group in this tenant.' }])
    return { customerGroupId: found.id, customerGroup: found.name }
  }
  const label = input.customerGroup?.trim()
  if (label) {
    const existing = await ctx.tx.selectFrom('customerGroups').select('id').where('name', '=', label).executeTakeFirst()
    if (existing) return { customerGroupId: existing.id, customerGroup: label }
    const id = newId()
    await ctx.tx.insertInto('customerGroups').values({ id, tenantId: ctx.actor.tenantId, name: label }).execute()
    await recordAudit(ctx, { objectType: 'customerGroups', objectId: id, action: 'create', after: { name: label } })
    return { customerGroupId: id, customerGroup: label }
  }
  if (input.customerGroupId === null || input.customerGroup !== undefined) return { customerGroupId: null, customerGroup: null }
  return {}
}

export async function createPriceList(ctx: ServiceContext, input: PriceListInput): Promise<PriceList> {
  authorize(ctx, OBJECT, 'create')
  assertPeriod(input)
  const group = await resolveGroup(ctx, input)
  const id = newId()
  await ctx.tx
    .insertInto('priceLists')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      name: input.name,
      currency: input.currency ?? 'JPY',
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      customerGroup: group.customerGroup ?? null,
      customerGroupId: group.customerGroupId ?? null,
    })
    .execute()
  await replacePrices(ctx, id, input.prices ?? [])
  const created = (await loadPriceList(ctx, id))!
  await recordAudit(ctx, { objectType: 'priceLists', objectId: id, action: 'create', after: created })
  await emitEvent(ctx, 'price_list.created', { objectType: 'priceLists', objectId: id, payload: { name: created.name } })
  return created
}

export async function updatePriceList(ctx: ServiceContext, id: string, patch: PriceListPatch): Promise<PriceList> {
  authorize(ctx, OBJECT, 'update')
  const row = await ctx.tx.selectFrom('priceLists').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound('Price list')
  assertPeriod(patch, row)
  const group = await resolveGroup(ctx, patch)
  const before = (await loadPriceList(ctx, id))!
  const { prices, customerGroup: _label, customerGroupId: _group, ...rest } = patch
  const fields = { ...rest, ...group }
  if (Object.keys(fields).length > 0) {
    await ctx.tx
      .updateTable('priceLists')
      .set({ ...fields, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
  }
  if (prices) await replacePrices(ctx, id, prices)
  const after = (await loadPriceList(ctx, id))!
  const changed = await recordAudit(ctx, { objectType: 'priceLists', objectId: id, action: 'update', before, after })
  if (changed) await emitEvent(ctx, 'price_list.updated', { objectType: 'priceLists', objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

export async function deletePriceList(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await loadPriceList(ctx, id)
  if (!before) throw notFound('Price list')
  await ctx.tx.deleteFrom('priceLists').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: 'priceLists', objectId: id, action: 'delete', before })
  await emitEvent(ctx, 'price_list.deleted', { objectType: 'priceLists', objectId: id, payload: { name: before.name } })
}
