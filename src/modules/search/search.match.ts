/**
 * The SQL side of Japanese-aware matching on a `search_text` column (see docs/decisions/0008-japanese-search.md).
 * Any module with a search_text column filled by buildSearchText can filter and rank with these.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import { objectPermission } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { foldQuery } from '../../platform/japanese/index.ts'

/** Matching rows ranked per type and query in the search box (see searchCandidates). */
export const MAX_CANDIDATES = 200

/** Longest folded query we look up; longer input is cut (a name is never this long). */
export const MAX_QUERY_CHARS = 100

/** A query folded like search_text, cut to MAX_QUERY_CHARS characters (code points, not UTF-16 units). */
export function foldSearchQuery(q: string | null | undefined): string {
  return [...foldQuery(q)].slice(0, MAX_QUERY_CHARS).join('')
}

/**
 * The grams the GIN index on daifuku_search_grams(search_text) is looked up with: the character itself for a
 * one-character query, otherwise every bigram of the query (a superset test; strpos then confirms the substring).
 */
export function queryGrams(folded: string): string[] {
  const chars = [...folded]
  if (chars.length === 1) return chars
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(`${chars[i]}${chars[i + 1]}`)
  return [...grams]
}

/** Tables with a search_text column and the gram index (daifuku_search_ids accepts only these). */
export type SearchTable = 'accounts' | 'contacts'

// Callers written before the table argument existed pass only an alias; these are the aliases the modules use.
const TABLE_BY_ALIAS: Record<string, SearchTable> = { a: 'accounts', accounts: 'accounts', c: 'contacts', contacts: 'contacts' }

/**
 * WHERE condition: `alias.search_text` contains the folded query. The gram index is looked up through
 * daifuku_search_ids (migration 0112: under row-level security the index cannot be used directly), which returns
 * the ids of the current tenant's matching rows; the caller's query joins them under RLS and its own filters.
 * An empty folded query (only spaces or punctuation that folds away) matches everything.
 */
export function searchTextMatches(alias: string, q: string, table?: SearchTable): Expression<SqlBool> {
  return searchTextMatchesFolded(alias, foldSearchQuery(q), table)
}

/** searchTextMatches for a query already folded with foldSearchQuery. */
export function searchTextMatchesFolded(alias: string, folded: string, table: SearchTable | undefined = TABLE_BY_ALIAS[alias]): Expression<SqlBool> {
  if (folded.length === 0) return sql<SqlBool>`true`
  const grams = sql`array[${sql.join(queryGrams(folded))}]::text[]`
  if (table === undefined) {
    // Unknown table: correct, but evaluated row by row.
    const column = sql.ref(`${alias}.search_text`)
    return sql<SqlBool>`(daifuku_search_grams(${column}) @> ${grams} and strpos(${column}, ${folded}) > 0)`
  }
  return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select daifuku_search_ids(${table}::regclass, ${grams}, ${folded}))`
}

/**
 * Like searchTextMatchesFolded, for a search box that shows only the best few: at most `maxCandidates` matching
 * ids are considered (migration 0113), taken from the records the actor may see. The candidates are the first
 * the index yields, not the best-ranked of all matches, so with very many matches (a one-character query) the
 * best few of a sample are shown — the cost of answering in milliseconds; typing one more character narrows it.
 */
export function searchCandidates(
  ctx: Pick<ServiceContext, 'actor'>,
  object: SearchTable,
  alias: string,
  folded: string,
  maxCandidates: number,
): Expression<SqlBool> {
  if (folded.length === 0) return sql<SqlBool>`true`
  const grams = sql`array[${sql.join(queryGrams(folded))}]::text[]`
  const visibility = objectPermission(ctx, object).visibility
  return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select daifuku_search_ids(${object}::regclass, ${grams}, ${folded},
    ${maxCandidates}::int, ${visibility}::text, ${ctx.actor.userId}::uuid, ${ctx.actor.teamId}::uuid))`
}

/**
 * Relevance in [0, 1] for a row that matched: a whole part equal to the query ranks first (the name, the company
 * name without its legal form, the reading, the phone digits or the email), then a name starting with the query,
 * then any other part starting with it, then a match inside a part. Shorter texts break ties in the caller's ORDER BY.
 */
export function searchScore(alias: string, folded: string): RawBuilder<number> {
  const column = sql.ref(`${alias}.search_text`)
  return sql<number>`(case
    when strpos(' ' || ${column} || ' ', ${` ${folded} `}) > 0 then 1.0
    when left(${column}, length(${folded})) = ${folded} then 0.9
    when strpos(' ' || ${column}, ${` ${folded}`}) > 0 then 0.75
    else 0.5 end)::float8`
}
