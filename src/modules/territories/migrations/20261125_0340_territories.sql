-- Territories (テリトリー): sales areas defined by prefectures (都道府県) and industries, with members (users or teams).
-- An empty prefectures / industries list means "any"; the most specific matching territory takes an account.
create table territories (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  description text,
  prefectures text[] not null default '{}',
  industries text[] not null default '{}',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index territories_list_idx on territories (tenant_id, name);
select daifuku_scope_to_tenant('territories');

create table territory_members (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  territory_id uuid not null references territories(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  team_id uuid references teams(id) on delete cascade,
  created_at timestamptz not null default now(),
  check ((user_id is null) <> (team_id is null))
);
create unique index territory_members_user_idx on territory_members (territory_id, user_id) where user_id is not null;
create unique index territory_members_team_idx on territory_members (territory_id, team_id) where team_id is not null;
-- The visibility grant looks members up by user and by team.
create index territory_members_by_user_idx on territory_members (tenant_id, user_id);
create index territory_members_by_team_idx on territory_members (tenant_id, team_id);
select daifuku_scope_to_tenant('territory_members');

-- Accounts get an address (the prefecture is what territories match on) and the territory they were placed in.
alter table accounts add column postal_code text;
alter table accounts add column prefecture text;
alter table accounts add column address text;
alter table accounts add column territory_id uuid references territories(id) on delete set null;
create index accounts_territory_idx on accounts (tenant_id, territory_id);

-- Lead assignment may hand a lead to the members of the territory its prefecture and industry fall in.
alter table lead_assignment_rules add column assign_by_territory boolean not null default false;
alter table lead_assignment_rules drop constraint lead_assignment_rules_check;
alter table lead_assignment_rules add constraint lead_assignment_rules_target_check
  check (num_nonnulls(assign_to_user_id, assign_to_team_id, nullif(assign_by_territory, false)) = 1);
