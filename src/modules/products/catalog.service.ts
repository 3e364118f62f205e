/**
 * Product encyclopedia (商品カタログ) share links: admins make a revocable, optionally expiring link
 * to all or some products; anyone holding it reads the catalogue without signing in.
 */
import { randomBytes } from 'node:crypto'
import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import type { CatalogShareLinksTable } from '../../platform/db/schema.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { TAX_RATES } from '../billing/tax.ts'
import { ConfiguratorPut } from './configurator.schema.ts'
import type { PublicCatalog, ShareLink, ShareLinkInput } from './pricing.schema.ts'

export const SHARE_OBJECT = 'catalogShareLinks'

function present(row: Selectable<CatalogShareLinksTable>, now = new Date()): ShareLink {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active'
  return {
    id: row.id,
    name: row.name,
    token: row.token,
    path: `/catalog/${row.token}`,
    productIds: row.productIds,
    showPrices: row.showPrices,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status,
    viewCount: row.viewCount,
    createdAt: row.createdAt.toISOString(),
  }
}

export async function listShareLinks(ctx: ServiceContext): Promise<{ data: ShareLink[] }> {
  authorize(ctx, SHARE_OBJECT, 'read')
  const rows = await ctx.tx.selectFrom('catalogShareLinks').selectAll().orderBy('id', 'desc').limit(500).execute()
  return { data: rows.map((row) => present(row)) }
}

export async function createShareLink(ctx: ServiceContext, input: ShareLinkInput): Promise<ShareLink> {
  authorize(ctx, SHARE_OBJECT, 'create')
  const ids = input.productIds ? [...new Set(input.productIds)] : null
  if (ids) {
    const found = new Set((await ctx.tx.selectFrom('products').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
    const missing = input.productIds!.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id))
    if (missing.length > 0) throw invalid('Some products do not exist.', missing.map(({ index }) => ({ path: `productIds.${index}`, message: 'No such product in this tenant.' })))
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
  if (expiresAt && expiresAt <= new Date()) throw invalid('The link would already have expired.', [{ path: 'expiresAt', message: 'Must be in the future.' }])
  const id = newId()
  await ctx.tx
    .insertInto('catalogShareLinks')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      name: input.name,
      token: randomBytes(24).toString('base64url'),
      productIds: ids,
      showPrices: input.showPrices ?? true,
      expiresAt,
      createdBy: ctx.actor.userId,
    })
    .execute()
  const row = (await ctx.tx.selectFrom('catalogShareLinks').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  const { token: _t, ...audited } = present(row)
  await recordAudit(ctx, { objectType: SHARE_OBJECT, objectId: id, action: 'create', after: audited })
  await emitEvent(ctx, 'catalog_share_link.created', { objectType: SHARE_OBJECT, objectId: id, payload: { name: input.name } })
  return present(row)
}

/** Revoking is final: the token stops working at once; the row stays for the record. */
export async function revokeShareLink(ctx: ServiceContext, id: string): Promise<ShareLink> {
  authorize(ctx, SHARE_OBJECT, 'update')
  const row = await ctx.tx.selectFrom('catalogShareLinks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound('Share link')
  if (row.revokedAt) return present(row)
  await ctx.tx.updateTable('catalogShareLinks').set({ revokedAt: sql<Date>`now()` }).where('id', '=', id).execute()
  const after = (await ctx.tx.selectFrom('catalogShareLinks').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  await recordAudit(ctx, { objectType: SHARE_OBJECT, objectId: id, action: 'update', before: { revokedAt: null }, after: { revokedAt: after.revokedAt?.toISOString() } })
  await emitEvent(ctx, 'catalog_share_link.revoked', { objectType: SHARE_OBJECT, objectId: id, payload: { name: row.name } })
  return present(after)
}

/**
 * The public catalogue behind a token. Unknown, expired and revoked tokens are all the same 404,
 * so a visitor learns nothing about which links exist.
 */
export async function readPublicCatalog(db: Db, token: string): Promise<PublicCatalog> {
  const link = await inSystemTransaction(db, (tx) =>
    tx
      .selectFrom('catalogShareLinks')
      .selectAll()
      .where('token', '=', token)
      .where('revokedAt', 'is', null)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', sql<Date>`now()`)]))
      .executeTakeFirst(),
  )
  if (!link) throw notFound('Catalogue')
  return inTenantTransaction(db, link.tenantId, async (tx) => {
    await tx.updateTable('catalogShareLinks').set((eb) => ({ viewCount: eb('viewCount', '+', 1) })).where('id', '=', link.id).execute()
    const tenant = await tx.selectFrom('tenants').select('name').where('id', '=', link.tenantId).executeTakeFirstOrThrow()
    const settings = await tx.selectFrom('billingSettings').select('legalName').executeTakeFirst()
    let select = tx.selectFrom('products as p').leftJoin('productConfigurators as c', 'c.productId', 'p.id').selectAll('p').select(['c.optionGroups', 'c.rules']).where('p.isActive', '=', true)
    if (link.productIds) select = select.where('p.id', 'in', link.productIds.length > 0 ? link.productIds : ['00000000-0000-0000-0000-000000000000'])
    const rows = await select.orderBy('p.code').limit(1000).execute()
    return {
      title: link.name,
      companyName: settings?.legalName || tenant.name,
      showPrices: link.showPrices,
      currency: 'JPY',
      expiresAt: link.expiresAt?.toISOString() ?? null,
      products: rows.map((row) => {
        const price = Number(row.unitPrice)
        const optionGroups = row.optionGroups ? ConfiguratorPut.parse({ optionGroups: row.optionGroups, rules: [] }).optionGroups : []
        return {
          code: row.code,
          name: row.name,
          unit: row.unit,
          description: row.description,
          specs: row.specs ?? [],
          taxCategory: row.taxCategory,
          unitPrice: link.showPrices ? price : null,
          // One item's 税込 price, rounded down like most shop price tags.
          unitPriceWithTax: link.showPrices ? Math.floor((price * (100 + TAX_RATES[row.taxCategory])) / 100) : null,
          optionGroups: link.showPrices ? optionGroups : optionGroups.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o, priceDelta: 0 })) })),
        }
      }),
    }
  })
}
