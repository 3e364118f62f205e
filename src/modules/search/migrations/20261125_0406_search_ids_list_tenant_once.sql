-- The uncapped lookup behind list filters (`?q=` on the account and contact lists, 0112) reads the tenant once and
-- passes it as a value, as the search box's lookup does since 0405: `tenant_id = daifuku_current_tenant()` is
-- rechecked on every candidate row of the bitmap scan, and a common word has tens of thousands of them.
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
    'select id from %s where tenant_id = $3 and daifuku_search_grams(search_text) @> $1 and strpos(search_text, $2) > 0',
    tbl) using grams, needle, tenant;
end
$$;
revoke all on function daifuku_search_ids(regclass, text[], text) from public;
grant execute on function daifuku_search_ids(regclass, text[], text) to daifuku_app;
