-- Accounts (取引先): the first business object. The customer-data work extends this table.
create table accounts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  name_kana text,
  industry text,
  phone text,
  email text,
  website text,
  annual_revenue bigint,
  employee_count integer,
  notes text,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index accounts_name_idx on accounts (tenant_id, name, id);
create index accounts_created_idx on accounts (tenant_id, created_at desc, id desc);
create index accounts_owner_idx on accounts (tenant_id, owner_id);
create index accounts_team_idx on accounts (tenant_id, team_id);
create index accounts_search_idx on accounts using gin (name gin_trgm_ops, name_kana gin_trgm_ops);
select daifuku_scope_to_tenant('accounts');
