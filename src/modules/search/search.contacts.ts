/** Search provider for contacts (担当者): matches contacts.search_text, keeps to visible records and fields. */
import { sql } from 'kysely'
import { can, fieldRules, visibleRecordsCondition, withoutHiddenFields } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { buildSearchText } from '../../platform/japanese/index.ts'
import { MAX_CANDIDATES, searchCandidates, searchScore } from './search.match.ts'
import type { SearchHit } from './search.schema.ts'

/** The contact fields the contacts module puts into search_text (contactSearchText), besides company names. */
const SEARCHED_FIELDS = ['displayName', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'emails', 'phones', 'tags'] as const

interface ContactSearchRow {
  id: string
  displayName: string
  familyName: string | null
  givenName: string | null
  familyNameKana: string | null
  givenNameKana: string | null
  emails: { address: string }[]
  phones: { number: string }[]
  tags: string[]
  department: string | null
  title: string | null
  company: string | null
  score: number
}

export async function searchContacts(ctx: ServiceContext, folded: string, limit: number): Promise<SearchHit[]> {
  if (!can(ctx, 'contacts', 'read')) return []
  const rules = fieldRules(ctx, 'contacts')
  // As for accounts: a hidden field must not be searchable, so rows are re-checked against visible fields only.
  const recheck = SEARCHED_FIELDS.some((field) => rules[field] === 'hidden')
  const score = searchScore('c', folded)
  const rows = (await ctx.tx
    .selectFrom('contacts as c')
    .select([
      'c.id',
      'c.displayName',
      'c.familyName',
      'c.givenName',
      'c.familyNameKana',
      'c.givenNameKana',
      'c.emails',
      'c.phones',
      'c.tags',
      'c.department',
      'c.title',
      // The company they work at now (primary link first), shown under the name; only accounts the caller may see.
      sql<string | null>`(select a.name from account_contacts l join accounts a on a.id = l.account_id
        where l.contact_id = c.id and l.ended_on is null and ${visibleRecordsCondition(ctx, 'accounts', 'a')}
        order by l.is_primary desc, l.id limit 1)`.as('company'),
      score.as('score'),
    ])
    .where(visibleRecordsCondition(ctx, 'contacts', 'c'))
    .where(searchCandidates(ctx, 'contacts', 'c', folded, MAX_CANDIDATES))
    .orderBy(score, 'desc')
    .orderBy(sql`length(c.search_text)`)
    .orderBy('c.id', 'desc')
    .limit(recheck ? limit * 4 : limit)
    .execute()) as unknown as ContactSearchRow[]
  const hits: SearchHit[] = []
  for (const row of rows) {
    const visible = withoutHiddenFields(ctx, 'contacts', {
      displayName: row.displayName,
      familyName: row.familyName,
      givenName: row.givenName,
      familyNameKana: row.familyNameKana,
      givenNameKana: row.givenNameKana,
      emails: row.emails,
      phones: row.phones,
      tags: row.tags,
      department: row.department,
      title: row.title,
    })
    if (recheck) {
      const text = buildSearchText([
        visible.displayName,
        [visible.familyName, visible.givenName].filter(Boolean).join(''),
        visible.familyName,
        visible.givenName,
        [visible.familyNameKana, visible.givenNameKana].filter(Boolean).join(''),
        visible.familyNameKana,
        visible.givenNameKana,
        ...(visible.emails ?? []).map((e) => e.address),
        ...(visible.phones ?? []).map((p) => p.number),
        row.company,
        ...(visible.tags ?? []),
      ])
      if (!text.includes(folded)) continue
    }
    const kana = [visible.familyNameKana, visible.givenNameKana].filter(Boolean).join(' ')
    const name = visible.displayName ?? ([visible.familyName, visible.givenName].filter(Boolean).join(' ') || kana)
    const subtitle = [name !== kana ? kana : null, row.company, visible.department, visible.title].filter((v) => v).join(' · ')
    hits.push({ type: 'contacts', id: row.id, title: name, subtitle: subtitle || null, score: Number(row.score) })
    if (hits.length >= limit) break
  }
  return hits
}
