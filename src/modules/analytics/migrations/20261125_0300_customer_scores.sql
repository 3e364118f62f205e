-- RFM scores and segments per customer (account), recomputed in the background from orders
-- and invoices; thresholds per tenant.

create table rfm_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  -- 優良顧客: at least this many purchases, buying for at least loyal_min_tenure_days, last purchase recent.
  loyal_min_purchases integer not null default 5 check (loyal_min_purchases >= 2),
  loyal_min_tenure_days integer not null default 365 check (loyal_min_tenure_days >= 0),
  -- 休眠顧客: nothing bought for this many days.
  dormant_after_days integer not null default 365 check (dormant_after_days >= 1),
  updated_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('rfm_settings');

create table customer_scores (
  tenant_id uuid not null references tenants(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  purchases integer not null,
  monetary numeric(18, 2) not null,
  first_purchase_on date,
  last_purchase_on date,
  recency_days integer,
  -- Quintile scores 1–5 (5 = best) among customers with purchases; null for prospects.
  r_score smallint,
  f_score smallint,
  m_score smallint,
  segment text not null check (segment in ('loyal', 'repeat', 'one_time', 'dormant', 'prospect')),
  computed_at timestamptz not null default now(),
  primary key (tenant_id, account_id)
);
create index customer_scores_segment_idx on customer_scores (tenant_id, segment, monetary desc);
select daifuku_scope_to_tenant('customer_scores');
