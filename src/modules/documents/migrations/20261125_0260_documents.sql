-- Documents (資料): files attached to a record (account, contact, deal, sales document, activity).
-- The bytes live in a FileStore (local disk by default); these rows say what and where.
create table documents (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  -- No foreign key: the parent lives in another module's table; the service checks it exists
  -- and is visible to the caller through that module.
  record_type text not null check (record_type in ('account', 'contact', 'deal', 'sales_document', 'activity')),
  record_id uuid not null,
  name text not null,
  description text,
  category text not null default 'other'
    check (category in ('brochure', 'price_list', 'spec_sheet', 'template', 'contract', 'other')),
  current_version_id uuid,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index documents_record_idx on documents (tenant_id, record_type, record_id, id desc);
select daifuku_scope_to_tenant('documents');

create table document_versions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null references documents(id) on delete cascade,
  version integer not null,
  file_name text not null,
  size_bytes bigint not null,
  content_type text not null,
  sha256 text not null,
  -- "<tenant id>/<document id>/<version id>": the tenant prefix is checked before serving.
  storage_key text not null,
  uploaded_by uuid references users(id) on delete set null,
  uploaded_at timestamptz not null default now(),
  unique (document_id, version)
);
create index document_versions_document_idx on document_versions (tenant_id, document_id, version desc);
select daifuku_scope_to_tenant('document_versions');
