/**
 * The list filter language (docs/decisions/0020-list-filters.md): nested AND/OR groups of
 * { field, operator, value } conditions, plus sort and keyset cursor, as JSON request bodies.
 */
import { z } from 'zod'

export const FILTER_OPERATORS = ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'hasTag'] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

export const LIST_OBJECTS = ['accounts', 'contacts'] as const
export type ListObjectName = (typeof LIST_OBJECTS)[number]

export const FilterCondition = z
  .strictObject({
    field: z.string().min(1).max(100).describe('A field key from GET /api/v1/list-fields/{object}, e.g. ownerId or custom.rank'),
    // Checked by the compiler rather than as an enum here, so a typo gets "unknown operator" at its own path, not a vague union error.
    operator: z.string().min(1).max(30).describe(`One of ${FILTER_OPERATORS.join(', ')}; which ones apply depends on the field type`),
    value: z.unknown().optional().describe('Depends on the field type and operator; between takes [from, to], in takes a list'),
  })
  .meta({ id: 'ListFilterCondition' })
export type FilterCondition = z.infer<typeof FilterCondition>

export interface FilterGroup {
  combinator: 'and' | 'or'
  conditions: (FilterCondition | FilterGroup)[]
}

// A getter makes the schema recursive in a way the OpenAPI generator can name ($ref to itself).
export const FilterGroup: z.ZodType<FilterGroup> = z
  .strictObject({
    combinator: z.enum(['and', 'or']),
    get conditions() {
      return z.array(z.union([FilterCondition, FilterGroup])).max(50)
    },
  })
  .meta({ id: 'ListFilterGroup', description: 'AND/OR group of conditions and nested groups (at most 5 deep, 100 conditions in all)' })

export const isGroup = (node: FilterCondition | FilterGroup): node is FilterGroup => 'combinator' in node

const SORT_PATTERN = /^-?(?:[a-zA-Z]+|custom\.[a-z][a-z0-9_]{0,62})$/

export const ListQueryBody = z
  .strictObject({
    filter: FilterGroup.nullable().optional(),
    sort: z.string().regex(SORT_PATTERN).optional().describe('A sort key from GET /api/v1/list-fields/{object}; a leading - sorts descending'),
    q: z.string().trim().max(200).optional().describe('Free-text search, as on the GET list'),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).nullable().optional(),
  })
  .meta({ id: 'ListQuery' })
export type ListQueryBody = z.infer<typeof ListQueryBody>

/** The most records one bulk action may touch; above it the request is refused as a whole. */
export const BULK_LIMIT = 1000

export const BulkAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('update'), field: z.string().min(1).max(100), value: z.unknown() }),
  z.strictObject({ type: z.literal('assignOwner'), ownerId: z.uuid() }),
  z.strictObject({ type: z.literal('addTag'), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({ type: z.literal('removeTag'), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({ type: z.literal('delete') }),
])
export type BulkAction = z.infer<typeof BulkAction>

export const BulkRequest = z
  .strictObject({
    ids: z.array(z.uuid()).min(1).max(BULK_LIMIT).optional().describe('The selected records'),
    matching: z
      .strictObject({ filter: FilterGroup.nullable().optional(), q: z.string().trim().max(200).optional() })
      .optional()
      .describe('Instead of ids: every record matching this filter that you can see'),
    action: BulkAction,
  })
  .meta({ id: 'BulkRequest' })
export type BulkRequest = z.infer<typeof BulkRequest>

export const BulkResult = z
  .object({
    matched: z.number().int(),
    succeeded: z.array(z.uuid()),
    failed: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'BulkResult', description: 'Records that could not be changed are listed in failed with the reason; the rest were changed in one transaction.' })
export type BulkResult = z.infer<typeof BulkResult>

export const ListFieldInfo = z
  .object({
    key: z.string(),
    type: z.enum(['text', 'number', 'date', 'datetime', 'boolean', 'select', 'user', 'team', 'account', 'tags']),
    label: z.object({ ja: z.string(), en: z.string() }),
    operators: z.array(z.enum(FILTER_OPERATORS)),
    options: z.array(z.object({ value: z.string(), label: z.object({ ja: z.string(), en: z.string() }) })).optional(),
    bulkEditable: z.boolean(),
  })
  .meta({ id: 'ListField' })

export const ListCatalogue = z
  .object({
    object: z.enum(LIST_OBJECTS),
    fields: z.array(ListFieldInfo),
    sorts: z.array(z.object({ key: z.string(), label: z.object({ ja: z.string(), en: z.string() }) })),
  })
  .meta({ id: 'ListCatalogue' })
export type ListCatalogue = z.infer<typeof ListCatalogue>
