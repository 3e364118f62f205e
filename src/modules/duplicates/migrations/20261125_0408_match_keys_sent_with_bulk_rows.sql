-- A contact's 名寄せ keys may be sent with the row (bulk writes: contactMatchKeys in TypeScript, the same values).
-- As generated columns PostgreSQL computed them on every INSERT and UPDATE: ~55 µs of a contact INSERT
-- (10,000 contacts, PostgreSQL 15), a million times inside an import's one transaction. Now they are plain columns
-- kept by triggers: a key left null on INSERT is computed here, and an UPDATE of what a key is made of recomputes
-- every key (as the generated columns did), whatever the writer sent.
alter table contacts
  alter column match_name drop expression,
  alter column match_kana drop expression,
  alter column match_emails drop expression,
  alter column match_phones drop expression;

create or replace function daifuku_contact_match_keys() returns trigger
  language plpgsql set search_path = public, pg_temp as
$$
begin
  if tg_op = 'UPDATE' or new.match_name is null then
    new.match_name := daifuku_person_key(new.family_name, new.given_name, new.display_name);
  end if;
  if tg_op = 'UPDATE' or new.match_kana is null then
    new.match_kana := daifuku_kana_key(new.family_name_kana, new.given_name_kana);
  end if;
  if tg_op = 'UPDATE' or new.match_emails is null then
    new.match_emails := daifuku_email_keys(new.emails);
  end if;
  if tg_op = 'UPDATE' or new.match_phones is null then
    new.match_phones := daifuku_phone_keys(new.phones);
  end if;
  return new;
end
$$;

create trigger contacts_match_keys_on_insert before insert on contacts for each row
  when (new.match_name is null or new.match_kana is null or new.match_emails is null or new.match_phones is null)
  execute function daifuku_contact_match_keys();
create trigger contacts_match_keys_on_update
  before update of family_name, given_name, display_name, family_name_kana, given_name_kana, emails, phones on contacts
  for each row execute function daifuku_contact_match_keys();
