-- Recount the board totals (decision 0033) from the deals themselves, across tenants: for bulk loads that set
-- the triggers aside (the benchmark loader), and for an operator who doubts the totals.
create or replace function daifuku_rebuild_deal_board_totals() returns void
  language plpgsql as
$$
begin
  lock table deals in share mode;
  truncate deal_board_total_deltas, deal_board_totals;
  insert into deal_board_totals
  select tenant_id, pipeline_id, daifuku_deal_board_day(status, closed_at), stage_id, status, currency,
         count(*), count(amount), coalesce(sum(amount), 0)
  from deals
  group by 1, 2, 3, 4, 5, 6;
end
$$;
