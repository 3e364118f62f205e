-- Incentives (インセンティブ): commission plans and which rep follows which plan over which period.
-- Statements are computed from won deals / paid invoices when read, so they never go stale.
create table commission_plans (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  description text,
  basis text not null default 'won_deals' check (basis in ('won_deals', 'paid_invoices', 'both')),
  method text not null default 'flat' check (method in ('flat', 'tiered')),
  -- Percent (5 = 5%) for flat plans.
  rate numeric(7, 4) not null default 0,
  tier_mode text not null default 'marginal' check (tier_mode in ('marginal', 'whole')),
  -- [{ "upTo": 1000000 | null, "rate": 5 }] ascending; the last open-ended.
  tiers jsonb not null default '[]',
  -- [{ "productId": "...", "rate": 12 }]: invoice lines of these products earn this rate instead.
  product_rates jsonb not null default '[]',
  currency text not null default 'JPY',
  is_active boolean not null default true,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index commission_plans_list_idx on commission_plans (tenant_id, name);
select daifuku_scope_to_tenant('commission_plans');

create table commission_assignments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  plan_id uuid not null references commission_plans(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  period_start date not null,
  period_end date not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  check (period_start <= period_end)
);
create unique index commission_assignments_unique_idx on commission_assignments (plan_id, user_id, period_start);
create index commission_assignments_user_idx on commission_assignments (tenant_id, user_id, period_start desc);
select daifuku_scope_to_tenant('commission_assignments');
