-- customer_scores is derived data, rebuilt in full by every scoring run (decision 0030). Its foreign keys
-- made each inserted row lock its account and tenant row: 13 of 42 seconds at 1M accounts. Reads join
-- accounts, so a deleted account's row is never shown, and the next run drops it. The CLV index served
-- no query and cost another index write per row.
alter table customer_scores
  drop constraint customer_scores_tenant_id_fkey,
  drop constraint customer_scores_account_id_fkey;
drop index customer_scores_clv_idx;
