-- "My contacts in 五十音順": a sales rep's list (own records only) sorted by reading. Without this the
-- planner either walks the whole tenant's kana index discarding other owners' rows or sorts all of
-- the owner's contacts; with it a page of 50 reads 51 index entries.
create index contacts_owner_kana_idx on contacts (tenant_id, owner_id, (sort_kana collate "C"), id);
