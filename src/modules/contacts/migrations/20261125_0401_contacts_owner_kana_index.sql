-- "My contacts in 五十音順": one owner's contacts in kana order read the first page straight from this
-- index instead of sorting all of the owner's contacts (about 10,000 of 1M in the benchmark) or walking
-- the kana index past everyone else's.
create index if not exists contacts_owner_kana_idx on contacts (tenant_id, owner_id, (sort_kana collate "C"), id);
