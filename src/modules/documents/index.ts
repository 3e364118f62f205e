/**
 * Documents (資料): files attached to accounts, contacts, deals, sales documents, activities and contracts,
 * versioned, kept in a FileStore (local disk by default). Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({
  name: 'documents',
  label: { ja: '資料', en: 'Documents' },
  fields: [],
})

export { registerDocumentRoutes } from './documents.routes.ts'
export * from './documents.service.ts'
export { type FileStore, LocalFileStore } from './file-store.ts'
export type { Document, DocumentVersion } from './documents.schema.ts'
