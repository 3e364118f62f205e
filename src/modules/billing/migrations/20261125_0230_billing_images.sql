-- The company logo and seal (社印・角印) that admins upload and every PDF of a quote, order or
-- invoice prints. Small images (a size limit applies), so they live in the database with the tenant.

create table billing_images (
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('logo', 'seal')),
  content_type text not null check (content_type in ('image/png', 'image/jpeg')),
  content bytea not null,
  size integer not null,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, kind)
);
select daifuku_scope_to_tenant('billing_images');
