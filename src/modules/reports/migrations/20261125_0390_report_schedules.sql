-- Scheduled delivery of saved reports by email (配信スケジュール). Each recipient gets the report
-- run as themselves; times are wall-clock hours in the schedule's own IANA zone.

create table report_schedules (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_id uuid not null references saved_reports(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  -- Members of the tenant, checked when the schedule is written and again at every delivery.
  recipient_user_ids uuid[] not null,
  cadence text not null check (cadence in ('daily', 'weekly', 'monthly')),
  -- 0 = Sunday … 6 = Saturday; weekly schedules only.
  weekday smallint check (weekday between 0 and 6),
  -- 1–28, so every month has the day; monthly schedules only.
  day_of_month smallint check (day_of_month between 1 and 28),
  hour smallint not null check (hour between 0 and 23),
  time_zone text not null default 'Asia/Tokyo',
  format text not null default 'csv' check (format in ('csv', 'pdf')),
  locale text not null default 'ja' check (locale in ('ja', 'en')),
  active boolean not null default true,
  next_run_at timestamptz not null,
  last_sent_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((cadence = 'weekly') = (weekday is not null)),
  check ((cadence = 'monthly') = (day_of_month is not null))
);
select daifuku_scope_to_tenant('report_schedules');
-- The recurring job looks for due rows across tenants.
create index report_schedules_due_idx on report_schedules (next_run_at) where active;
create index report_schedules_report_idx on report_schedules (tenant_id, report_id, id);
