-- Leads (リード): prospects captured from web forms, imports and the API, scored, assigned and converted.
create table leads (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  family_name text,
  given_name text,
  family_name_kana text,
  given_name_kana text,
  company_name text,
  title text,
  industry text,
  prefecture text,
  email text,
  phone text,
  website text,
  message text,
  notes text,
  source text not null default 'manual' check (source in ('web_form', 'import', 'api', 'manual', 'other')),
  status text not null default 'new' check (status in ('new', 'working', 'qualified', 'unqualified', 'converted')),
  fit_score integer not null default 0,
  engagement_score integer not null default 0,
  score integer not null default 0,
  form_submissions integer not null default 0,
  web_form_id uuid,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  assigned_by_rule_id uuid,
  converted_account_id uuid references accounts(id) on delete set null,
  converted_contact_id uuid references contacts(id) on delete set null,
  converted_deal_id uuid references deals(id) on delete set null,
  converted_at timestamptz,
  converted_by uuid references users(id) on delete set null,
  search_text text not null default '',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index leads_list_idx on leads (tenant_id, id desc);
create index leads_status_idx on leads (tenant_id, status, id desc);
create index leads_owner_idx on leads (tenant_id, owner_id, id desc);
create index leads_email_idx on leads (tenant_id, lower(email));
select daifuku_scope_to_tenant('leads');

-- Web forms: the public key (not the id) is what the embed snippet and hosted page carry.
create table lead_web_forms (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  public_key text not null unique,
  fields jsonb not null default '[]',
  thank_you_message text,
  owner_id uuid references users(id) on delete set null,
  is_active boolean not null default true,
  submission_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index lead_web_forms_list_idx on lead_web_forms (tenant_id, id desc);
select daifuku_scope_to_tenant('lead_web_forms');
alter table leads add constraint leads_web_form_fk foreign key (web_form_id) references lead_web_forms(id) on delete set null;

-- Scoring rules: fit (a field condition) or engagement (points per form submission / activity).
create table lead_scoring_rules (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  position integer not null,
  category text not null check (category in ('fit', 'engagement')),
  field text not null,
  operator text not null,
  value text,
  points integer not null,
  max_points integer,
  created_at timestamptz not null default now()
);
create index lead_scoring_rules_idx on lead_scoring_rules (tenant_id, position);
select daifuku_scope_to_tenant('lead_scoring_rules');

-- Assignment rules: ordered; the first whose condition matches assigns (a user, or round-robin in a team).
create table lead_assignment_rules (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  position integer not null,
  name text not null,
  field text,
  operator text,
  value text,
  assign_to_user_id uuid references users(id) on delete cascade,
  assign_to_team_id uuid references teams(id) on delete cascade,
  created_at timestamptz not null default now(),
  check ((assign_to_user_id is null) <> (assign_to_team_id is null))
);
create index lead_assignment_rules_idx on lead_assignment_rules (tenant_id, position);
select daifuku_scope_to_tenant('lead_assignment_rules');

-- Round-robin turn counters: one row per pool, bumped with insert … on conflict … returning, whose row lock
-- serialises concurrent assignments to the same pool until commit (decision 0019).
create table lead_round_robin_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  pool_key text not null,
  turns bigint not null default 0,
  primary key (tenant_id, pool_key)
);
select daifuku_scope_to_tenant('lead_round_robin_counters');
