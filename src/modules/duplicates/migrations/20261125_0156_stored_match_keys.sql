-- 名寄せ match keys stored on the rows (kept by PostgreSQL on every write) instead of computed by the scan.
-- Measured on 100,000 contacts / 20,000 accounts: computing the keys was 26 of the scan's 30 seconds of SQL —
-- the company key alone costs ~0.16 ms a name (some forty legal forms and two regular expressions) and the scan
-- evaluated it once per employment row. Stored, a scan reads the keys and only pairs them.

-- Every e-mail address of a contact, folded as normalizeEmail does; distinct and sorted.
create or replace function daifuku_email_keys(emails jsonb) returns text[]
  language sql immutable parallel safe set search_path = public, pg_temp as
$$ select coalesce(array_agg(distinct k order by k), '{}')
   from (select daifuku_email_key(e->>'address') as k
         from jsonb_array_elements(case when jsonb_typeof(emails) = 'array' then emails else '[]'::jsonb end) e) x
   where k <> '' $$;

-- Every phone of a contact as its digits, when long enough to mean something (the scan's rule: six digits).
create or replace function daifuku_phone_keys(phones jsonb) returns text[]
  language sql immutable parallel safe set search_path = public, pg_temp as
$$ select coalesce(array_agg(distinct k order by k), '{}')
   from (select daifuku_phone_digits(p->>'number') as k
         from jsonb_array_elements(case when jsonb_typeof(phones) = 'array' then phones else '[]'::jsonb end) p) x
   where length(k) >= 6 $$;

alter table contacts
  add column match_name text generated always as (daifuku_person_key(family_name, given_name, display_name)) stored,
  add column match_kana text generated always as (daifuku_kana_key(family_name_kana, given_name_kana)) stored,
  add column match_emails text[] generated always as (daifuku_email_keys(emails)) stored,
  add column match_phones text[] generated always as (daifuku_phone_keys(phones)) stored;

alter table accounts
  add column match_company text generated always as (daifuku_company_key(name)) stored,
  add column match_kana text generated always as (daifuku_fold(name_kana)) stored;

-- The lookups on create (duplicates.service.ts findSimilarIds) now read the stored keys; the expression indexes
-- would make every write compute the same keys a second time.
drop index contacts_dup_name_idx;
drop index contacts_dup_kana_idx;
drop index accounts_dup_company_idx;
create index contacts_match_name_idx on contacts (tenant_id, match_name);
create index contacts_match_kana_idx on contacts (tenant_id, match_kana);
create index accounts_match_company_idx on accounts (tenant_id, match_company);
