-- In-app notifications (お知らせ): one row per user and event; read_at null = unread.
create table notifications (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  kind text not null,
  title text not null,
  body text,
  link text,
  object_type text,
  object_id uuid,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_idx on notifications (tenant_id, user_id, id desc);
create index notifications_unread_idx on notifications (tenant_id, user_id) where read_at is null;
select daifuku_scope_to_tenant('notifications');
