-- Won and lost columns of the board list recently closed deals, latest first.
create index deals_stage_closed_idx on deals (tenant_id, stage_id, closed_at desc, id desc) where status <> 'open';
create index deals_pipeline_closed_idx on deals (tenant_id, pipeline_id, closed_at) where status <> 'open';
