/**
 * Custom fields (カスタム項目): admin-defined fields on accounts, contacts and deals, and the one
 * validator, presenter and list filter/sort helpers those modules use for `custom` values.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({ name: 'customFields', label: { ja: 'カスタム項目', en: 'Custom fields' }, fields: [], administrative: true, readableByEveryone: true })

export { registerCustomFieldRoutes } from './custom-fields.routes.ts'
export * from './custom-fields.service.ts'
export { CUSTOM_FIELD_OBJECTS, CUSTOM_KEY, CustomValues as CustomValuesSchema } from './custom-fields.schema.ts'
export type { CustomFieldCreate, CustomFieldDefinition, CustomFieldObject, CustomFieldPatch } from './custom-fields.schema.ts'
export * from './custom-fields.values.ts'
