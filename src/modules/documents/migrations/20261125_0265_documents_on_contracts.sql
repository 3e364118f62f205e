-- Documents (資料) may also be attached to contracts (契約): the signed contract PDF, its annexes.
alter table documents drop constraint documents_record_type_check;
alter table documents add constraint documents_record_type_check
  check (record_type in ('account', 'contact', 'deal', 'sales_document', 'activity', 'contract'));
