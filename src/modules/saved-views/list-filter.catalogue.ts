/**
 * Which fields and sorts each list object offers to the filter language. Accounts and contacts
 * register theirs at import time (they own their columns); custom fields are added per request
 * from the tenant's definitions, and fields the actor's role hides are left out entirely.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import { fieldRules } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { customRule, customSortExpression } from '../custom-fields/index.ts'
import type { CustomFieldType } from '../custom-fields/custom-fields.schema.ts'
import { listDefinitionRows } from '../custom-fields/custom-fields.queries.ts'
import type { FilterOperator, ListCatalogue, ListObjectName } from './list-filter.schema.ts'

export type ListFieldType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'select' | 'user' | 'team' | 'account' | 'tags'
export type Label = { ja: string; en: string }

export const OPERATORS_BY_TYPE: Record<ListFieldType, readonly FilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'in', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  datetime: ['eq', 'gt', 'gte', 'lt', 'lte', 'between'],
  boolean: ['eq'],
  select: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  user: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  team: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  account: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  tags: ['hasTag', 'isEmpty', 'isNotEmpty'],
}

export interface ListField {
  key: string
  type: ListFieldType
  label: Label
  options?: { value: string; label: Label }[]
  /** The role field rule that hides it: an API field name or custom.<key>; null = always visible. */
  accessField: string | null
  /** SQL for the value on the row aliased `alias`. */
  expression: (alias: string) => RawBuilder<unknown>
  /** A better condition for some operators (an index-friendly containment, an EXISTS …); undefined = the generic one. */
  condition?: (alias: string, operator: FilterOperator, value: unknown) => Expression<SqlBool> | undefined
  /** Folds a text value the way the column stores it (lower-cased email, phone digits). */
  normalize?: (value: string) => string
  /** The patch key bulk edit sends to the object's update service; absent = not bulk-editable. */
  bulkEdit?: boolean
}

export interface ListSort {
  key: string
  label: Label
  accessField: string | null
  /** null = the id itself (UUIDv7, so creation order). */
  expression: ((alias: string) => RawBuilder<unknown>) | null
  /** How the cursor value is compared: text in byte order (collate "C") for kana, plain text, or jsonb (custom values). */
  cursorType: 'text' | 'textC' | 'jsonb'
}

export interface ListObjectDefinition {
  name: ListObjectName
  fields: ListField[]
  sorts: ListSort[]
  defaultSort: string
  /** Whether the object's update service takes `custom` values (so bulk edit may set them). */
  customWritable: boolean
}

const registry = new Map<ListObjectName, ListObjectDefinition>()

export function registerListObject(definition: ListObjectDefinition): void {
  registry.set(definition.name, definition)
}

/** The object's fields and sorts as this actor may use them: custom fields added, hidden fields gone. */
export interface ActorCatalogue {
  object: ListObjectDefinition
  fields: Map<string, ListField>
  sorts: Map<string, ListSort>
}

const CUSTOM_TYPES: Record<CustomFieldType, ListFieldType> = {
  text: 'text',
  long_text: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
  number: 'number',
  currency: 'number',
  date: 'date',
  boolean: 'boolean',
  single_select: 'select',
  multi_select: 'tags',
}

const containment = (alias: string, key: string, value: unknown) => sql<SqlBool>`${sql.ref(`${alias}.custom`)} @> ${JSON.stringify({ [key]: value })}::jsonb`

/** A custom field as a list field: equality and tag tests use jsonb containment so the GIN index on custom serves them. */
function customListField(
  definition: { key: string; type: string; labelJa: string; labelEn: string; options: { value: string; label: Label }[] },
  writable: boolean,
): ListField {
  const type = CUSTOM_TYPES[definition.type as CustomFieldType] ?? 'text'
  const key = definition.key
  const text = (alias: string) => sql`${sql.ref(`${alias}.custom`)} ->> ${key}`
  const expression =
    type === 'number' ? (alias: string) => sql`(${text(alias)})::numeric` : type === 'date' ? (alias: string) => sql`(${text(alias)})::date` : text
  return {
    key: `custom.${key}`,
    type,
    label: { ja: definition.labelJa, en: definition.labelEn },
    options: definition.options.length > 0 ? definition.options : undefined,
    accessField: `custom.${key}`,
    expression,
    bulkEdit: writable,
    condition: (alias, operator, value) => {
      // Stored values never hold empties (the validator drops them), so presence of the key is "not empty".
      if (operator === 'isEmpty') return sql<SqlBool>`not (${sql.ref(`${alias}.custom`)} ? ${key})`
      if (operator === 'isNotEmpty') return sql<SqlBool>`${sql.ref(`${alias}.custom`)} ? ${key}`
      if (operator === 'eq' && type !== 'date') return containment(alias, key, value)
      if (operator === 'in' && type === 'select') return sql<SqlBool>`(${sql.join((value as string[]).map((v) => containment(alias, key, v)), sql` or `)})`
      if (operator === 'hasTag') {
        const tags = Array.isArray(value) ? (value as string[]) : [value as string]
        return sql<SqlBool>`(${sql.join(tags.map((tag) => containment(alias, key, [tag])), sql` or `)})`
      }
      return undefined
    },
  }
}

export async function catalogueFor(ctx: ServiceContext, objectName: ListObjectName): Promise<ActorCatalogue> {
  const object = registry.get(objectName)
  if (!object) throw new Error(`list object ${objectName} is not registered`)
  const rules = fieldRules(ctx, objectName)
  const hidden = (accessField: string | null) =>
    accessField !== null && (accessField.startsWith('custom.') ? customRule(rules, accessField.slice(7)) === 'hidden' : rules[accessField] === 'hidden')
  const fields = new Map<string, ListField>()
  const sorts = new Map<string, ListSort>()
  for (const field of object.fields) if (!hidden(field.accessField)) fields.set(field.key, field)
  for (const sort of object.sorts) if (!hidden(sort.accessField)) sorts.set(sort.key, sort)
  for (const d of await listDefinitionRows(ctx, { object: objectName })) {
    const field = customListField(d, object.customWritable)
    if (hidden(field.accessField)) continue
    fields.set(field.key, field)
    sorts.set(field.key, { key: field.key, label: field.label, accessField: field.accessField, expression: (alias) => customSortExpression(alias, d.key) as RawBuilder<unknown>, cursorType: 'jsonb' })
  }
  return { object, fields, sorts }
}

/** What the UI needs to build filters: the fields, their operators and choices, the sorts. */
export function describeCatalogue(catalogue: ActorCatalogue): ListCatalogue {
  return {
    object: catalogue.object.name,
    fields: [...catalogue.fields.values()].map((f) => ({
      key: f.key,
      type: f.type,
      label: f.label,
      operators: [...OPERATORS_BY_TYPE[f.type]],
      ...(f.options ? { options: f.options } : {}),
      bulkEditable: f.bulkEdit === true,
    })),
    sorts: [...catalogue.sorts.values()].map((s) => ({ key: s.key, label: s.label })),
  }
}
