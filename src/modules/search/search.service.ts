/**
 * Global search (検索): one query across object types, Japanese-aware (see docs/decisions/0008-japanese-search.md).
 * Each type's provider applies the caller's record visibility and hidden fields; results merge by score.
 */
import type { ServiceContext } from '../../platform/context.ts'
import { searchAccounts } from './search.accounts.ts'
import { searchContacts } from './search.contacts.ts'
import { foldSearchQuery } from './search.match.ts'
import type { SearchHit, SearchQuery, SearchResults, SearchType } from './search.schema.ts'

type Provider = (ctx: ServiceContext, folded: string, limit: number) => Promise<SearchHit[]>

const providers: Partial<Record<SearchType, Provider>> = {
  accounts: searchAccounts,
  contacts: searchContacts,
}

/**
 * Ranked hits. A type the caller's role may not read is skipped rather than refused, so one search box
 * works for every role. Queries are folded (ﾀﾅｶ→たなか, 03-1234-5678→0312345678, (株)大福→大福) first.
 */
export async function search(ctx: ServiceContext, query: Pick<SearchQuery, 'q' | 'limit'> & { types?: SearchType[] }): Promise<SearchResults> {
  const folded = foldSearchQuery(query.q)
  if (folded.length === 0) return { data: [] }
  const hits: SearchHit[] = []
  // Sequential on purpose: ctx.tx is one connection (and PGlite has only one).
  for (const type of query.types ?? (Object.keys(providers) as SearchType[])) {
    const provider = providers[type]
    if (provider) hits.push(...(await provider(ctx, folded, query.limit)))
  }
  hits.sort((a, b) => b.score - a.score)
  return { data: hits.slice(0, query.limit) }
}
