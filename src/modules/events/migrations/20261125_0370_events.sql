-- Events (イベント・セミナー): seminars, webinars and meetings with a public registration page, capacity with a
-- waitlist, reminders, check-in and follow-up. Registrations are matched to contacts (or recorded as leads) so
-- attendance shows on the 360° timeline (docs/decisions/0026-events.md).
create table events (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  title text not null,
  kind text not null check (kind in ('seminar', 'webinar', 'meeting')),
  description text,
  venue text,
  online_url text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- IANA zone the event is held in: times are stored in UTC and shown in this zone on the public page and in emails.
  time_zone text not null default 'Asia/Tokyo',
  capacity integer check (capacity is null or capacity > 0),
  registration_opens_at timestamptz,
  registration_closes_at timestamptz,
  status text not null default 'draft' check (status in ('draft', 'published', 'cancelled', 'finished')),
  -- Unguessable address of the public page (/e/:key); the id never works there.
  public_key text not null unique,
  reminder_hours integer not null default 24 check (reminder_hours between 1 and 720),
  owner_id uuid references users(id) on delete set null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index events_list_idx on events (tenant_id, id desc);
create index events_starts_idx on events (tenant_id, starts_at desc, id desc);
-- The reminder job looks across tenants for published events starting soon.
create index events_reminder_idx on events (starts_at) where status = 'published';
select daifuku_scope_to_tenant('events');

create table event_registrations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  event_id uuid not null references events(id) on delete cascade,
  name text not null,
  name_kana text,
  company text,
  -- Normalised (trimmed, lower case): the duplicate check and contact matching compare it as is.
  email text not null,
  phone text,
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
  -- Short code printed in the confirmation email, typed at the reception desk.
  code text not null,
  cancel_token text not null unique,
  contact_id uuid references contacts(id) on delete set null,
  lead_id uuid references leads(id) on delete set null,
  checked_in_at timestamptz,
  checked_in_by uuid references users(id) on delete set null,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  reminder_sent_at timestamptz,
  follow_up_task_id uuid references activities(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live registration per email and event; a cancelled one does not block registering again.
create unique index event_registrations_email_idx on event_registrations (event_id, email) where status <> 'cancelled';
create unique index event_registrations_code_idx on event_registrations (event_id, code);
create index event_registrations_event_idx on event_registrations (tenant_id, event_id, id);
create index event_registrations_contact_idx on event_registrations (tenant_id, contact_id, id desc) where contact_id is not null;
create index event_registrations_reminder_idx on event_registrations (event_id) where status = 'confirmed' and reminder_sent_at is null;
select daifuku_scope_to_tenant('event_registrations');
