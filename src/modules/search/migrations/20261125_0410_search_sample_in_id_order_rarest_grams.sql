-- Two changes to the search box's lookup (decision 0008, items 12 and 13); the function is otherwise as in 0409.
--
-- The 5,000-row sample is read in id order (item 12). A sequential scan of a table larger than a quarter of
-- shared_buffers reads through a small ring of buffers, so on the embedded database (64 MB of buffers; 100,000
-- contacts are ~65 MB) every sample read its ~400 pages again through the file layer. An index scan keeps them cached.
-- The ids are time-ordered, so the sample is still the tenant's oldest rows; the planner may instead take the tenant's
-- rows from a tenant-first index and sort them, when a tenant has few rows in a shared table.
--
-- The gram index is looked up with the query's three rarest grams only (item 13). GIN reads the posting list of every
-- gram it is given, and a typed e-mail or phone number holds grams nearly every row has ('us', 'se', 'er' of user1234
-- are in every generated e-mail; any two digits are in ~12 % of contacts): 'user1234' over 100,000 contacts took
-- ~11 ms on the embedded database with all seven grams, ~4 ms with the three rarest. Any subset of the grams is
-- correct, since strpos confirms every row. Without copied statistics every gram is used.

-- The `how_many` rarest of `grams` in `tbl` by the copied statistics (a gram they did not keep counts as rarest), or
-- null when the table's statistics were never copied.
create or replace function daifuku_rarest_search_grams(tbl regclass, grams text[], how_many integer) returns text[]
  language sql stable security definer
  set search_path = public, pg_temp as
$$
  select (array_agg(g.gram order by coalesce(s.share, 0), g.gram))[1:how_many]
    from unnest(grams) as g(gram)
    join search_gram_shares kept on kept.table_name = tbl::text and kept.gram = ''
    left join search_gram_shares s on s.table_name = tbl::text and s.gram = g.gram
$$;
revoke all on function daifuku_rarest_search_grams(regclass, text[], integer) from public;
grant execute on function daifuku_rarest_search_grams(regclass, text[], integer) to daifuku_app;

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
  rarest real;
  index_grams text[];
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
  -- The share of rows holding the query's rarest gram: 0 for a gram the statistics did not keep (below ~0.5 % of rows
  -- at the default statistics target, so its posting list is about as cheap to read as the sample). Null when the
  -- table's statistics were never copied: nothing is known, and the sample runs first.
  select min(coalesce(s.share, 0)) into rarest
    from unnest(grams) as g(gram)
    join search_gram_shares kept on kept.table_name = tbl::text and kept.gram = ''
    left join search_gram_shares s on s.table_name = tbl::text and s.gram = g.gram;
  if rarest is null or rarest * 5000 >= least(max_rows, 20) then
    execute format(
      'with recursive subtree as (
         select id from teams where id = $5 and tenant_id = $6
         union all
         select t.id from teams t join subtree s on t.parent_id = s.id
       )
       select array(select id from (select id, search_text, owner_id, team_id from %s
                                     where tenant_id = $6 order by id limit 5000) sample
                     where strpos(search_text, $2) > 0 and %s limit $3)',
      tbl, visible) into sampled using grams, needle, max_rows, viewer, viewer_team, tenant;
    if cardinality(sampled) >= least(max_rows, 20) then
      return query select unnest(sampled);
      return;
    end if;
  end if;
  index_grams := coalesce(daifuku_rarest_search_grams(tbl, grams, 3), grams);
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
    tbl, visible) using index_grams, needle, max_rows, viewer, viewer_team, tenant;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) from public;
grant execute on function daifuku_search_ids(regclass, text[], text, integer, text, uuid, uuid) to daifuku_app;
