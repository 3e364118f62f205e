-- The search grams of a row may be stored with it (decision 0008, item 10). Computing daifuku_search_grams in
-- PL/pgSQL was ~80 µs of the ~290 µs a contact INSERT costs (PostgreSQL 15, 10,000 imported contacts: 2.8-3.7 s
-- with the function, 2.3-2.4 s with the grams sent along), and an import writes a million of them in one
-- transaction. Bulk writes now send the grams (searchTextGrams in TypeScript, the same set); any other writer
-- leaves search_grams null and the index computes them from search_text as before.
alter table contacts add column search_grams text[];
alter table accounts add column search_grams text[];

-- Stored grams follow the text they came from: an UPDATE that changes search_text without sending new grams
-- (a rename, a new company link, SQL) drops them, and the index computes the grams of the new text.
create or replace function daifuku_forget_search_grams() returns trigger
  language plpgsql as
$$
begin
  new.search_grams := null;
  return new;
end
$$;
create trigger contacts_search_grams_follow_text before update of search_text on contacts for each row
  when (new.search_text is distinct from old.search_text and new.search_grams is not distinct from old.search_grams)
  execute function daifuku_forget_search_grams();
create trigger accounts_search_grams_follow_text before update of search_text on accounts for each row
  when (new.search_text is distinct from old.search_text and new.search_grams is not distinct from old.search_grams)
  execute function daifuku_forget_search_grams();

drop index contacts_search_grams_idx;
create index contacts_search_grams_idx on contacts using gin ((coalesce(search_grams, daifuku_search_grams(search_text))));
drop index accounts_search_grams_idx;
create index accounts_search_grams_idx on accounts using gin ((coalesce(search_grams, daifuku_search_grams(search_text))));

-- Both lookups (the search box's, 0405, and the list filters', 0406) name the new index expression; nothing else
-- changes.
create or replace function daifuku_search_ids(tbl regclass, grams text[], needle text, max_rows integer,
                                              visibility text, viewer uuid, viewer_team uuid) returns setof uuid
  language plpgsql stable security definer rows 200
  set search_path = public, pg_temp as
$$
declare
  tenant uuid := daifuku_current_tenant();
  visible text;
  sampled uuid[];
  prefix_column text;
  prefix_after text;
begin
  if tbl not in ('accounts'::regclass, 'contacts'::regclass) then
    raise exception 'daifuku_search_ids: % has no search_text', tbl;
  end if;
  if tenant is null then
    return;
  end if;
  if visibility = 'all' then
    visible := 'true';
  elsif visibility = 'team' and viewer_team is not null then
    visible := '(owner_id = $4 or team_id in (select id from subtree) or owner_id in (select m.user_id from memberships m
                 where m.tenant_id = $7 and m.team_id in (select id from subtree)))';
  else
    visible := 'owner_id = $4';
  end if;
  if needle ~ '^[0-9]{3,}$' then
    prefix_column := case when tbl = 'contacts'::regclass then 'primary_phone_digits' else 'daifuku_phone_digits(phone)' end;
    -- The first digit string after every one that starts with the needle ('0319' → '032'); none for 999….
    prefix_after := rtrim(needle, '9');
    if prefix_after <> '' then
      prefix_after := left(prefix_after, -1) || chr(ascii(right(prefix_after, 1)) + 1);
    else
      prefix_after := null;
    end if;
  elsif length(needle) >= 3 and needle ~ '^[a-z0-9._%+@-]+$' and needle ~ '[a-z]' and needle ~ '[0-9@.]' then
    prefix_column := case when tbl = 'contacts'::regclass then 'primary_email' else 'daifuku_email_key(email)' end;
    -- Above every string that starts with the needle (U+10FFFF sorts last in the C collation's byte order).
    prefix_after := needle || chr(1114111);
  end if;
  if prefix_column is not null then
    execute format(
      'with recursive subtree as (
         select id from teams where id = $5 and tenant_id = $7
         union all
         select t.id from teams t join subtree s on t.parent_id = s.id
       )
       select array(select id from %s
                     where tenant_id = $7 and %s >= $2 and ($6 is null or %s < $6)
                       and strpos(search_text, $2) > 0 and %s
                     limit $3)',
      tbl, prefix_column, prefix_column, visible)
      into sampled using grams, needle, max_rows, viewer, viewer_team, prefix_after, tenant;
    if cardinality(sampled) >= least(max_rows, 20) then
      return query select unnest(sampled);
      return;
    end if;
  end if;
  execute format(
    'with recursive subtree as (
       select id from teams where id = $5 and tenant_id = $6
       union all
       select t.id from teams t join subtree s on t.parent_id = s.id
     )
     select array(select id from (select id, search_text, owner_id, team_id from %s
                                   where tenant_id = $6 limit 5000) sample
                   where strpos(search_text, $2) > 0 and %s limit $3)',
    tbl, visible) into sampled using grams, needle, max_rows, viewer, viewer_team, tenant;
  if cardinality(sampled) >= least(max_rows, 20) then
    return query select unnest(sampled);
    return;
  end if;
  return query execute format(
    'with recursive subtree as (
       select id from teams where id = $5 and tenant_id = $6
       union all
       select t.id from teams t join subtree s on t.parent_id = s.id
     )
     select id from %s
      where tenant_id = $6 and coalesce(search_grams, daifuku_search_grams(search_text)) @> $1 and strpos(search_text, $2) > 0
        and %s
      limit $3',
    tbl, visible) using grams, needle, max_rows, viewer, viewer_team, tenant;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) from public;
grant execute on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) to daifuku_app;

create or replace function daifuku_search_ids(tbl regclass, grams text[], needle text) returns setof uuid
  language plpgsql stable security definer rows 200
  set search_path = public, pg_temp as
$$
declare
  tenant uuid := daifuku_current_tenant();
begin
  if tbl not in ('accounts'::regclass, 'contacts'::regclass) then
    raise exception 'daifuku_search_ids: % has no search_text', tbl;
  end if;
  if tenant is null then
    return;
  end if;
  return query execute format(
    'select id from %s where tenant_id = $3 and coalesce(search_grams, daifuku_search_grams(search_text)) @> $1 and strpos(search_text, $2) > 0',
    tbl) using grams, needle, tenant;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text) from public;
grant execute on function daifuku_search_ids(regclass, text[], text) to daifuku_app;
