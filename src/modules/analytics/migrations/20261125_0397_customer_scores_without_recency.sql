-- Recency grows by a day every day for every buyer: stored, it made the nightly job rewrite every buyer's
-- row. It is counted from last_purchase_on when read instead (decision 0030).
alter table customer_scores drop column recency_days;
