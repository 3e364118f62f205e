-- The board's won/lost totals add up the deals closed in the window (77,000 of 1M deals in the
-- benchmark); with stage, currency and amount in the index they are read without the table
-- (187 ms → see docs/performance.md).
create index if not exists deals_pipeline_closed_totals_idx on deals (tenant_id, pipeline_id, closed_at) include (stage_id, currency, amount) where status <> 'open';
drop index if exists deals_pipeline_closed_idx;
