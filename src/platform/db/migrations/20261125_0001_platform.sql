-- Platform tables: tenants, users, memberships, teams, roles, sessions, tokens,
-- invitations, password resets, login attempts, audit log, outbox events and jobs.

create extension if not exists pg_trgm;
create extension if not exists btree_gin;

-- Tenant isolation: every tenant-scoped request runs `SET LOCAL ROLE daifuku_app` with
-- `app.tenant_id` set; row-level security then hides every other tenant's rows. The
-- connecting (owning) role bypasses RLS and is used only by platform code that must
-- work across tenants (sign-in, the job runner, migrations).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'daifuku_app') then
    create role daifuku_app nologin;
  end if;
end
$$;
grant usage on schema public to daifuku_app;
do $$
begin
  execute format('grant daifuku_app to %I', current_user);
exception when others then
  null; -- superusers need no grant; a role without CREATEROLE gets a clear error at first use
end
$$;

create or replace function daifuku_current_tenant() returns uuid
  language sql stable as
$$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Called by every migration that creates a tenant-scoped table.
create or replace function daifuku_scope_to_tenant(tbl regclass) returns void
  language plpgsql as
$$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('drop policy if exists tenant_isolation on %s', tbl);
  execute format('create policy tenant_isolation on %s using (tenant_id = daifuku_current_tenant()) with check (tenant_id = daifuku_current_tenant())', tbl);
  execute format('grant select, insert, update, delete on %s to daifuku_app', tbl);
end
$$;

create table tenants (
  id uuid primary key,
  name text not null,
  slug text not null unique,
  default_locale text not null default 'ja',
  time_zone text not null default 'Asia/Tokyo',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Tenant-scoped code may read its own tenant row.
alter table tenants enable row level security;
create policy tenant_isolation on tenants using (id = daifuku_current_tenant());
grant select, update on tenants to daifuku_app;

create table users (
  id uuid primary key,
  email text not null,
  name text not null,
  password_hash text,
  locale text,
  time_zone text not null default 'Asia/Tokyo',
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  last_tenant_id uuid references tenants(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table roles (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  key text not null,
  name text not null,
  is_system boolean not null default false,
  permissions jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, key)
);
select daifuku_scope_to_tenant('roles');

create table teams (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  parent_id uuid references teams(id) on delete restrict,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, name)
);
create index teams_parent_idx on teams (tenant_id, parent_id);
select daifuku_scope_to_tenant('teams');

create table memberships (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role_id uuid not null references roles(id) on delete restrict,
  team_id uuid references teams(id) on delete set null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
create index memberships_team_idx on memberships (tenant_id, team_id);
select daifuku_scope_to_tenant('memberships');

-- Users are global (one person, several tenants). Tenant code sees only members of its tenant.
alter table users enable row level security;
create policy members_of_tenant on users using (
  exists (select 1 from memberships m where m.user_id = users.id and m.tenant_id = daifuku_current_tenant())
);
grant select (id, email, name, locale, time_zone, last_login_at, created_at, updated_at) on users to daifuku_app;
grant update (name, locale, time_zone, updated_at) on users to daifuku_app;
-- Admins create users from inside their tenant; the membership row follows in the same
-- transaction. (No RETURNING on that insert: the new row is not yet visible to the tenant.)
grant insert (id, email, name, password_hash, locale, time_zone) on users to daifuku_app;
create policy users_insert on users for insert with check (true);

create table invitations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  email text not null,
  role_id uuid not null references roles(id) on delete cascade,
  team_id uuid references teams(id) on delete set null,
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_tenant_idx on invitations (tenant_id, created_at desc);
select daifuku_scope_to_tenant('invitations');

create table sessions (
  id text primary key, -- sha256 of the cookie value; the raw value is never stored
  user_id uuid not null references users(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expiry_idx on sessions (expires_at);

create table api_tokens (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role_id uuid not null references roles(id) on delete cascade,
  name text not null,
  prefix text not null,
  token_hash text not null unique,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_tenant_idx on api_tokens (tenant_id, created_at desc);
select daifuku_scope_to_tenant('api_tokens');

create table password_resets (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table login_attempts (
  id uuid primary key,
  email text not null,
  ip text,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index login_attempts_ip_idx on login_attempts (ip, created_at desc);
create index login_attempts_email_idx on login_attempts (lower(email), created_at desc);

-- Audit trail. tenant_id is null only for sign-in failures that match no user.
create table audit_log (
  id uuid primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  actor_user_id uuid references users(id) on delete set null,
  actor_token_id uuid,
  object_type text not null,
  object_id uuid,
  action text not null,
  changes jsonb not null default '{}'::jsonb,
  request_id text,
  ip text,
  created_at timestamptz not null default now()
);
create index audit_log_tenant_idx on audit_log (tenant_id, id desc);
create index audit_log_object_idx on audit_log (tenant_id, object_type, object_id, id desc);
create index audit_log_actor_idx on audit_log (tenant_id, actor_user_id, id desc);
alter table audit_log enable row level security;
create policy tenant_isolation on audit_log using (tenant_id = daifuku_current_tenant()) with check (tenant_id = daifuku_current_tenant());
grant select, insert on audit_log to daifuku_app; -- append-only for tenant code

-- Outbox: domain events written in the same transaction as the change they describe.
create table outbox_events (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  type text not null,
  object_type text,
  object_id uuid,
  payload jsonb not null default '{}'::jsonb,
  actor_user_id uuid,
  request_id text,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished_idx on outbox_events (id) where published_at is null;
create index outbox_object_idx on outbox_events (tenant_id, object_type, object_id, id desc);
alter table outbox_events enable row level security;
create policy tenant_isolation on outbox_events using (tenant_id = daifuku_current_tenant()) with check (tenant_id = daifuku_current_tenant());
grant select, insert on outbox_events to daifuku_app;

-- Durable jobs, claimed with FOR UPDATE SKIP LOCKED by any number of workers.
create table jobs (
  id uuid primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  type text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  run_at timestamptz not null default now(),
  locked_at timestamptz,
  locked_by text,
  last_error text,
  unique_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due_idx on jobs (run_at) where status = 'pending';
create index jobs_running_idx on jobs (locked_at) where status = 'running';
create index jobs_tenant_idx on jobs (tenant_id, status, created_at desc);
create unique index jobs_unique_key on jobs (unique_key) where unique_key is not null and status in ('pending', 'running');
alter table jobs enable row level security;
create policy tenant_isolation on jobs using (tenant_id = daifuku_current_tenant()) with check (tenant_id = daifuku_current_tenant());
grant select, insert, update on jobs to daifuku_app;

create table recurring_jobs (
  name text primary key,
  type text not null,
  payload jsonb not null default '{}'::jsonb,
  interval_seconds integer not null check (interval_seconds > 0),
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  enabled boolean not null default true
);
