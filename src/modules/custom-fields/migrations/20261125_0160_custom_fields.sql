-- Custom fields (カスタム項目): admin-defined fields on accounts, contacts and deals.
-- Values live in a `custom` jsonb column on each object, validated against these definitions.
-- (deals get theirs in 0269: this number runs before the deals table exists.)

create table custom_field_definitions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  object text not null check (object in ('accounts', 'contacts', 'deals')),
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label_ja text not null,
  label_en text not null,
  type text not null check (type in ('text', 'long_text', 'number', 'currency', 'date', 'boolean', 'single_select', 'multi_select', 'url', 'email', 'phone')),
  -- [{ value, label: { ja, en } }] for the select types, [] otherwise.
  options jsonb not null default '[]',
  required boolean not null default false,
  is_unique boolean not null default false,
  default_value jsonb,
  position integer not null default 0,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index custom_field_definitions_key_idx on custom_field_definitions (tenant_id, object, key);
select daifuku_scope_to_tenant('custom_field_definitions');

alter table accounts add column custom jsonb not null default '{}';
alter table contacts add column custom jsonb not null default '{}';
-- Filters are containment queries (custom @> '{"key": value}').
create index accounts_custom_idx on accounts using gin (custom jsonb_path_ops);
create index contacts_custom_idx on contacts using gin (custom jsonb_path_ops);
