-- 日報 (daily reports): each rep's report of a day, with managers' comments.
create table daily_reports (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_date date not null,
  -- The author; owner/team drive record visibility like every owned record.
  owner_id uuid not null references users(id) on delete cascade,
  team_id uuid references teams(id) on delete set null,
  summary text not null default '',
  plan text not null default '',
  issues text not null default '',
  status text not null default 'draft' check (status in ('draft', 'submitted')),
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, owner_id, report_date)
);
create index daily_reports_date_idx on daily_reports (tenant_id, report_date desc, id desc);
create index daily_reports_team_idx on daily_reports (tenant_id, team_id, report_date desc);
select daifuku_scope_to_tenant('daily_reports');

create table daily_report_comments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_id uuid not null references daily_reports(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  body text not null,
  created_at timestamptz not null default now()
);
create index daily_report_comments_report_idx on daily_report_comments (tenant_id, report_id, created_at);
select daifuku_scope_to_tenant('daily_report_comments');
