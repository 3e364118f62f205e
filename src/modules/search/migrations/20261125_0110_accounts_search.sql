-- Japanese-aware search for accounts (issue 3, item 5). Why it is built this way: docs/decisions/0008-japanese-search.md.
--
-- accounts.search_text is written by the accounts service with buildSearchText (src/platform/japanese). The SQL
-- functions below mirror those rules so that this migration can backfill existing rows and so that rows written by
-- raw SQL (bench data, bulk loads) still become searchable; src/modules/search/sql-fold.test.ts keeps both in step.
--
-- Index: pg_trgm cannot serve Japanese on a database whose LC_CTYPE is C (show_trgm('田中太郎') is empty there) and
-- never serves 1–2 character queries, so search uses one GIN index over the unigrams and bigrams of search_text.

-- foldForSearch: NFKC, lower case, katakana → hiragana, variant kanji → standard, whitespace and ・ removed.
create or replace function daifuku_fold(t text) returns text
  language sql immutable parallel safe as
$$ select regexp_replace(
     translate(
       translate(lower(normalize(coalesce(t, ''), NFKC)),
         'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ',
         'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ'),
       '髙﨑嵜碕邊邉齋齊斉濵濱德國澤櫻廣嶋嶌榮藏惠眞實壽淺會學萬豐黑圓關團兒來禮靜條邨槇冨𠮷桒曻瀨增莊鐵稻淸靑彌峯澁澀龍驒舘檜埜冩縣譽亞惡戶眾將晉寬顯聰總綠瀧龜廳',
       '高崎崎崎辺辺斎斎斎浜浜徳国沢桜広島島栄蔵恵真実寿浅会学万豊黒円関団児来礼静条村槙富吉桑昇瀬増荘鉄稲清青弥峰渋渋竜騨館桧野写県誉亜悪戸衆将晋寛顕聡総緑滝亀庁'),
     '[[:space:]・·]+', '', 'g') $$;

-- normalizePhone: digits only; +81 / 0081 becomes the domestic 0 form.
create or replace function daifuku_phone_digits(t text) returns text
  language plpgsql immutable parallel safe as
$$
declare
  s text := btrim(normalize(coalesce(t, ''), NFKC));
  d text := regexp_replace(s, '[^0-9]', '', 'g');
  intl boolean := s like '+%' or d like '00%';
begin
  if d like '00%' then d := substr(d, 3); end if;
  if intl and d like '81%' then
    d := substr(d, 3);
    if d not like '0%' then d := '0' || d; end if;
  end if;
  return d;
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
    s := btrim(regexp_replace(regexp_replace(regexp_replace(s, en_suffix, ''), en_prefix, ''), '[[:space:],.、]+$', ''));
    s := regexp_replace(s, '[[:space:]]+', '', 'g');
    changed := true;
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

-- buildSearchText: every part folded; phone-like parts also as digits, other parts also without a legal form.
create or replace function daifuku_search_text(parts text[]) returns text
  language plpgsql immutable parallel safe as
$$
declare
  result text[] := '{}';
  p text;
  v text;
  n text;
begin
  foreach p in array parts loop
    continue when p is null or p = '';
    v := daifuku_fold(p);
    if v <> '' and not (v = any (result)) then result := result || v; end if;
    n := btrim(normalize(p, NFKC));
    if n ~ '^[-+0-9[:space:]()‐.ー]+$' then
      v := daifuku_phone_digits(n);
      if length(v) >= 6 and not (v = any (result)) then result := result || v; end if;
    else
      v := daifuku_company_name(p);
      if v <> '' and not (v = any (result)) then result := result || v; end if;
    end if;
  end loop;
  return array_to_string(result, ' ');
end
$$;

-- Every character and every pair of neighbouring characters of a search text (pairs across the part separator are
-- left out). A query of one character looks up its unigram; longer queries look up all their bigrams and recheck.
create or replace function daifuku_search_grams(t text) returns text[]
  language sql immutable parallel safe as
$$ select coalesce(array_agg(distinct g), '{}'::text[])
     from (
       select substr(t, i, 1) as g from generate_series(1, length(t)) as i
       union all
       select substr(t, i, 2) from generate_series(1, length(t) - 1) as i
     ) grams
    where g !~ '[[:space:]]' $$;

alter table accounts add column search_text text;
update accounts set search_text = daifuku_search_text(array[name, name_kana, phone, email]);

-- Fallback for writes that bypass the accounts service: fill search_text when an insert leaves it empty, and
-- recompute it when an update changes a searched field without writing search_text itself.
create or replace function daifuku_accounts_search_text() returns trigger
  language plpgsql as
$$
begin
  if tg_op = 'INSERT' then
    if new.search_text is null then
      new.search_text := daifuku_search_text(array[new.name, new.name_kana, new.phone, new.email]);
    end if;
  elsif new.search_text is not distinct from old.search_text
    and (new.name, new.name_kana, new.phone, new.email) is distinct from (old.name, old.name_kana, old.phone, old.email) then
    new.search_text := daifuku_search_text(array[new.name, new.name_kana, new.phone, new.email]);
  end if;
  return new;
end
$$;
create trigger accounts_search_text before insert or update on accounts
  for each row execute function daifuku_accounts_search_text();

create index accounts_search_grams_idx on accounts using gin (daifuku_search_grams(search_text));
