/**
 * Products (商品) with tax categories, price lists (価格表) by customer group, configurators and
 * catalogue share links. Other modules use only what this file exports.
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

registerAccessObject({
  name: 'catalogShareLinks',
  label: { ja: '商品カタログの共有リンク', en: 'Catalogue share links' },
  fields: [],
  administrative: true,
})

export { registerProductRoutes } from './products.routes.ts'
export * from './products.service.ts'
export type { Product, ProductInput, PriceList, PriceListInput, ProductPrice } from './products.schema.ts'
export { findApplicablePriceListId, getApplicablePriceList, setAccountCustomerGroup, createCustomerGroup } from './customer-groups.service.ts'
export { describeConfiguration, evaluateProductConfiguration, putConfigurator, configureProduct } from './configurator.service.ts'
export { createShareLink, readPublicCatalog, revokeShareLink } from './catalog.service.ts'
export type { ConfigurationResult } from './configurator.schema.ts'
