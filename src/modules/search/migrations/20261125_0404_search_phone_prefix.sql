-- Typed phone numbers (03-123…, 090…) were the search box's slowest queries at 1,000,000 contacts: their digit
-- bigrams (03, 31, 12, 23) are in most rows, so the gram index read and intersected four long posting lists
-- (45–60 ms). A query of three or more digits now first reads the rows whose (primary) phone starts with them
-- from the phone-digit B-tree indexes; when that gives enough candidates (the same 20 as the sample step) they
-- are the answer (each still checked against search_text). Fewer fall through to
-- the sample and the gram index as before.
create or replace function daifuku_search_ids(tbl regclass, grams text[], needle text, max_rows integer,
                                              visibility text, viewer uuid, viewer_team uuid) returns setof uuid
  language plpgsql stable security definer rows 200
  set search_path = public, pg_temp as
$$
declare
  visible text;
  sampled uuid[];
  phone_digits text;
  digits_after text;
begin
  if tbl not in ('accounts'::regclass, 'contacts'::regclass) then
    raise exception 'daifuku_search_ids: % has no search_text', tbl;
  end if;
  if daifuku_current_tenant() is null then
    return;
  end if;
  if visibility = 'all' then
    visible := 'true';
  elsif visibility = 'team' and viewer_team is not null then
    visible := '(owner_id = $4 or team_id in (select id from subtree) or owner_id in (select m.user_id from memberships m
                 where m.tenant_id = daifuku_current_tenant() and m.team_id in (select id from subtree)))';
  else
    visible := 'owner_id = $4';
  end if;
  if needle ~ '^[0-9]{3,}$' then
    -- The first digit string after every one that starts with the needle ('0319' → '032'); none for 999….
    digits_after := rtrim(needle, '9');
    if digits_after <> '' then
      digits_after := left(digits_after, -1) || chr(ascii(right(digits_after, 1)) + 1);
    else
      digits_after := null;
    end if;
    phone_digits := case when tbl = 'contacts'::regclass then 'primary_phone_digits' else 'daifuku_phone_digits(phone)' end;
    execute format(
      'with recursive subtree as (
         select id from teams where id = $5 and tenant_id = daifuku_current_tenant()
         union all
         select t.id from teams t join subtree s on t.parent_id = s.id
       )
       select array(select id from %s
                     where tenant_id = daifuku_current_tenant() and %s >= $2 and ($6 is null or %s < $6)
                       and strpos(search_text, $2) > 0 and %s
                     limit $3)',
      tbl, phone_digits, phone_digits, visible) into sampled using grams, needle, max_rows, viewer, viewer_team, digits_after;
    if cardinality(sampled) >= least(max_rows, 20) then
      return query select unnest(sampled);
      return;
    end if;
  end if;
  execute format(
    'with recursive subtree as (
       select id from teams where id = $5 and tenant_id = daifuku_current_tenant()
       union all
       select t.id from teams t join subtree s on t.parent_id = s.id
     )
     select array(select id from (select id, search_text, owner_id, team_id from %s
                                   where tenant_id = daifuku_current_tenant() limit 5000) sample
                   where strpos(search_text, $2) > 0 and %s limit $3)',
    tbl, visible) into sampled using grams, needle, max_rows, viewer, viewer_team;
  if cardinality(sampled) >= least(max_rows, 20) then
    return query select unnest(sampled);
    return;
  end if;
  return query execute format(
    'with recursive subtree as (
       select id from teams where id = $5 and tenant_id = daifuku_current_tenant()
       union all
       select t.id from teams t join subtree s on t.parent_id = s.id
     )
     select id from %s
      where tenant_id = daifuku_current_tenant() and daifuku_search_grams(search_text) @> $1 and strpos(search_text, $2) > 0
        and %s
      limit $3',
    tbl, visible) using grams, needle, max_rows, viewer, viewer_team;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) from public;
grant execute on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) to daifuku_app;
