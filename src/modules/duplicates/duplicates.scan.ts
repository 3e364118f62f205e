/**
 * The tenant duplicate scan, in SQL: blocking keys (the rules of match.ts, computed with the daifuku_* SQL
 * functions), pairs sharing a key, scored 1 − Π(1 − w) with the same weights, stored as open candidates.
 */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'
import { type DuplicateObject, MAX_BLOCK_SIZE, POSSIBLE_THRESHOLD, SIGNAL_WEIGHTS } from './match.ts'

function contactKeys(tenantId: string) {
  // The keys are stored columns (migration 0156), so the scan only reads and pairs them.
  return sql`
    c as (
      select id, match_name as name, match_kana as kana, match_emails, match_phones
      from contacts where tenant_id = ${tenantId}),
    co as (
      select ac.contact_id as id, a.match_company as company
      from account_contacts ac join accounts a on a.id = ac.account_id
      where ac.tenant_id = ${tenantId} and ac.ended_on is null),
    keys as (
      select c.id, 'email:' || e as k from c cross join lateral unnest(c.match_emails) e
      union
      select c.id, 'phone:' || p from c cross join lateral unnest(c.match_phones) p
      union
      select c.id, 'name_company:' || c.name || '|' || co.company from c join co on co.id = c.id where c.name <> '' and co.company <> ''
      union
      select c.id, 'kana_company:' || c.kana || '|' || co.company from c join co on co.id = c.id where c.kana <> '' and co.company <> ''
      union
      select c.id, 'name_kana:' || c.name || '|' || c.kana from c where c.name <> '' and c.kana <> ''
    ),
    names as (select id, name from c)`
}

function accountKeys(tenantId: string) {
  return sql`
    a as (
      select id, match_company as company, match_kana as kana, email, phone
      from accounts where tenant_id = ${tenantId}),
    keys as (
      select id, 'company:' || company as k from a where company <> ''
      union
      select id, 'company_kana:' || company || '|' || kana from a where company <> '' and kana <> ''
      union
      select id, 'email:' || daifuku_email_key(email) from a where daifuku_email_key(email) <> ''
      union
      select id, 'phone:' || daifuku_phone_digits(phone) from a where length(daifuku_phone_digits(phone)) >= 6
    ),
    -- Accounts have no "same name only" signal: a company name is already the strongest key.
    names as (select id, null::text as name from a)`
}

export interface ScanResult {
  type: DuplicateObject
  candidates: number
  ms: number
}

/**
 * Recomputes the open candidates of one object type for the tenant of the transaction. Dismissed and merged pairs
 * are kept as they are, so a pair marked "not a duplicate" never comes back.
 */
export async function scanDuplicates(tx: Tx, tenantId: string, type: DuplicateObject): Promise<ScanResult> {
  const started = performance.now()
  const weights = JSON.stringify(SIGNAL_WEIGHTS)
  await sql`delete from duplicate_candidates where tenant_id = ${tenantId} and object_type = ${type} and status = 'open'`.execute(tx)
  const result = await sql`
    with ${type === 'contacts' ? contactKeys(tenantId) : accountKeys(tenantId)},
    sized as (select id, k, count(*) over (partition by k) as n from keys),
    -- Materialized: inlined, the planner (guessing billions of pairs from the CTE estimates) crossed every
    -- contact with every other to attach the names — 400,000,000 rows at 20,000 contacts, a scan that never ended.
    pairs as materialized (
      select x.id as a, y.id as b, array_agg(distinct split_part(x.k, ':', 1)) as signals
      from sized x join sized y on y.k = x.k and x.id < y.id
      where x.n <= ${MAX_BLOCK_SIZE}
      group by x.id, y.id),
    signalled as (
      select p.a, p.b,
             p.signals || case when na.name <> '' and na.name = nb.name and not (p.signals && array['name_company', 'name_kana'])
                               then array['name'] else array[]::text[] end as signals
      from pairs p join names na on na.id = p.a join names nb on nb.id = p.b),
    scored as (
      select a, b,
             round((1 - exp(coalesce((select sum(ln(1 - (${weights}::jsonb ->> s)::float8)) from unnest(signals) s), 0)))::numeric, 3)::float8 as score,
             array(select s from unnest(signals) s order by (${weights}::jsonb ->> s)::float8 desc, s collate "C") as reasons
      from signalled)
    insert into duplicate_candidates (id, tenant_id, object_type, record_a, record_b, score, reasons)
    select gen_random_uuid(), ${tenantId}, ${type}, a, b, score, reasons from scored where score >= ${POSSIBLE_THRESHOLD}
    on conflict (tenant_id, object_type, record_a, record_b) do nothing`.execute(tx)
  return { type, candidates: Number(result.numAffectedRows ?? 0), ms: Math.round(performance.now() - started) }
}
