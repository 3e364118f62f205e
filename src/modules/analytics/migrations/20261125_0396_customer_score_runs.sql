-- When a tenant's scores were last computed. Rows of customer_scores are written only when their
-- figures change (decision 0030), so their own times cannot say when the job last ran.
create table customer_score_runs (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  computed_at timestamptz not null default now(),
  customers integer not null,
  buyers integer not null
);
select daifuku_scope_to_tenant('customer_score_runs');
