-- Custom field values on deals (see 0160; the deals table is created by 0200, after 0160 runs).
alter table deals add column custom jsonb not null default '{}';
create index deals_custom_idx on deals using gin (custom jsonb_path_ops);
