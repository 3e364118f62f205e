-- Recount the sales line totals (decision 0032) from the lines themselves, across tenants: for bulk loads that
-- set the triggers aside (the benchmark loader), and for an operator who doubts the totals. The lock makes
-- writers wait for the recount rather than slip a change past it.
create or replace function daifuku_rebuild_sales_line_rollups() returns void
  language plpgsql as
$$
begin
  lock table sales_documents, sales_document_lines in share mode;
  truncate sales_line_rollup_deltas, sales_line_rollups;
  insert into sales_line_rollups
  select d.tenant_id, d.issue_date, d.kind, d.status, l.tax_category, l.product_id, d.owner_id, d.team_id,
         count(*), sum(l.quantity), sum(l.unit_price), sum(l.amount)
  from sales_document_lines l join sales_documents d on d.id = l.document_id
  group by 1, 2, 3, 4, 5, 6, 7, 8;
end
$$;
