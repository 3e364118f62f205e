-- List views (一覧ビュー): saved views, and the indexes list filters and sorts lean on.

-- 五十音順 key of an account: the reading folded to hiragana (as contacts.sort_kana is), else the name.
-- Immutable so an expression index can hold it; byte order (collate "C") of hiragana is 五十音順.
create function daifuku_gojuon_key(reading text, name text) returns text
  language sql immutable parallel safe
  as $$ select translate(coalesce(nullif(btrim(reading), ''), name), 'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ', 'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ') $$;

create index accounts_kana_idx on accounts (tenant_id, (daifuku_gojuon_key(name_kana, name) collate "C"), id);
-- Filter by owner, then page in 五十音順: the most common saved view (自分の担当者).
create index contacts_owner_kana_idx on contacts (tenant_id, owner_id, (sort_kana collate "C"), id);

create table saved_views (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  object text not null check (object in ('accounts', 'contacts')),
  name text not null,
  -- private: the owner only; tenant: everyone; team: members of team_id.
  sharing text not null check (sharing in ('private', 'tenant', 'team')),
  team_id uuid references teams(id) on delete cascade,
  owner_id uuid not null references users(id) on delete cascade,
  filter jsonb,
  sort text,
  columns jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((sharing = 'team') = (team_id is not null))
);
select daifuku_scope_to_tenant('saved_views');
create index saved_views_object_idx on saved_views (tenant_id, object, name, id);
