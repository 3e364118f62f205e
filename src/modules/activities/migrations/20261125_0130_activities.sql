-- Activities (活動履歴): tasks, calls, meetings, notes and logged emails, one table with a kind.
-- Kind-specific columns are null for other kinds. contact_id gets its foreign key in a later
-- migration once the contacts table exists.
create table activities (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('task', 'call', 'meeting', 'note', 'email')),
  subject text not null,
  body text,
  owner_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  account_id uuid references accounts(id) on delete set null,
  contact_id uuid,
  related_type text,
  related_id uuid,
  -- task
  due_at timestamptz,
  remind_at timestamptz,
  reminded_at timestamptz,
  assignee_id uuid references users(id) on delete set null,
  priority text check (priority in ('low', 'normal', 'high')),
  status text check (status in ('open', 'done', 'cancelled')),
  completed_at timestamptz,
  -- call
  direction text check (direction in ('inbound', 'outbound')),
  outcome text,
  duration_seconds integer check (duration_seconds >= 0),
  -- meeting
  starts_at timestamptz,
  ends_at timestamptz,
  all_day boolean not null default false,
  place text,
  -- email
  email_from text,
  email_to text,
  sent_at timestamptz,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at is null or starts_at is null or ends_at >= starts_at)
);
create index activities_account_idx on activities (tenant_id, account_id, id desc);
create index activities_contact_idx on activities (tenant_id, contact_id, id desc);
create index activities_related_idx on activities (tenant_id, related_type, related_id, id desc);
create index activities_owner_idx on activities (tenant_id, owner_id, id desc);
create index activities_open_tasks_idx on activities (tenant_id, assignee_id, due_at) where kind = 'task' and status = 'open';
create index activities_meetings_idx on activities (tenant_id, starts_at) where kind = 'meeting';
select daifuku_scope_to_tenant('activities');

-- Meeting attendees: colleagues (user_id) or customers' people (contact_id), one of the two.
create table activity_attendees (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  activity_id uuid not null references activities(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  contact_id uuid,
  check ((user_id is null) <> (contact_id is null))
);
create unique index activity_attendees_user_idx on activity_attendees (activity_id, user_id) where user_id is not null;
create unique index activity_attendees_contact_idx on activity_attendees (activity_id, contact_id) where contact_id is not null;
create index activity_attendees_user_lookup_idx on activity_attendees (tenant_id, user_id);
select daifuku_scope_to_tenant('activity_attendees');

-- Secret per-user iCalendar feed URLs: only a SHA-256 of the token is kept.
create table calendar_feed_tokens (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, user_id)
);
select daifuku_scope_to_tenant('calendar_feed_tokens');
