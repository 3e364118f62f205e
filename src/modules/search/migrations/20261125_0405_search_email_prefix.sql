-- Two changes to the search box's candidate lookup (decision 0008, items 6–9):
-- 1. The tenant is read once and passed to each statement as a value. `tenant_id = daifuku_current_tenant()` in a
--    sequential scan calls current_setting() for every row: ~1–3 ms of the 5,000-row sample per table and query.
-- 2. Typed e-mail addresses start from the e-mail B-tree indexes, as typed phone numbers do (0404): a query of Latin
--    letters with a digit, '@' or '.' (user123, taro@daifu, info@acme.co) first reads the rows whose (primary)
--    e-mail starts with it; 20 or more are the candidates. At 1,000,000 contacts `user123` had been the slowest
--    query left (~24 ms intersecting the posting lists of six common bigrams); names are untouched, since a
--    query that could be a name (letters only, or any Japanese) never takes this path.
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
      where tenant_id = $6 and daifuku_search_grams(search_text) @> $1 and strpos(search_text, $2) > 0
        and %s
      limit $3',
    tbl, visible) using grams, needle, max_rows, viewer, viewer_team, tenant;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) from public;
grant execute on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) to daifuku_app;
