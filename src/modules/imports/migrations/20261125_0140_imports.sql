-- Imports (CSV / vCard): the uploaded file, what was detected in it, the chosen mapping and
-- options, progress of the background run and the per-row error report.
create table imports (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  object_type text not null,
  file_name text not null,
  format text not null check (format in ('csv', 'vcard')),
  encoding text not null,
  delimiter text not null,
  headers jsonb not null default '[]'::jsonb,
  preview jsonb not null default '[]'::jsonb,
  row_count integer not null default 0,
  content bytea not null,
  mapping jsonb not null default '[]'::jsonb,
  mapping_source text not null default 'guessed',
  duplicate_policy text not null default 'skip' check (duplicate_policy in ('skip', 'update', 'create')),
  status text not null default 'uploaded' check (status in ('uploaded', 'queued', 'running', 'done', 'failed')),
  rows_done integer not null default 0,
  created_count integer not null default 0,
  updated_count integer not null default 0,
  skipped_count integer not null default 0,
  error_count integer not null default 0,
  -- [{ row, column, field, reason, kind: 'error' | 'skipped' }]: every row that was not written.
  errors jsonb not null default '[]'::jsonb,
  dry_run jsonb,
  failure text,
  job_id uuid,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index imports_recent_idx on imports (tenant_id, object_type, id desc);
select daifuku_scope_to_tenant('imports');

-- The mapping last used for a layout (tenant + object + the set of column headers), so the
-- next file with the same columns arrives pre-mapped.
create table import_mappings (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  object_type text not null,
  header_signature text not null,
  mapping jsonb not null,
  updated_at timestamptz not null default now(),
  unique (tenant_id, object_type, header_signature)
);
select daifuku_scope_to_tenant('import_mappings');
