import { openDatabase } from './src/platform/db/database.ts'
import { sql } from 'kysely'
const d = await openDatabase({ dataDir: 'bench/data/medium' })
await sql.raw(`
create or replace function daifuku_rarest_gram_share(idx regclass, grams text[]) returns real
  language sql stable security definer set search_path = public, pg_catalog as
$$
  with mce as (
    select case when s.stakind1 = 4 then s.stavalues1::text::text[] when s.stakind2 = 4 then s.stavalues2::text::text[]
                when s.stakind3 = 4 then s.stavalues3::text::text[] when s.stakind4 = 4 then s.stavalues4::text::text[]
                when s.stakind5 = 4 then s.stavalues5::text::text[] end as elems,
           case when s.stakind1 = 4 then s.stanumbers1 when s.stakind2 = 4 then s.stanumbers2 when s.stakind3 = 4 then s.stanumbers3
                when s.stakind4 = 4 then s.stanumbers4 when s.stakind5 = 4 then s.stanumbers5 end as shares
      from pg_statistic s where s.starelid = idx and s.staattnum = 1
  )
  select min(coalesce(mce.shares[array_position(mce.elems, g)], 0)) from mce, unnest(grams) g
$$`).execute(d.db)
for (const g of [['た'], ['田中'], ['田中', '中太', '太郎'], ['株式'], ['us'], ['sm'], ['user', 'ser1'], ['大阪'], ['03'], ['あい'], ['株式', '式会']]) {
  const ts: number[] = []; let r: any
  for (let i = 0; i < 20; i++) { const t = performance.now(); r = await sql<any>`select daifuku_rarest_gram_share('contacts_search_grams_idx'::regclass, ${g}::text[]) as s`.execute(d.db); ts.push(performance.now() - t) }
  ts.sort((a, b) => a - b)
  console.log(g.join(','), r.rows[0].s, ts[10]!.toFixed(2), 'ms')
}
await d.close()
