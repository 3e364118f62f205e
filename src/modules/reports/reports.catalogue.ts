/**
 * The whitelist a report is built from: per object, its FROM clause, the joins to related
 * objects and every field with a fixed SQL expression written here. User input only ever picks
 * a key from these lists; it is never put into SQL text.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Label } from '../../platform/access/objects.ts'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'

export type FieldType = 'string' | 'number' | 'money' | 'date' | 'timestamp' | 'enum' | 'ref'

/** An access object the actor must read, and the API field whose hidden rule applies (null: none). */
export type Guard = readonly [object: string, field: string | null]

export interface ReportField {
  key: string
  label: Label
  type: FieldType
  /** SQL over the object's aliases (a constant of this file). For `ref`, the id. */
  expr: string
  /** For `ref` fields: the name shown for the id. */
  labelExpr?: string
  /** How groups of a `ref` sort when not by their name (e.g. stages by position). */
  orderExpr?: string
  enumValues?: readonly string[]
  joins?: readonly string[]
  guards: readonly Guard[]
}

interface Join {
  /** Joins this one relies on (e.g. region needs team). */
  after?: readonly string[]
  build(ctx: ServiceContext): RawBuilder<unknown>
}

export interface ReportObject {
  name: ReportObjectName
  label: Label
  accessObject: string
  alias: string
  from: string
  joins: Record<string, Join>
  fields: readonly ReportField[]
  /** The row columns drill-down shows when the report names none. */
  defaultColumns: readonly string[]
  /** Pre-summed rows a grouped report reads instead, when every field it uses is kept there. */
  rollup?: ReportRollup
}

/**
 * A table of totals per combination of some of the object's fields (decision 0032). A grouped report
 * reads it when its groups and filters use only those fields and its measures are counts, sums or
 * averages, which add up from the totals exactly.
 */
export interface ReportRollup {
  alias: string
  from: string
  joins: Record<string, Join>
  /** Field key → its expression over the rollup, and the joins its label needs there. */
  fields: Record<string, { expr: string; joins?: readonly string[] }>
  /** How many of the object's rows a rollup row stands for. */
  count: string
  /** Numeric field key → the sum of it over those rows. */
  sums: Record<string, string>
}

export const REPORT_OBJECTS = ['deals', 'accounts', 'activities', 'salesDocumentLines'] as const
export type ReportObjectName = (typeof REPORT_OBJECTS)[number]

const L = (ja: string, en: string): Label => ({ ja, en })
const raw = (text: string) => sql.raw(text)

/** Owner, team and region (the parent team) of a record that has owner_id / team_id. */
function peopleJoins(alias: string): Record<string, Join> {
  return {
    owner: { build: () => raw(`left join users ou on ou.id = ${alias}.owner_id`) },
    team: { build: () => raw(`left join teams t on t.id = ${alias}.team_id`) },
    region: { after: ['team'], build: () => raw(`left join teams tr on tr.id = t.parent_id`) },
  }
}

function peopleFields(object: string, alias: string): ReportField[] {
  return [
    { key: 'owner', label: L('担当者', 'Owner'), type: 'ref', expr: `${alias}.owner_id`, labelExpr: 'ou.name', joins: ['owner'], guards: [[object, 'ownerId'], ['users', null]] },
    { key: 'team', label: L('チーム', 'Team'), type: 'ref', expr: `${alias}.team_id`, labelExpr: 't.name', joins: ['team'], guards: [[object, 'teamId'], ['teams', null]] },
    { key: 'region', label: L('地域（上位チーム）', 'Region (parent team)'), type: 'ref', expr: 't.parent_id', labelExpr: 'tr.name', joins: ['team', 'region'], guards: [[object, 'teamId'], ['teams', null]] },
  ]
}

/** An account joined from another record: only accounts the actor could open show. */
function accountJoin(foreignKey: string): Join {
  return { build: (ctx) => sql`left join accounts a on a.id = ${raw(foreignKey)} and ${visibleRecordsCondition(ctx, 'accounts', 'a')}` }
}
const scoresJoin: Join = { after: ['account'], build: () => raw('left join customer_scores cs on cs.account_id = a.id') }

const SEGMENTS = ['loyal', 'repeat', 'one_time', 'dormant', 'prospect'] as const

