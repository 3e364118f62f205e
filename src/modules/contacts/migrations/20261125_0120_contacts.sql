-- Contacts (担当者): people at customers. Multi-valued parts (emails, phones, addresses) are jsonb arrays validated
-- by the contacts service (docs/decisions/0013-contact-profile-shape.md); primary_email / primary_phone_digits are
-- derived copies of the primary entries so lookups (名寄せ, imports, 名刺 entry) can use a plain index.
create table contacts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  family_name text,
  given_name text,
  family_name_kana text,
  given_name_kana text,
  display_name text not null,
  -- 五十音順 sort key: the kana reading folded to hiragana (or the display name when there is no reading).
  sort_kana text not null default '',
  emails jsonb not null default '[]'::jsonb,
  phones jsonb not null default '[]'::jsonb,
  addresses jsonb not null default '[]'::jsonb,
  primary_email text,
  primary_phone_digits text,
  preferred_channel text check (preferred_channel in ('email', 'phone', 'mail', 'none')),
  do_not_email boolean not null default false,
  do_not_call boolean not null default false,
  do_not_mail boolean not null default false,
  birthday date,
  anniversary date,
  occupation text,
  department text,
  title text,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  tags text[] not null default '{}',
  notes text,
  search_text text not null default '',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contacts_name_idx on contacts (tenant_id, display_name, id);
create index contacts_kana_idx on contacts (tenant_id, (sort_kana collate "C"), id);
create index contacts_owner_idx on contacts (tenant_id, owner_id, id desc);
create index contacts_team_idx on contacts (tenant_id, team_id);
create index contacts_tags_idx on contacts using gin (tags);
create index contacts_email_idx on contacts (tenant_id, primary_email);
create index contacts_phone_idx on contacts (tenant_id, primary_phone_digits);
-- Same gram index as accounts (src/modules/search, docs/decisions/0008): pg_trgm cannot serve Japanese under a C
-- collation, nor 1–2 character queries.
create index contacts_search_grams_idx on contacts using gin (daifuku_search_grams(search_text));
select daifuku_scope_to_tenant('contacts');

-- Contacts ↔ accounts. A link with ended_on set is employment history (a 名刺 with a new company ends the old link).
create table account_contacts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  contact_id uuid not null references contacts(id) on delete cascade,
  title text,
  role text,
  is_primary boolean not null default false,
  started_on date,
  ended_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ended_on is null or started_on is null or ended_on >= started_on)
);
-- At most one current link per pair, and at most one current primary company per contact.
create unique index account_contacts_current_idx on account_contacts (account_id, contact_id) where ended_on is null;
create unique index account_contacts_primary_idx on account_contacts (contact_id) where is_primary and ended_on is null;
create index account_contacts_contact_idx on account_contacts (tenant_id, contact_id, id desc);
create index account_contacts_account_idx on account_contacts (tenant_id, account_id, id desc);
select daifuku_scope_to_tenant('account_contacts');

-- Account hierarchy (parent / subsidiaries). Cycles are refused by the accounts hierarchy service.
alter table accounts add column parent_account_id uuid references accounts(id) on delete set null;
create index accounts_parent_idx on accounts (tenant_id, parent_account_id) where parent_account_id is not null;
