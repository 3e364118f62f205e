-- Deals (商談) in pipelines of stages, with the history of every stage change.

create table pipelines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  is_default boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index pipelines_default_idx on pipelines (tenant_id) where is_default;
select daifuku_scope_to_tenant('pipelines');

create table pipeline_stages (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  pipeline_id uuid not null references pipelines(id) on delete cascade,
  name text not null,
  -- Chance of winning a deal in this stage, for the weighted pipeline (0–100).
  probability integer not null check (probability between 0 and 100),
  -- 'won' and 'lost' stages close a deal; every pipeline has exactly one of each.
  kind text not null default 'open' check (kind in ('open', 'won', 'lost')),
  position integer not null,
  created_at timestamptz not null default now()
);
create index pipeline_stages_pipeline_idx on pipeline_stages (tenant_id, pipeline_id, position);
select daifuku_scope_to_tenant('pipeline_stages');

create table deals (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  pipeline_id uuid not null references pipelines(id) on delete restrict,
  stage_id uuid not null references pipeline_stages(id) on delete restrict,
  status text not null default 'open' check (status in ('open', 'won', 'lost')),
  amount numeric(18, 2),
  currency char(3) not null default 'JPY',
  expected_close_date date,
  account_id uuid references accounts(id) on delete set null,
  competitors text[] not null default '{}',
  close_reason text,
  closed_at timestamptz,
  -- Order of the cards within a kanban column; a move takes a value between its neighbours.
  board_position double precision not null,
  stage_entered_at timestamptz not null default now(),
  notes text,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index deals_board_idx on deals (tenant_id, stage_id, board_position, id);
create index deals_pipeline_idx on deals (tenant_id, pipeline_id, status);
create index deals_owner_idx on deals (tenant_id, owner_id, status);
create index deals_team_idx on deals (tenant_id, team_id);
create index deals_account_idx on deals (tenant_id, account_id);
create index deals_close_date_idx on deals (tenant_id, expected_close_date);
create index deals_name_trgm_idx on deals using gin (name gin_trgm_ops);
select daifuku_scope_to_tenant('deals');

create table deal_stage_changes (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  deal_id uuid not null references deals(id) on delete cascade,
  from_stage_id uuid references pipeline_stages(id) on delete set null,
  to_stage_id uuid references pipeline_stages(id) on delete set null,
  -- How long the deal stayed in from_stage (time-in-stage reports).
  seconds_in_from_stage bigint,
  changed_by uuid references users(id) on delete set null,
  changed_at timestamptz not null default now()
);
create index deal_stage_changes_deal_idx on deal_stage_changes (tenant_id, deal_id, changed_at);
select daifuku_scope_to_tenant('deal_stage_changes');

-- Tenants made before this migration get the default pipeline that createTenant gives new ones
-- (same names and probabilities as src/modules/deals/default-pipeline.ts).
insert into pipelines (id, tenant_id, name, is_default)
select gen_random_uuid(), t.id, case when t.default_locale = 'en' then 'Sales pipeline' else '営業パイプライン' end, true
from tenants t;
insert into pipeline_stages (id, tenant_id, pipeline_id, name, probability, kind, position)
select gen_random_uuid(), p.tenant_id, p.id, case when t.default_locale = 'en' then s.en else s.ja end, s.probability, s.kind, s.position
from pipelines p
join tenants t on t.id = p.tenant_id
cross join (values
  (0, '初回接触', 'Qualification', 10, 'open'),
  (1, 'ニーズ把握', 'Needs analysis', 25, 'open'),
  (2, '提案', 'Proposal', 50, 'open'),
  (3, '見積提示', 'Quote', 70, 'open'),
  (4, '交渉・決裁', 'Negotiation', 85, 'open'),
  (5, '受注', 'Won', 100, 'won'),
  (6, '失注', 'Lost', 0, 'lost')
) as s(position, ja, en, probability, kind);
