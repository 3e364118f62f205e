-- An account created by a form, the API or an import is matched against the tenant when its creation event is
-- delivered (duplicates.flag.ts), by company key, e-mail and phone. Only the company key had an index, so each
-- event read every account of the tenant through the key functions: on the embedded database, whose single
-- connection the event delivery holds, 1,500 created accounts stalled other requests for a minute.
create index accounts_dup_email_idx on accounts (tenant_id, daifuku_email_key(email));
create index accounts_dup_phone_idx on accounts (tenant_id, daifuku_phone_digits(phone));
