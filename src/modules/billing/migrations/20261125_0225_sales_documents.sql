-- Sales documents: quotes (見積書), orders (受注) and qualified invoices (適格請求書), with their
-- lines, payments, gapless per-tenant numbering and the issuer settings printed on invoices.

create table billing_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  legal_name text,
  -- 適格請求書発行事業者登録番号: T + 13 digits, check digit verified by the service.
  registration_number text check (registration_number is null or registration_number ~ '^T[0-9]{13}$'),
  address text,
  phone text,
  bank_account text,
  -- How consumption tax is rounded, once per rate per invoice.
  rounding_mode text not null default 'floor' check (rounding_mode in ('floor', 'round', 'ceil')),
  updated_at timestamptz not null default now()
);
select daifuku_scope_to_tenant('billing_settings');

-- One row per (tenant, kind, year): the creating transaction increments it with
-- INSERT … ON CONFLICT DO UPDATE … RETURNING, so the row lock serialises concurrent creates and a
-- rollback gives the number back (no gaps, no duplicates).
create table document_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('quote', 'order', 'invoice')),
  year integer not null,
  last_number integer not null,
  primary key (tenant_id, kind, year)
);
select daifuku_scope_to_tenant('document_counters');

create table sales_documents (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('quote', 'order', 'invoice')),
  number text not null,
  status text not null,
  account_id uuid not null references accounts(id) on delete restrict,
  recipient_name text not null,
  deal_id uuid references deals(id) on delete set null,
  contact_id uuid references contacts(id) on delete set null,
  -- The quote an order came from, or the order (or quote) an invoice came from.
  source_document_id uuid references sales_documents(id) on delete set null,
  issue_date date not null,
  valid_until date,
  due_date date,
  -- 取引年月日 on a qualified invoice; defaults to the issue date.
  transaction_date date,
  currency char(3) not null default 'JPY',
  price_list_id uuid references price_lists(id) on delete set null,
  notes text,
  -- Totals as computed by computeDocumentTotals when the lines were last saved.
  subtotal numeric(18, 2) not null default 0,
  tax_total numeric(18, 2) not null default 0,
  total numeric(18, 2) not null default 0,
  paid_amount numeric(18, 2) not null default 0,
  rounding_mode text not null default 'floor' check (rounding_mode in ('floor', 'round', 'ceil')),
  -- Issuer as printed on the invoice, copied from billing_settings when the invoice is made.
  issuer_name text,
  issuer_registration_number text,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (
    (kind = 'quote' and status in ('draft', 'sent', 'accepted', 'rejected', 'expired')) or
    (kind = 'order' and status in ('open', 'fulfilled', 'cancelled')) or
    (kind = 'invoice' and status in ('draft', 'issued', 'paid', 'partially_paid', 'void'))
  ),
  check (paid_amount >= 0 and paid_amount <= total)
);
create unique index sales_documents_number_idx on sales_documents (tenant_id, kind, number);
-- A document converts at most once into each later kind.
create unique index sales_documents_source_idx on sales_documents (source_document_id, kind) where source_document_id is not null;
create index sales_documents_kind_idx on sales_documents (tenant_id, kind, id);
create index sales_documents_account_idx on sales_documents (tenant_id, account_id, id);
create index sales_documents_deal_idx on sales_documents (tenant_id, deal_id);
create index sales_documents_issue_idx on sales_documents (tenant_id, kind, issue_date);
select daifuku_scope_to_tenant('sales_documents');

create table sales_document_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null references sales_documents(id) on delete cascade,
  position integer not null,
  product_id uuid references products(id) on delete set null,
  description text not null,
  quantity numeric(18, 3) not null,
  unit text,
  unit_price numeric(18, 2) not null,
  discount numeric(18, 2) not null default 0,
  tax_category text not null check (tax_category in ('standard', 'reduced', 'exempt')),
  amount numeric(18, 2) not null
);
create index sales_document_lines_document_idx on sales_document_lines (tenant_id, document_id, position);
select daifuku_scope_to_tenant('sales_document_lines');

create table invoice_payments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null references sales_documents(id) on delete cascade,
  paid_on date not null,
  amount numeric(18, 2) not null check (amount > 0),
  method text not null default 'bank_transfer',
  note text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index invoice_payments_document_idx on invoice_payments (tenant_id, document_id, paid_on);
select daifuku_scope_to_tenant('invoice_payments');
