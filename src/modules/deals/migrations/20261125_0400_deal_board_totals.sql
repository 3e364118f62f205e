-- Column totals of the kanban board kept per day, so a board over a million deals adds up a few hundred
-- rows instead of every open deal and every deal closed in the won/lost window (decision 0033).
-- One row per tenant × pipeline × closed day (UTC; none for open deals) × stage × status × currency:
-- how many deals, how many of them have an amount, and the sum of those amounts.
--
-- As with the sales line totals (decision 0032), writers never update a shared total: a trigger appends
-- signed changes to deal_board_total_deltas and a recurring job folds them into deal_board_totals. The
-- board reads both, so its counts are exact whether or not the fold has run.

create table deal_board_totals (
  tenant_id uuid not null references tenants(id) on delete cascade,
  pipeline_id uuid not null,
  closed_day date,
  stage_id uuid not null,
  status text not null,
  currency char(3) not null,
  deal_count bigint not null,
  amount_count bigint not null,
  amount numeric not null
);
-- Open columns read closed_day is null, won/lost columns a range of days: both lead with the day.
create unique index deal_board_totals_key_idx on deal_board_totals
  (tenant_id, pipeline_id, closed_day, stage_id, status, currency) nulls not distinct;
create index deal_board_totals_empty_idx on deal_board_totals (tenant_id) where deal_count = 0;
select daifuku_scope_to_tenant('deal_board_totals');

-- No tenant key: a trigger may still write here while a tenant's deals are being deleted; the fold
-- drops the changes of tenants that are gone.
create table deal_board_total_deltas (
  tenant_id uuid not null,
  pipeline_id uuid not null,
  closed_day date,
  stage_id uuid not null,
  status text not null,
  currency char(3) not null,
  deal_count bigint not null,
  amount_count bigint not null,
  amount numeric not null
);
create index deal_board_total_deltas_key_idx on deal_board_total_deltas (tenant_id, pipeline_id, closed_day);
select daifuku_scope_to_tenant('deal_board_total_deltas');

-- The day a closed deal counts under; open deals count under none, whatever their closed_at says.
create or replace function daifuku_deal_board_day(status text, closed_at timestamptz) returns date
  language sql immutable as
$$ select case when status = 'open' then null else (closed_at at time zone 'UTC')::date end $$;

-- Deals inserted count in, deleted count out; an update moves a deal only when its key or amount changed
-- (a card dragged within its column or a note edited writes nothing). A user or team deleted sets
-- owner_id/team_id to null through an update, which changes no key here.
create or replace function daifuku_deal_board_totals_changed() returns trigger
  language plpgsql as
$$
begin
  if tg_op = 'INSERT' then
    insert into deal_board_total_deltas
    select n.tenant_id, n.pipeline_id, daifuku_deal_board_day(n.status, n.closed_at), n.stage_id, n.status, n.currency,
           count(*), count(n.amount), coalesce(sum(n.amount), 0)
    from new_deals n
    group by 1, 2, 3, 4, 5, 6;
  elsif tg_op = 'DELETE' then
    insert into deal_board_total_deltas
    select o.tenant_id, o.pipeline_id, daifuku_deal_board_day(o.status, o.closed_at), o.stage_id, o.status, o.currency,
           -count(*), -count(o.amount), -coalesce(sum(o.amount), 0)
    from old_deals o
    group by 1, 2, 3, 4, 5, 6;
  else
    insert into deal_board_total_deltas
    select c.tenant_id, c.pipeline_id, c.closed_day, c.stage_id, c.status, c.currency,
           sum(c.sign), sum(case when c.amount is null then 0 else c.sign end), coalesce(sum(c.sign * c.amount), 0)
    from (
      select o.tenant_id, o.pipeline_id, daifuku_deal_board_day(o.status, o.closed_at) as closed_day, o.stage_id, o.status, o.currency, o.amount, -1 as sign
      from old_deals o join new_deals n on n.id = o.id
      where (o.pipeline_id, daifuku_deal_board_day(o.status, o.closed_at), o.stage_id, o.status, o.currency, o.amount)
            is distinct from (n.pipeline_id, daifuku_deal_board_day(n.status, n.closed_at), n.stage_id, n.status, n.currency, n.amount)
      union all
      select n.tenant_id, n.pipeline_id, daifuku_deal_board_day(n.status, n.closed_at), n.stage_id, n.status, n.currency, n.amount, 1
      from old_deals o join new_deals n on n.id = o.id
      where (o.pipeline_id, daifuku_deal_board_day(o.status, o.closed_at), o.stage_id, o.status, o.currency, o.amount)
            is distinct from (n.pipeline_id, daifuku_deal_board_day(n.status, n.closed_at), n.stage_id, n.status, n.currency, n.amount)
    ) c
    group by 1, 2, 3, 4, 5, 6
    -- A deal moved out of and back into the same key within one statement cancels out.
    having sum(c.sign) <> 0 or sum(case when c.amount is null then 0 else c.sign end) <> 0 or coalesce(sum(c.sign * c.amount), 0) <> 0;
  end if;
  return null;
end
$$;
-- Transition tables allow one event per trigger.
create trigger deal_board_totals_inserted after insert on deals
  referencing new table as new_deals for each statement execute function daifuku_deal_board_totals_changed();
create trigger deal_board_totals_deleted after delete on deals
  referencing old table as old_deals for each statement execute function daifuku_deal_board_totals_changed();
create trigger deal_board_totals_updated after update on deals
  referencing old table as old_deals new table as new_deals for each statement execute function daifuku_deal_board_totals_changed();

-- The deals already written.
insert into deal_board_totals
select tenant_id, pipeline_id, daifuku_deal_board_day(status, closed_at), stage_id, status, currency,
       count(*), count(amount), coalesce(sum(amount), 0)
from deals
group by 1, 2, 3, 4, 5, 6;
