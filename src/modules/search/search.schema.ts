/** Global search (検索) query and result schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const SEARCH_TYPES = ['accounts', 'contacts'] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).describe('Any part of a name, reading (kana), company, phone or email'),
  types: z
    .string()
    .max(200)
    .optional()
    .describe('Comma-separated: accounts,contacts (default: all)')
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return [...SEARCH_TYPES]
      const types = [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t.length > 0))]
      const unknown = types.filter((t) => !(SEARCH_TYPES as readonly string[]).includes(t))
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `Unknown type: ${unknown.join(', ')}. Known: ${SEARCH_TYPES.join(', ')}.` })
        return z.NEVER
      }
      return types as SearchType[]
    }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
})
export type SearchQuery = z.output<typeof SearchQuery>

export const SearchHit = z
  .object({
    type: z.enum(SEARCH_TYPES),
    id: z.uuid(),
    title: z.string(),
    subtitle: z.string().nullable(),
    score: z.number().describe('Relevance from 0 to 1; results are sorted by it'),
  })
  .meta({ id: 'SearchHit' })
export type SearchHit = z.infer<typeof SearchHit>

export const SearchResults = z.object({ data: z.array(SearchHit) }).meta({ id: 'SearchResults' })
export type SearchResults = z.infer<typeof SearchResults>
