-- The calendar asks two index-friendly questions instead of one OR: meetings overlapping a
-- range (start before its end, end after its start) and tasks due inside it.
create index activities_meeting_ends_idx on activities (tenant_id, ends_at) where kind = 'meeting';
create index activities_task_due_idx on activities (tenant_id, due_at) where kind = 'task';
