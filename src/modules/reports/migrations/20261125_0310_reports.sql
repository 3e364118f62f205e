-- Reports (レポート) and dashboards (ダッシュボード): saved report definitions, dashboards and their widgets.

create table saved_reports (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  -- null for the reports the system makes for the default dashboards.
  owner_id uuid references users(id) on delete set null,
  name text not null,
  description text,
  object text not null,
  -- The definition (fields, filters, groups, pivot, measures) as the API takes it; checked on every run.
  definition jsonb not null,
  chart_type text not null default 'table',
  -- true: everyone in the tenant may run it and put it on a dashboard.
  shared boolean not null default false,
  system_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('saved_reports');
create index saved_reports_list_idx on saved_reports (tenant_id, owner_id, id);
create unique index saved_reports_system_key on saved_reports (tenant_id, system_key) where system_key is not null;

create table dashboards (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  owner_id uuid references users(id) on delete set null,
  name text not null,
  shared boolean not null default false,
  -- sales / customer / activity: the defaults made on a tenant's first read; null for users' own.
  system_key text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('dashboards');
create unique index dashboards_system_key on dashboards (tenant_id, system_key) where system_key is not null;
create index dashboards_list_idx on dashboards (tenant_id, position, id);

create table dashboard_widgets (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  dashboard_id uuid not null references dashboards(id) on delete cascade,
  report_id uuid not null references saved_reports(id) on delete cascade,
  type text not null check (type in ('kpi', 'bar', 'line', 'pie', 'funnel', 'table', 'leaderboard')),
  title text not null,
  -- kpi: which measure (index) to show; others may ignore it.
  options jsonb not null default '{}'::jsonb,
  position integer not null default 0,
  created_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('dashboard_widgets');
create index dashboard_widgets_dashboard_idx on dashboard_widgets (tenant_id, dashboard_id, position);
create index dashboard_widgets_report_idx on dashboard_widgets (tenant_id, report_id);
