-- Price lists made before customer groups named their group as free text. Each distinct label
-- becomes a customer group and the list points at it, so choosing the applicable price list never
-- treats an old "代理店" list as a list for every customer.
insert into customer_groups (id, tenant_id, name)
select gen_random_uuid(), l.tenant_id, btrim(l.customer_group)
from price_lists l
where l.customer_group_id is null and btrim(coalesce(l.customer_group, '')) <> ''
group by l.tenant_id, btrim(l.customer_group)
on conflict (tenant_id, name) do nothing;

update price_lists l
set customer_group_id = g.id
from customer_groups g
where l.customer_group_id is null
  and g.tenant_id = l.tenant_id
  and g.name = btrim(l.customer_group);
