-- 360° customer page: stages and customer type, their history, and comments with @mentions.
-- Kept in tables of their own (one row per account or contact) so the accounts and contacts
-- tables stay owned by their modules; the foreign keys cascade when the record is deleted.
create table customer_profiles (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  lifecycle_stage text check (lifecycle_stage in ('reaching', 'acquisition', 'conversion', 'retention', 'inspiration')),
  relationship_stage text check (relationship_stage in ('awareness', 'exploration', 'expansion', 'commitment', 'dissolution')),
  customer_type text check (customer_type in ('loyal', 'discount', 'impulsive', 'need_based', 'wanderer', 'high_volume', 'high_future_value', 'benchmark', 'door_opener', 'inspiring')),
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  check ((account_id is null) <> (contact_id is null))
);
create unique index customer_profiles_account_idx on customer_profiles (tenant_id, account_id) where account_id is not null;
create unique index customer_profiles_contact_idx on customer_profiles (tenant_id, contact_id) where contact_id is not null;
-- Segment lists later filter by stage within a tenant.
create index customer_profiles_lifecycle_idx on customer_profiles (tenant_id, lifecycle_stage);
select daifuku_scope_to_tenant('customer_profiles');

-- Who moved which stage (or the type) from what to what, and when. Newest first by id (UUIDv7).
create table customer_stage_changes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  field text not null check (field in ('lifecycleStage', 'relationshipStage', 'customerType')),
  from_value text,
  to_value text,
  changed_by uuid references users(id) on delete set null,
  changed_at timestamptz not null default now(),
  check ((account_id is null) <> (contact_id is null))
);
create index customer_stage_changes_account_idx on customer_stage_changes (tenant_id, account_id, id desc) where account_id is not null;
create index customer_stage_changes_contact_idx on customer_stage_changes (tenant_id, contact_id, id desc) where contact_id is not null;
select daifuku_scope_to_tenant('customer_stage_changes');

-- Comments (コメント) on accounts, contacts and deals; exactly one parent.
create table record_comments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete cascade,
  -- deals arrive in migration 0200, after this file: no foreign key; a deleted deal's comments are unreachable.
  deal_id uuid,
  author_id uuid references users(id) on delete set null,
  body text not null check (length(body) between 1 and 10000),
  mention_user_ids uuid[] not null default '{}',
  edited_at timestamptz,
  created_at timestamptz not null default now(),
  check (num_nonnulls(account_id, contact_id, deal_id) = 1)
);
create index record_comments_account_idx on record_comments (tenant_id, account_id, id desc) where account_id is not null;
create index record_comments_contact_idx on record_comments (tenant_id, contact_id, id desc) where contact_id is not null;
create index record_comments_deal_idx on record_comments (tenant_id, deal_id, id desc) where deal_id is not null;
select daifuku_scope_to_tenant('record_comments');

-- Contacts' meetings are found through attendees as well as activities.contact_id.
create index activity_attendees_contact_lookup_idx on activity_attendees (tenant_id, contact_id) where contact_id is not null;
