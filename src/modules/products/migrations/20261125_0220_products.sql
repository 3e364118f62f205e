-- Products (商品) with a tax category, and price lists whose per-product prices override the unit price.

create table products (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  code text not null,
  name text not null,
  name_kana text,
  unit text not null default '個',
  -- Tax-exclusive (税抜) price per unit.
  unit_price numeric(18, 2) not null check (unit_price >= 0),
  -- standard 10%, reduced 8% (軽減税率), exempt 0% (非課税・不課税).
  tax_category text not null default 'standard' check (tax_category in ('standard', 'reduced', 'exempt')),
  is_active boolean not null default true,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index products_code_idx on products (tenant_id, code);
create index products_name_idx on products (tenant_id, name, id);
select daifuku_scope_to_tenant('products');

create table price_lists (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  currency char(3) not null default 'JPY',
  valid_from date,
  valid_to date,
  customer_group text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (valid_to is null or valid_from is null or valid_to >= valid_from)
);
create index price_lists_name_idx on price_lists (tenant_id, name, id);
select daifuku_scope_to_tenant('price_lists');

create table price_list_prices (
  tenant_id uuid not null references tenants(id) on delete cascade,
  price_list_id uuid not null references price_lists(id) on delete cascade,
  product_id uuid not null references products(id) on delete cascade,
  unit_price numeric(18, 2) not null check (unit_price >= 0),
  primary key (price_list_id, product_id)
);
create index price_list_prices_product_idx on price_list_prices (tenant_id, product_id);
select daifuku_scope_to_tenant('price_list_prices');
