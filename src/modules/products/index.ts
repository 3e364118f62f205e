/**
 * Products (商品) with tax categories, and price lists (価格表) with per-product prices.
 * Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({
  name: 'products',
  label: { ja: '商品・価格表', en: 'Products and price lists' },
  fields: [],
  administrative: true,
  readableByEveryone: true,
  managerEditable: true,
})

export { registerProductRoutes } from './products.routes.ts'
export * from './products.service.ts'
export type { Product, ProductInput, PriceList, PriceListInput, ProductPrice } from './products.schema.ts'