function accountFields(via: Guard | null): ReportField[] {
  const g = (...more: Guard[]): Guard[] => (via ? [via, ...more] : more)
  const prefix = via ? 'account' : ''
  const key = (k: string) => (via ? `${prefix}${k.charAt(0).toUpperCase()}${k.slice(1)}` : k)
  const joins = via ? ['account'] : []
  return [
    ...(via ? [{ key: 'account', label: L('取引先', 'Account'), type: 'ref' as const, expr: 'a.id', labelExpr: 'a.name', joins, guards: g(['accounts', 'name']) }] : []),
    { key: key('industry'), label: via ? L('取引先の業種', 'Account industry') : L('業種', 'Industry'), type: 'string', expr: 'a.industry', joins, guards: g(['accounts', 'industry']) },
    { key: key('segment'), label: via ? L('取引先のRFMセグメント', 'Account RFM segment') : L('RFMセグメント', 'RFM segment'), type: 'enum', enumValues: SEGMENTS, expr: 'cs.segment', joins: [...joins, 'scores'], guards: g(['accounts', null], ['analytics', null]) },
    { key: key('clv'), label: via ? L('取引先のCLV', 'Account CLV') : L('顧客生涯価値（CLV）', 'Customer lifetime value (CLV)'), type: 'money', expr: 'cs.clv', joins: [...joins, 'scores'], guards: g(['accounts', null], ['analytics', null]) },
  ]
}

const deals: ReportObject = {
  name: 'deals',
  label: L('商談', 'Deals'),
  accessObject: 'deals',
  alias: 'd',
  from: 'deals d',
  joins: {
    ...peopleJoins('d'),
    stage: { build: () => raw('left join pipeline_stages ps on ps.id = d.stage_id') },
    pipeline: { build: () => raw('left join pipelines pl on pl.id = d.pipeline_id') },
    account: accountJoin('d.account_id'),
    scores: scoresJoin,
  },
  fields: [
    { key: 'name', label: L('商談名', 'Deal name'), type: 'string', expr: 'd.name', guards: [['deals', 'name']] },
    { key: 'status', label: L('状態', 'Status'), type: 'enum', enumValues: ['open', 'won', 'lost'], expr: 'd.status', guards: [['deals', 'status']] },
    { key: 'amount', label: L('金額', 'Amount'), type: 'money', expr: 'd.amount', guards: [['deals', 'amount']] },
    { key: 'currency', label: L('通貨', 'Currency'), type: 'string', expr: 'd.currency', guards: [['deals', 'currency']] },
    { key: 'expectedCloseDate', label: L('受注予定日', 'Expected close date'), type: 'date', expr: 'd.expected_close_date', guards: [['deals', 'expectedCloseDate']] },
    { key: 'closedAt', label: L('成約・失注日', 'Closed at'), type: 'timestamp', expr: 'd.closed_at', guards: [['deals', 'status']] },
    { key: 'createdAt', label: L('作成日', 'Created at'), type: 'timestamp', expr: 'd.created_at', guards: [['deals', null]] },
    // 1 for a won deal, else 0: its average over closed deals is the win rate.
    { key: 'won', label: L('受注（1/0）', 'Won (1/0)'), type: 'number', expr: `(case when d.status = 'won' then 1 else 0 end)`, guards: [['deals', 'status']] },
    { key: 'cycleDays', label: L('商談期間（日）', 'Sales cycle (days)'), type: 'number', expr: `(case when d.closed_at is not null then round((extract(epoch from (d.closed_at - d.created_at)) / 86400)::numeric, 1) end)`, guards: [['deals', 'status']] },
    { key: 'stage', label: L('フェーズ', 'Stage'), type: 'ref', expr: 'd.stage_id', labelExpr: 'ps.name', orderExpr: 'ps.position', joins: ['stage'], guards: [['deals', 'stageId']] },
    { key: 'pipeline', label: L('パイプライン', 'Pipeline'), type: 'ref', expr: 'd.pipeline_id', labelExpr: 'pl.name', joins: ['pipeline'], guards: [['deals', 'stageId']] },
    ...peopleFields('deals', 'd'),
    ...accountFields(['deals', 'accountId']),
  ],
  defaultColumns: ['name', 'account', 'stage', 'status', 'amount', 'owner', 'expectedCloseDate'],
}

