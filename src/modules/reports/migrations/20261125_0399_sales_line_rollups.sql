-- Daily totals of sales document lines, so a grouped report over millions of lines reads thousands of
-- rows instead (decision 0032). One row per tenant × issue day × document kind × status × tax category ×
-- product × owner × team: the dimensions a line report may group or filter by without the line itself.
--
-- Writers never update a shared total: triggers append signed changes to sales_line_rollup_deltas (no
-- row is locked, so two sales reps saving documents of the same day never wait on or deadlock each
-- other), and a recurring job folds the changes into sales_line_rollups. Reports read both, so they are
-- exact whether or not the fold has run.

create table sales_line_rollups (
  -- Deleting a tenant removes its totals; the deltas have no such key (a trigger may still write one
  -- while the tenant's rows are being deleted) and the fold drops those of tenants that are gone.
  tenant_id uuid not null references tenants(id) on delete cascade,
  issue_date date not null,
  kind text not null,
  status text not null,
  tax_category text not null,
  product_id uuid,
  owner_id uuid,
  team_id uuid,
  line_count bigint not null,
  quantity numeric not null,
  unit_price numeric not null,
  amount numeric not null
);
create unique index sales_line_rollups_key_idx on sales_line_rollups
  (tenant_id, issue_date, kind, status, tax_category, product_id, owner_id, team_id) nulls not distinct;
-- Rows whose lines all went away, for the fold to remove.
create index sales_line_rollups_empty_idx on sales_line_rollups (tenant_id) where line_count = 0;
select daifuku_scope_to_tenant('sales_line_rollups');

create table sales_line_rollup_deltas (
  tenant_id uuid not null,
  issue_date date not null,
  kind text not null,
  status text not null,
  tax_category text not null,
  product_id uuid,
  owner_id uuid,
  team_id uuid,
  line_count bigint not null,
  quantity numeric not null,
  unit_price numeric not null,
  amount numeric not null
);
create index sales_line_rollup_deltas_tenant_idx on sales_line_rollup_deltas (tenant_id);
select daifuku_scope_to_tenant('sales_line_rollup_deltas');

-- Lines inserted, deleted or changed: their totals under their document's day, kind, status and people.
-- A line deleted with its document (cascade) no longer finds the document here; the document's own
-- trigger below has taken its lines off already.
create or replace function daifuku_line_rollup_from_lines() returns trigger
  language plpgsql as
$$
begin
  if tg_op in ('DELETE', 'UPDATE') then
    insert into sales_line_rollup_deltas
    select d.tenant_id, d.issue_date, d.kind, d.status, o.tax_category, o.product_id, d.owner_id, d.team_id,
           -count(*), -sum(o.quantity), -sum(o.unit_price), -sum(o.amount)
    from old_lines o join sales_documents d on d.id = o.document_id
    group by 1, 2, 3, 4, 5, 6, 7, 8;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into sales_line_rollup_deltas
    select d.tenant_id, d.issue_date, d.kind, d.status, n.tax_category, n.product_id, d.owner_id, d.team_id,
           count(*), sum(n.quantity), sum(n.unit_price), sum(n.amount)
    from new_lines n join sales_documents d on d.id = n.document_id
    group by 1, 2, 3, 4, 5, 6, 7, 8;
  end if;
  return null;
end
$$;
-- Transition tables allow one event per trigger.
create trigger sales_line_rollup_inserted after insert on sales_document_lines
  referencing new table as new_lines for each statement execute function daifuku_line_rollup_from_lines();
create trigger sales_line_rollup_deleted after delete on sales_document_lines
  referencing old table as old_lines for each statement execute function daifuku_line_rollup_from_lines();
create trigger sales_line_rollup_updated after update on sales_document_lines
  referencing old table as old_lines new table as new_lines for each statement execute function daifuku_line_rollup_from_lines();

-- A document whose day, kind, status, owner or team changed moves its lines' totals to the new key.
create or replace function daifuku_line_rollup_from_documents() returns trigger
  language plpgsql as
$$
begin
  insert into sales_line_rollup_deltas
  select d.tenant_id, d.issue_date, d.kind, d.status, l.tax_category, l.product_id, d.owner_id, d.team_id,
         sum(d.sign) , sum(d.sign * l.quantity), sum(d.sign * l.unit_price), sum(d.sign * l.amount)
  from (
    select o.id, o.tenant_id, o.issue_date, o.kind, o.status, o.owner_id, o.team_id, -1 as sign
    from old_documents o join new_documents n on n.id = o.id
    where (o.issue_date, o.kind, o.status, o.owner_id, o.team_id) is distinct from (n.issue_date, n.kind, n.status, n.owner_id, n.team_id)
    union all
    select n.id, n.tenant_id, n.issue_date, n.kind, n.status, n.owner_id, n.team_id, 1
    from old_documents o join new_documents n on n.id = o.id
    where (o.issue_date, o.kind, o.status, o.owner_id, o.team_id) is distinct from (n.issue_date, n.kind, n.status, n.owner_id, n.team_id)
  ) d
  join sales_document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
  group by 1, 2, 3, 4, 5, 6, 7, 8;
  return null;
end
$$;
create trigger sales_line_rollup_documents_updated after update on sales_documents
  referencing old table as old_documents new table as new_documents for each statement execute function daifuku_line_rollup_from_documents();

-- A deleted document takes its lines off before the cascade deletes them.
create or replace function daifuku_line_rollup_document_deleted() returns trigger
  language plpgsql as
$$
begin
  insert into sales_line_rollup_deltas
  select old.tenant_id, old.issue_date, old.kind, old.status, l.tax_category, l.product_id, old.owner_id, old.team_id,
         -count(*), -sum(l.quantity), -sum(l.unit_price), -sum(l.amount)
  from sales_document_lines l where l.tenant_id = old.tenant_id and l.document_id = old.id
  group by 1, 2, 3, 4, 5, 6, 7, 8;
  return old;
end
$$;
create trigger sales_line_rollup_document_deleted before delete on sales_documents
  for each row execute function daifuku_line_rollup_document_deleted();

-- The lines already written.
insert into sales_line_rollups
select d.tenant_id, d.issue_date, d.kind, d.status, l.tax_category, l.product_id, d.owner_id, d.team_id,
       count(*), sum(l.quantity), sum(l.unit_price), sum(l.amount)
from sales_document_lines l join sales_documents d on d.id = l.document_id
group by 1, 2, 3, 4, 5, 6, 7, 8;
