-- 名寄せ (duplicates): match keys as SQL functions (same rules as src/modules/duplicates/match.ts), expression
-- indexes so "is there already someone like this?" is an index lookup, the candidate queue and the merge map.

-- The search_path is pinned because index builds (PostgreSQL 17+) run with a restricted one, and these call the
-- daifuku_* functions of the search module.
-- A person's name for matching: family + given folded, or the display name when both are empty.
create or replace function daifuku_person_key(family text, given text, display text) returns text
  language sql immutable parallel safe set search_path = public, pg_temp as
$$ select coalesce(nullif(daifuku_fold(coalesce(family, '') || coalesce(given, '')), ''), daifuku_fold(display)) $$;

-- A person's reading (セイ + メイ) folded: katakana, hiragana and half-width kana as one.
create or replace function daifuku_kana_key(family_kana text, given_kana text) returns text
  language sql immutable parallel safe set search_path = public, pg_temp as
$$ select daifuku_fold(coalesce(family_kana, '') || coalesce(given_kana, '')) $$;

-- normalizeCompanyName, callable from an index.
create or replace function daifuku_company_key(t text) returns text
  language sql immutable parallel safe set search_path = public, pg_temp as
$$ select daifuku_company_name(t) $$;

-- normalizeEmail: NFKC, trimmed, lower case.
create or replace function daifuku_email_key(t text) returns text
  language sql immutable parallel safe as
$$ select lower(btrim(normalize(coalesce(t, ''), NFKC))) $$;

create index contacts_dup_name_idx on contacts (tenant_id, daifuku_person_key(family_name, given_name, display_name));
create index contacts_dup_kana_idx on contacts (tenant_id, daifuku_kana_key(family_name_kana, given_name_kana));
create index accounts_dup_company_idx on accounts (tenant_id, daifuku_company_key(name));

-- Pairs found by the scan; record_a < record_b so a pair is stored once. A dismissed pair stays dismissed.
create table duplicate_candidates (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  object_type text not null check (object_type in ('contacts', 'accounts')),
  record_a uuid not null,
  record_b uuid not null,
  score double precision not null,
  reasons text[] not null default '{}',
  status text not null default 'open' check (status in ('open', 'dismissed', 'merged')),
  decided_by uuid references users(id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (record_a < record_b),
  unique (tenant_id, object_type, record_a, record_b)
);
create index duplicate_candidates_queue_idx on duplicate_candidates (tenant_id, object_type, status, score desc, id);
select daifuku_scope_to_tenant('duplicate_candidates');

-- Merged-away ids keep resolving to the record they were merged into.
create table merged_records (
  tenant_id uuid not null references tenants(id) on delete cascade,
  object_type text not null check (object_type in ('contacts', 'accounts')),
  old_id uuid not null,
  survivor_id uuid not null,
  merged_by uuid references users(id) on delete set null,
  merged_at timestamptz not null default now(),
  primary key (tenant_id, object_type, old_id)
);
create index merged_records_survivor_idx on merged_records (tenant_id, object_type, survivor_id);
select daifuku_scope_to_tenant('merged_records');
