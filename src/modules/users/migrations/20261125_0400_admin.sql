-- Administration: what tenant-scoped admin code needs beyond the platform tables.

-- Disabling a member signs them out of this tenant: tenant code may see and delete the
-- sessions of its own tenant (sign-in code runs as the owner and is unaffected by RLS).
alter table sessions enable row level security;
drop policy if exists tenant_isolation on sessions;
create policy tenant_isolation on sessions using (tenant_id = daifuku_current_tenant());
grant select, delete on sessions to daifuku_app;

-- Adding an existing person to a tenant needs their user id, but users outside the tenant
-- are invisible to tenant code. This answers exactly one question (the id for an email)
-- and nothing else about the person.
create or replace function daifuku_user_id_by_email(p_email text) returns uuid
  language sql stable security definer set search_path = public as
$$ select id from users where lower(email) = lower(p_email) $$;
revoke all on function daifuku_user_id_by_email(text) from public;
grant execute on function daifuku_user_id_by_email(text) to daifuku_app;

-- Audit filters by action and the members list by team stay index-backed.
create index if not exists audit_log_action_idx on audit_log (tenant_id, action, id desc);
