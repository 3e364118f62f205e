-- Sales quotas (KGI): a target amount per person or team for a period, for forecasts and attainment.
create table quotas (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  team_id uuid references teams(id) on delete cascade,
  period_start date not null,
  period_end date not null,
  amount numeric(18, 2) not null check (amount >= 0),
  currency char(3) not null default 'JPY',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((user_id is null) <> (team_id is null)),
  check (period_end >= period_start)
);
create unique index quotas_user_period_idx on quotas (tenant_id, user_id, period_start, period_end) where user_id is not null;
create unique index quotas_team_period_idx on quotas (tenant_id, team_id, period_start, period_end) where team_id is not null;
select daifuku_scope_to_tenant('quotas');

-- Forecasts group open deals by expected close date and won deals by close time.
create index deals_forecast_idx on deals (tenant_id, status, expected_close_date);
create index deals_closed_idx on deals (tenant_id, status, closed_at);
