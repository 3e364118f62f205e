/** Search provider for accounts (取引先): matches accounts.search_text, keeps to visible records and fields. */
import { sql } from 'kysely'
import { can, fieldRules, visibleRecordsCondition, withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { buildSearchText } from '../../platform/japanese/index.ts'
import { MAX_CANDIDATES, searchCandidates, searchScore } from './search.match.ts'
import type { SearchHit } from './search.schema.ts'

/** The fields buildSearchText is given for an account, in the service and in the migration's SQL fallback. */
const SEARCHED_FIELDS = ['name', 'nameKana', 'phone', 'email'] as const

export async function searchAccounts(ctx: ServiceContext, folded: string, limit: number): Promise<SearchHit[]> {
  if (!can(ctx, 'accounts', 'read')) return []
  const rules = fieldRules(ctx, 'accounts')
  // A role that hides a searched field must not find records through it (searching a phone number would reveal
  // whose it is), so such rows are re-checked below against the visible fields only; fetch extra to fill the page.
  const recheck = SEARCHED_FIELDS.some((field) => rules[field] === 'hidden')
  const score = searchScore('a', folded)
  const rows = await ctx.tx
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name', 'a.nameKana', 'a.phone', 'a.email', score.as('score')])
    .where(visibleRecordsCondition(ctx, 'accounts', 'a'))
    .where(searchCandidates(ctx, 'accounts', 'a', folded, MAX_CANDIDATES))
    .orderBy(score, 'desc')
    .orderBy(sql`length(a.search_text)`)
    .orderBy('a.id', 'desc')
    .limit(recheck ? limit * 4 : limit)
    .execute()
  const hits: SearchHit[] = []
  for (const row of rows) {
    const visible = withoutHiddenFields(ctx, 'accounts', { name: row.name, nameKana: row.nameKana, phone: row.phone, email: row.email })
    if (recheck && !buildSearchText(SEARCHED_FIELDS.map((field) => visible[field])).includes(folded)) continue
    const title = visible.name ?? visible.nameKana ?? ''
    const subtitle = [visible.name !== undefined ? visible.nameKana : null, visible.phone, visible.email].filter((v) => v).join(' · ')
    hits.push({ type: 'accounts', id: row.id, title, subtitle: subtitle || null, score: Number(row.score) })
    if (hits.length >= limit) break
  }
  return hits
}
