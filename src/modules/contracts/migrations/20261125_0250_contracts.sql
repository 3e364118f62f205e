-- Contracts (契約) with an account, their period, renewal and reminder state, and the history of every status change.

create table contracts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  number text,
  title text not null,
  account_id uuid not null references accounts(id) on delete restrict,
  deal_id uuid references deals(id) on delete set null,
  sales_document_id uuid references sales_documents(id) on delete set null,
  terms text,
  start_date date not null,
  end_date date not null,
  -- The notice date (更新日): the day by which renewal must be decided; reminders count back from it.
  renewal_date date,
  notice_days integer not null default 30 check (notice_days between 0 and 365),
  value numeric(18, 2),
  currency char(3) not null default 'JPY',
  billing_cycle text not null default 'one_off' check (billing_cycle in ('one_off', 'monthly', 'yearly')),
  auto_renew boolean not null default false,
  renewal_term_months integer not null default 12 check (renewal_term_months between 1 and 120),
  status text not null default 'draft' check (status in ('draft', 'active', 'expiring', 'expired', 'renewed', 'cancelled')),
  -- End date of the period whose reminder went out: one reminder per contract period.
  reminded_for_end_date date,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_date >= start_date)
);
create unique index contracts_number_idx on contracts (tenant_id, number) where number is not null;
create index contracts_account_idx on contracts (tenant_id, account_id);
create index contracts_end_date_idx on contracts (tenant_id, end_date, id) where status in ('active', 'expiring', 'renewed');
create index contracts_status_idx on contracts (tenant_id, status);
create index contracts_owner_idx on contracts (tenant_id, owner_id);
select daifuku_scope_to_tenant('contracts');

create table contract_status_changes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  contract_id uuid not null references contracts(id) on delete cascade,
  from_status text,
  to_status text not null,
  note text,
  -- Null when the daily job made the change.
  changed_by uuid references users(id) on delete set null,
  changed_at timestamptz not null default now()
);
create index contract_status_changes_contract_idx on contract_status_changes (tenant_id, contract_id, changed_at);
select daifuku_scope_to_tenant('contract_status_changes');
