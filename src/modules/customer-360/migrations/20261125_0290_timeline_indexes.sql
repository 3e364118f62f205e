-- The 360° timeline reads each source's newest rows for one customer (order by id desc, keyset). These
-- tables are created after 0170, so their indexes come here: without them a customer with a long history
-- turns each timeline page into a scan and sort.
create index contracts_account_timeline_idx on contracts (tenant_id, account_id, id desc);
create index sales_documents_contact_timeline_idx on sales_documents (tenant_id, contact_id, id desc) where contact_id is not null;
