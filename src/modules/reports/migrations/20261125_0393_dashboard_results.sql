-- Computed dashboard data kept per viewer (「○時○分時点」): a board opened again within its
-- freshness window is read from here instead of re-running every widget's report over the
-- whole history. The key covers everything the result depends on (the viewer's role and team,
-- each widget's report definition, the board's filters), so an edit never serves old shapes.
create table dashboard_results (
  tenant_id uuid not null references tenants(id) on delete cascade,
  dashboard_id uuid not null references dashboards(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  cache_key text not null,
  data jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, dashboard_id, user_id, cache_key)
);
select daifuku_scope_to_tenant('dashboard_results');
