-- Customer groups (顧客グループ) that accounts belong to and price lists target; per-product
-- configurators (option groups, options and if-then-else rules as validated JSON); the configuration
-- stored on a document line; product specs; and revocable share links to the product catalogue.

create table customer_groups (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customer_groups_name_idx on customer_groups (tenant_id, name);
select daifuku_scope_to_tenant('customer_groups');

-- One group per account, kept beside the accounts table so the accounts module stays untouched.
create table account_customer_groups (
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid primary key references accounts(id) on delete cascade,
  customer_group_id uuid not null references customer_groups(id) on delete cascade
);
create index account_customer_groups_group_idx on account_customer_groups (tenant_id, customer_group_id);
select daifuku_scope_to_tenant('account_customer_groups');

alter table price_lists add column customer_group_id uuid references customer_groups(id) on delete set null;
create index price_lists_pick_idx on price_lists (tenant_id, currency, customer_group_id);

-- Spec rows shown in the catalogue: [{ "label": "重量", "value": "1.2 kg" }, …].
alter table products add column specs jsonb not null default '[]';

create table product_configurators (
  tenant_id uuid not null references tenants(id) on delete cascade,
  product_id uuid primary key references products(id) on delete cascade,
  -- Validated by the configurator schema (Zod) before every write.
  option_groups jsonb not null default '[]',
  rules jsonb not null default '[]',
  updated_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('product_configurators');

-- The selections, option names and price breakdown a configured line was priced with.
alter table sales_document_lines add column configuration jsonb;

create table catalog_share_links (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  -- 32 random bytes, base64url: unguessable, kept so admins can copy the link again.
  token text not null,
  -- null: every active product; otherwise these products (inactive ones are still hidden).
  product_ids uuid[],
  show_prices boolean not null default true,
  expires_at timestamptz,
  revoked_at timestamptz,
  view_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create unique index catalog_share_links_token_idx on catalog_share_links (token);
create index catalog_share_links_tenant_idx on catalog_share_links (tenant_id, id);
select daifuku_scope_to_tenant('catalog_share_links');