const accounts: ReportObject = {
  name: 'accounts',
  label: L('取引先', 'Accounts'),
  accessObject: 'accounts',
  alias: 'a',
  from: 'accounts a',
  joins: { ...peopleJoins('a'), scores: { build: () => raw('left join customer_scores cs on cs.account_id = a.id') } },
  fields: [
    { key: 'name', label: L('取引先名', 'Account name'), type: 'string', expr: 'a.name', guards: [['accounts', 'name']] },
    { key: 'annualRevenue', label: L('年商', 'Annual revenue'), type: 'money', expr: 'a.annual_revenue', guards: [['accounts', 'annualRevenue']] },
    { key: 'employeeCount', label: L('従業員数', 'Employees'), type: 'number', expr: 'a.employee_count', guards: [['accounts', 'employeeCount']] },
    { key: 'createdAt', label: L('登録日', 'Created at'), type: 'timestamp', expr: 'a.created_at', guards: [['accounts', null]] },
    ...peopleFields('accounts', 'a'),
    ...accountFields(null),
    { key: 'purchases', label: L('購入回数', 'Purchases'), type: 'number', expr: 'cs.purchases', joins: ['scores'], guards: [['analytics', null]] },
    { key: 'monetary', label: L('累計購入額', 'Total spend'), type: 'money', expr: 'cs.monetary', joins: ['scores'], guards: [['analytics', null]] },
    { key: 'lastPurchaseOn', label: L('最終購入日', 'Last purchase'), type: 'date', expr: 'cs.last_purchase_on', joins: ['scores'], guards: [['analytics', null]] },
    // Active = bought and not dormant; its average over all accounts is the active share.
    { key: 'active', label: L('稼働顧客（1/0）', 'Active customer (1/0)'), type: 'number', expr: `(case when cs.segment in ('loyal', 'repeat', 'one_time') then 1 else 0 end)`, joins: ['scores'], guards: [['analytics', null]] },
    // Null for accounts that never bought, so an average counts buyers only: retention = repeat buyers / buyers.
    { key: 'retained', label: L('リピート（1/0）', 'Repeat buyer (1/0)'), type: 'number', expr: `(case when cs.purchases >= 2 then 1 when cs.purchases = 1 then 0 end)`, joins: ['scores'], guards: [['analytics', null]] },
    { key: 'churned', label: L('離反（1/0）', 'Churned (1/0)'), type: 'number', expr: `(case when cs.purchases >= 1 then (case when cs.segment = 'dormant' then 1 else 0 end) end)`, joins: ['scores'], guards: [['analytics', null]] },
    {
      key: 'clvBand',
      label: L('CLV帯', 'CLV band'),
      type: 'enum',
      enumValues: ['b1_under100k', 'b2_100k_1m', 'b3_1m_10m', 'b4_10m_plus'],
      expr: `(case when cs.clv is null then null when cs.clv < 100000 then 'b1_under100k' when cs.clv < 1000000 then 'b2_100k_1m' when cs.clv < 10000000 then 'b3_1m_10m' else 'b4_10m_plus' end)`,
      joins: ['scores'],
      guards: [['analytics', null]],
    },
  ],
  defaultColumns: ['name', 'industry', 'segment', 'clv', 'owner'],
}

const activities: ReportObject = {
  name: 'activities',
  label: L('活動履歴', 'Activities'),
  accessObject: 'activities',
  alias: 'act',
  from: 'activities act',
  joins: { ...peopleJoins('act'), account: accountJoin('act.account_id') },
  fields: [
    { key: 'kind', label: L('種別', 'Kind'), type: 'enum', enumValues: ['task', 'call', 'meeting', 'note', 'email'], expr: 'act.kind', guards: [['activities', null]] },
    { key: 'subject', label: L('件名', 'Subject'), type: 'string', expr: 'act.subject', guards: [['activities', 'subject']] },
    { key: 'status', label: L('状態', 'Status'), type: 'enum', enumValues: ['open', 'done', 'cancelled'], expr: 'act.status', guards: [['activities', 'status']] },
    { key: 'priority', label: L('優先度', 'Priority'), type: 'enum', enumValues: ['low', 'normal', 'high'], expr: 'act.priority', guards: [['activities', 'priority']] },
    { key: 'direction', label: L('発着信', 'Direction'), type: 'enum', enumValues: ['inbound', 'outbound'], expr: 'act.direction', guards: [['activities', 'direction']] },
    { key: 'outcome', label: L('結果', 'Outcome'), type: 'string', expr: 'act.outcome', guards: [['activities', 'outcome']] },
    { key: 'durationSeconds', label: L('通話時間（秒）', 'Duration (s)'), type: 'number', expr: 'act.duration_seconds', guards: [['activities', 'durationSeconds']] },
    { key: 'dueAt', label: L('期限', 'Due'), type: 'timestamp', expr: 'act.due_at', guards: [['activities', 'dueAt']] },
    { key: 'startsAt', label: L('開始日時', 'Starts'), type: 'timestamp', expr: 'act.starts_at', guards: [['activities', 'startsAt']] },
    { key: 'completedAt', label: L('完了日時', 'Completed'), type: 'timestamp', expr: 'act.completed_at', guards: [['activities', 'status']] },
    { key: 'createdAt', label: L('登録日時', 'Created at'), type: 'timestamp', expr: 'act.created_at', guards: [['activities', null]] },
    ...peopleFields('activities', 'act'),
    ...accountFields(['activities', 'accountId']).filter((f) => f.key === 'account' || f.key === 'accountIndustry'),
  ],
  defaultColumns: ['subject', 'kind', 'status', 'owner', 'account', 'createdAt'],
}

