/**
 * Search (検索): the global search API and the SQL side of Japanese-aware matching on search_text columns.
 * Other modules use only what this file exports (search.match.ts for their own `?q=` filters).
 */
import './search.jobs.ts'

export { registerSearchRoutes } from './search.routes.ts'
export { search } from './search.service.ts'
export { foldSearchQuery, queryGrams, searchScore, searchTextMatches, searchTextMatchesFolded } from './search.match.ts'
export type { SearchHit, SearchResults, SearchType } from './search.schema.ts'
