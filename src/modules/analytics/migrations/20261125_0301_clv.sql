-- Customer lifetime value (BG/NBD + Gamma-Gamma, docs/analytics-models.md): the fitted model per tenant
-- and each customer's probability of being alive, expected purchases and value over the horizon.

alter table customer_scores
  add column probability_alive double precision,
  add column expected_purchases double precision,
  add column expected_order_value numeric(18, 2),
  add column clv numeric(18, 2);
create index customer_scores_clv_idx on customer_scores (tenant_id, clv desc nulls last, account_id);

create table clv_models (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  -- BG/NBD (r, alpha, a, b) on weeks, and Gamma-Gamma (p, q, v) in the tenant's currency.
  bg_nbd jsonb not null,
  gamma_gamma jsonb,
  customers integer not null,
  -- Histories the model was fitted on (a deterministic sample when there are very many customers).
  fitted_on integer not null,
  converged boolean not null,
  horizon_months integer not null,
  monthly_discount_rate double precision not null,
  fitted_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('clv_models');