const salesDocumentLines: ReportObject = {
  name: 'salesDocumentLines',
  label: L('見積・受注・請求の明細', 'Quote, order and invoice lines'),
  accessObject: 'salesDocuments',
  alias: 'sd',
  from: 'sales_document_lines l join sales_documents sd on sd.id = l.document_id',
  joins: {
    ...peopleJoins('sd'),
    account: accountJoin('sd.account_id'),
    product: { build: () => raw('left join products p on p.id = l.product_id') },
  },
  fields: [
    { key: 'documentKind', label: L('書類の種類', 'Document kind'), type: 'enum', enumValues: ['quote', 'order', 'invoice'], expr: 'sd.kind', guards: [['salesDocuments', null]] },
    { key: 'documentStatus', label: L('書類の状態', 'Document status'), type: 'string', expr: 'sd.status', guards: [['salesDocuments', null]] },
    { key: 'documentNumber', label: L('書類番号', 'Document number'), type: 'string', expr: 'sd.number', guards: [['salesDocuments', null]] },
    { key: 'issueDate', label: L('発行日', 'Issue date'), type: 'date', expr: 'sd.issue_date', guards: [['salesDocuments', null]] },
    { key: 'product', label: L('商品', 'Product'), type: 'ref', expr: 'l.product_id', labelExpr: 'p.name', joins: ['product'], guards: [['products', null]] },
    { key: 'description', label: L('品名', 'Description'), type: 'string', expr: 'l.description', guards: [['salesDocuments', null]] },
    { key: 'quantity', label: L('数量', 'Quantity'), type: 'number', expr: 'l.quantity', guards: [['salesDocuments', null]] },
    { key: 'unitPrice', label: L('単価', 'Unit price'), type: 'money', expr: 'l.unit_price', guards: [['salesDocuments', null]] },
    { key: 'amount', label: L('金額', 'Amount'), type: 'money', expr: 'l.amount', guards: [['salesDocuments', null]] },
    { key: 'taxCategory', label: L('税区分', 'Tax category'), type: 'enum', enumValues: ['standard', 'reduced', 'exempt'], expr: 'l.tax_category', guards: [['salesDocuments', null]] },
    ...peopleFields('salesDocuments', 'sd'),
    ...accountFields(['salesDocuments', null]).filter((f) => f.key === 'account' || f.key === 'accountIndustry'),
  ],
  defaultColumns: ['documentNumber', 'documentKind', 'issueDate', 'account', 'description', 'quantity', 'amount'],
  // Kept up to date by triggers (migration 0399); the deltas not yet folded are read with the totals.
  rollup: {
    alias: 'r',
    from: `(select tenant_id, issue_date, kind, status, tax_category, product_id, owner_id, team_id, line_count, quantity, unit_price, amount from sales_line_rollups
      union all select tenant_id, issue_date, kind, status, tax_category, product_id, owner_id, team_id, line_count, quantity, unit_price, amount from sales_line_rollup_deltas) r`,
    joins: { ...peopleJoins('r'), product: { build: () => raw('left join products p on p.id = r.product_id') } },
    fields: {
      documentKind: { expr: 'r.kind' },
      documentStatus: { expr: 'r.status' },
      issueDate: { expr: 'r.issue_date' },
      product: { expr: 'r.product_id', joins: ['product'] },
      taxCategory: { expr: 'r.tax_category' },
      owner: { expr: 'r.owner_id', joins: ['owner'] },
      team: { expr: 'r.team_id', joins: ['team'] },
      region: { expr: 't.parent_id', joins: ['team', 'region'] },
    },
    count: 'r.line_count',
    sums: { quantity: 'r.quantity', unitPrice: 'r.unit_price', amount: 'r.amount' },
  },
}

const OBJECTS: Record<ReportObjectName, ReportObject> = { deals, accounts, activities, salesDocumentLines }

export function reportObject(name: ReportObjectName): ReportObject {
  return OBJECTS[name]
}

/** The row id of the object (keyset paging of drill-down). */
export function rowIdExpr(object: ReportObject): string {
  return object.name === 'salesDocumentLines' ? 'l.id' : `${object.alias}.id`
}
