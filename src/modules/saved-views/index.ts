/**
 * List views (一覧ビュー): the list filter language (AND/OR filters, sorts, keyset cursors), saved
 * views, and the bulk-action runner that accounts and contacts use. Other modules import only this file.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

// Managing views shared with the tenant or a team; private views need only read access to the list.
registerAccessObject({ name: 'sharedViews', label: { ja: '共有ビューの管理', en: 'Shared views' }, fields: [], administrative: true, managerEditable: true })

export { registerSavedViewRoutes } from './saved-views.routes.ts'
export * from './saved-views.service.ts'
export { registerListObject, catalogueFor, type ListField, type ListSort, type ActorCatalogue } from './list-filter.catalogue.ts'
export { compileFilter, compileListQuery, cursorOf, keysetCondition, orderTerms, sortKeySelection, type CompiledSort } from './list-filter.compile.ts'
export { bulkPatch, resolveBulkSelection, runBulk } from './bulk.ts'
export * from './list-filter.schema.ts'
