-- Predictive models (docs/decisions/0024-predictive-models.md): churn model and per-account risk,
-- cohort retention, market-basket rules, and the background runs that refresh them with progress.

create table churn_models (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  -- Feature names, their means and standard deviations (standardisation), and the logistic weights
  -- (intercept first) as fitted on the training split.
  features jsonb not null,
  weights jsonb not null,
  auc double precision,
  train_size integer not null,
  test_size integer not null,
  churn_rate double precision not null,
  cutoff_date date not null,
  window_days integer not null,
  trained_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('churn_models');

create table churn_scores (
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  -- Probability of no purchase within the model's window from today.
  risk double precision not null,
  -- The largest contributions to the risk: [{ feature, value, contribution }], biggest first.
  reasons jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, account_id)
);
create index churn_scores_risk_idx on churn_scores (tenant_id, risk desc);
select daifuku_scope_to_tenant('churn_scores');

-- Retention by acquisition month: of the customers whose first purchase fell in cohort_month,
-- how many bought again in the month months_after later (0 = the acquisition month itself).
create table cohort_retention (
  tenant_id uuid not null references tenants(id) on delete cascade,
  cohort_month date not null,
  months_after integer not null check (months_after >= 0),
  customers integer not null,
  active integer not null,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, cohort_month, months_after)
);
select daifuku_scope_to_tenant('cohort_retention');

-- Product associations from order lines: rule "antecedent → consequent" (both directions stored).
create table basket_rules (
  tenant_id uuid not null references tenants(id) on delete cascade,
  antecedent_id uuid not null references products(id) on delete cascade,
  consequent_id uuid not null references products(id) on delete cascade,
  pair_count integer not null,
  transactions integer not null,
  support double precision not null,
  confidence double precision not null,
  lift double precision not null,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, antecedent_id, consequent_id)
);
create index basket_rules_lift_idx on basket_rules (tenant_id, lift desc, confidence desc);
select daifuku_scope_to_tenant('basket_rules');

create table analytics_runs (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
  step text not null,
  percent integer not null default 0 check (percent between 0 and 100),
  error text,
  requested_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index analytics_runs_tenant_idx on analytics_runs (tenant_id, id desc);
select daifuku_scope_to_tenant('analytics_runs');
