/**
 * What the benchmark measures. Each scenario does one user-visible operation through the
 * HTTP API and the same work directly in SQL (the physical limit for our design), so the
 * ratio shows what the API layers cost. Later capabilities add their scenarios here.
 */
import type { Random } from './lib/random.ts'
import type { HttpRequestSpec } from './lib/load.ts'
import type { BenchTenant, Scale } from './lib/dataset.ts'
import { foldSearchQuery, queryGrams } from '../src/modules/search/index.ts'

export interface SqlStatement {
  text: string
  values: unknown[]
}

export interface ScenarioContext {
  tenant: BenchTenant
  accountIds: string[]
  contactIds: string[]
  /** The default pipeline, holding OPEN_DEALS open deals. */
  pipelineId: string
  /** A 50-line quote (bench/lib/quote.ts). */
  quoteId: string
  random: Random
  backend: 'pglite' | 'postgres'
  scale: Scale
  /** A port free for a second server (the import operation runs one on a database of its own). */
  sparePort: number
}

export interface Scenario {
  name: string
  description: string
  /** The target an issue sets, when there is one (p95 in milliseconds). */
  targetP95Ms?: number
  concurrency: number
  /** When set, the clients send this many requests per second in all (open loop) instead of as fast as they can. */
  ratePerSecond?: number
  /** One request, or several sent at once (a page that loads its parts in parallel): latency until the last answer. */
  http(ctx: ScenarioContext, iteration: number): HttpRequestSpec | HttpRequestSpec[]
  /** The same work in SQL; several statements run one after another on one connection. */
  sql(ctx: ScenarioContext, iteration: number): SqlStatement | SqlStatement[]
  /** Runs once against the server before the API measurement (e.g. to learn an id the API makes). */
  prepare?(send: (spec: HttpRequestSpec) => Promise<unknown>, ctx: ScenarioContext): Promise<void>
}

const ACCOUNT_COLUMNS = `a.id, a.name, a.name_kana, a.industry, a.phone, a.email, a.website, a.annual_revenue,
  a.employee_count, a.notes, a.owner_id, a.team_id, a.created_at, a.updated_at, u.name as owner_name`

const randomAccount = (ctx: ScenarioContext) => ctx.accountIds[ctx.random.int(0, ctx.accountIds.length - 1)]!
const randomOwner = (ctx: ScenarioContext) => ctx.tenant.ownerIds[ctx.random.int(0, ctx.tenant.ownerIds.length - 1)]!
const SEARCH_TERMS = ['大福', 'サクラ', '東京商事', 'Acme', 'Globex', '富士工業', 'ミライ', 'システム']
const randomContact = (ctx: ScenarioContext) => ctx.contactIds[ctx.random.int(0, ctx.contactIds.length - 1)]!
/** What typing looks like: every prefix of names (kanji, hiragana, half-width katakana), companies, phones and e-mail. */
const TYPED = ['田中太郎', 'たなか', 'ﾀﾅｶ', '髙橋', 'さとう', '株式会社大福', '03-1234', '090', 'user1234', '大阪', 'Acme', 'Smith']
const TYPED_PREFIXES = TYPED.flatMap((word) => Array.from({ length: [...word].length }, (_, i) => [...word].slice(0, i + 1).join('')))
const CONTACT_COLUMNS = `c.id, c.family_name, c.given_name, c.family_name_kana, c.given_name_kana, c.display_name, c.emails, c.phones,
  c.addresses, c.department, c.title, c.owner_id, c.team_id, c.tags, c.created_at, c.updated_at`

/** The sales dashboard's id, learned in its scenario's prepare step (the first read creates it). */
let salesDashboardId = ''
const WON_DEALS = `from deals d where d.tenant_id = $1 and d.status = 'won'`

export const SCENARIOS: Scenario[] = [
  {
    name: 'quote.pdf',
    description: 'A 50-line quote as a Japanese PDF with the font subset (GET /api/v1/sales-documents/:id/pdf)',
    targetP95Ms: 500,
    concurrency: 2,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/sales-documents/${ctx.quoteId}/pdf?lang=ja`, expectStatus: 200 }),
    // The reads behind it; drawing the PDF is the API's own work.
    sql: (ctx) => [
      { text: 'select * from sales_documents where tenant_id = $1 and id = $2', values: [ctx.tenant.tenantId, ctx.quoteId] },
      { text: 'select * from sales_document_lines where tenant_id = $1 and document_id = $2 order by position', values: [ctx.tenant.tenantId, ctx.quoteId] },
      { text: 'select * from billing_settings where tenant_id = $1', values: [ctx.tenant.tenantId] },
    ],
  },
  {
    name: 'account.get',
    description: 'One account by id (GET /api/v1/accounts/:id)',
    targetP95Ms: 5,
    concurrency: 50,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/accounts/${randomAccount(ctx)}`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select ${ACCOUNT_COLUMNS} from accounts a left join users u on u.id = a.owner_id where a.tenant_id = $1 and a.id = $2`,
      values: [ctx.tenant.tenantId, randomAccount(ctx)],
    }),
  },
  // Open-loop runs: what a client sees at a given offered load, below the saturation point
  // that the closed-loop run above finds (on 2 cores that is ~1,000 req/s through the API).
  ...[200, 500].map((rate): Scenario => ({
    name: rate === 500 ? 'account.get.steady' : `account.get.steady${rate}`,
    description: `One account by id at a steady ${rate} requests/s spread over 50 connections`,
    targetP95Ms: 5,
    concurrency: 50,
    ratePerSecond: rate,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/accounts/${randomAccount(ctx)}`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select ${ACCOUNT_COLUMNS} from accounts a left join users u on u.id = a.owner_id where a.tenant_id = $1 and a.id = $2`,
      values: [ctx.tenant.tenantId, randomAccount(ctx)],
    }),
  })),
  {
    name: 'account.list',
    description: "A page of 50 of one owner's accounts sorted by name",
    concurrency: 50,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/accounts?limit=50&sort=name&ownerId=${randomOwner(ctx)}`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select ${ACCOUNT_COLUMNS} from accounts a left join users u on u.id = a.owner_id
             where a.tenant_id = $1 and a.owner_id = $2 order by a.name, a.id limit 51`,
      values: [ctx.tenant.tenantId, randomOwner(ctx)],
    }),
  },
  {
    name: 'account.search',
    description: 'Search accounts by a Japanese or Latin name fragment (first page)',
    concurrency: 50,
    http: (ctx, i) => ({
      method: 'GET',
      path: `/api/v1/accounts?limit=20&q=${encodeURIComponent(SEARCH_TERMS[i % SEARCH_TERMS.length]!)}`,
      expectStatus: 200,
    }),
    sql: (ctx, i) => ({
      text: `select ${ACCOUNT_COLUMNS} from accounts a left join users u on u.id = a.owner_id
             where a.tenant_id = $1 and (a.name ilike $2 or a.name_kana ilike $2) order by a.id desc limit 21`,
      values: [ctx.tenant.tenantId, `%${SEARCH_TERMS[i % SEARCH_TERMS.length]!}%`],
    }),
  },
  {
    name: 'account.create',
    description: 'Create an account (validation, audit row and event in one transaction)',
    concurrency: 10,
    http: (ctx, i) => ({
      method: 'POST',
      path: '/api/v1/accounts',
      body: { name: `株式会社ベンチ${i}`, nameKana: 'ベンチ', phone: '03-1234-5678', ownerId: randomOwner(ctx) },
      expectStatus: 201,
    }),
    sql: (ctx, i) => ({
      text: `insert into accounts (id, tenant_id, name, name_kana, phone, owner_id) values (gen_random_uuid(), $1, $2, 'ベンチ', '03-1234-5678', $3)`,
      values: [ctx.tenant.tenantId, `株式会社ベンチ${i}`, randomOwner(ctx)],
    }),
  },
  {
    name: 'account.update',
    description: 'Change one field of an account (PATCH; audit diff and event)',
    concurrency: 10,
    http: (ctx, i) => ({ method: 'PATCH', path: `/api/v1/accounts/${randomAccount(ctx)}`, body: { notes: `更新 ${i}` }, expectStatus: 200 }),
    sql: (ctx, i) => ({
      text: `update accounts set notes = $3, updated_at = now() where tenant_id = $1 and id = $2`,
      values: [ctx.tenant.tenantId, randomAccount(ctx), `更新 ${i}`],
    }),
  },
  boardScenario('deal.board', 30, 100, ' — the page the web board asks for'),
  boardScenario('deal.board.50', 50, undefined, ' — the API default page'),
  contactListScenario('contact.list', undefined, "A page of 50 of one owner's contacts in 五十音順 (kana order)"),
  // Open loop: the latency a user sees while the server answers 100 list pages a second (a thousand people
  // each opening a page every ten seconds), below the saturation point the closed-loop row above measures.
  contactListScenario('contact.list.steady100', 100, "A page of 50 of one owner's contacts in 五十音順 at a steady 100 requests/s spread over 10 connections"),
  {
    name: 'search.typing',
    description: 'Search as you type across accounts and contacts: every prefix of 12 Japanese and Latin words (GET /api/v1/search)',
    targetP95Ms: 50,
    concurrency: 4,
    http: (_ctx, i) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(TYPED_PREFIXES[i % TYPED_PREFIXES.length]!)}&limit=10`, expectStatus: 200 }),
    // The limit for this design: the candidate lookup the search runs (gram index, sample first), without ranking.
    sql: (ctx, i) => {
      const folded = foldSearchQuery(TYPED_PREFIXES[i % TYPED_PREFIXES.length]!)
      const lookup = (table: string) => ({
        text: `with scope as materialized (select set_config('app.tenant_id', $1::text, true))
               select daifuku_search_ids('${table}'::regclass, $2::text[], $3, 200, 'all', null, null) from scope`,
        values: [ctx.tenant.tenantId, queryGrams(folded), folded],
      })
      return [lookup('accounts'), lookup('contacts')]
    },
  },
  {
    name: 'customer.360',
    description: "The 360° account page in one request: profile, people, open deals, RFM segment, stages and the first 20 timeline items (GET /api/v1/accounts/:id/overview)",
    targetP95Ms: 80,
    concurrency: 10,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/accounts/${randomAccount(ctx)}/overview`, expectStatus: 200 }),
    sql: (ctx) => {
      const id = randomAccount(ctx)
      const values = [ctx.tenant.tenantId, id]
      return [
        { text: `select ${ACCOUNT_COLUMNS} from accounts a left join users u on u.id = a.owner_id where a.tenant_id = $1 and a.id = $2`, values },
        { text: `select l.*, ${CONTACT_COLUMNS} from account_contacts l join contacts c on c.id = l.contact_id where l.tenant_id = $1 and l.account_id = $2 order by l.id desc`, values },
        { text: `select * from activities where tenant_id = $1 and account_id = $2 order by id desc limit 21`, values },
        { text: `select * from deals where tenant_id = $1 and account_id = $2 order by id desc limit 21`, values },
      ]
    },
  },
  {
    name: 'pipeline.summary',
    description: 'Open deals of the pipeline by stage × owner: count, amount, weighted amount',
    targetP95Ms: 300,
    concurrency: 4,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/pipelines/${ctx.pipelineId}/summary`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select d.stage_id, d.owner_id, count(*), sum(d.amount), sum(d.amount * s.probability / 100.0)
             from deals d join pipeline_stages s on s.id = d.stage_id
             where d.tenant_id = $1 and d.pipeline_id = $2 and d.status = 'open' and d.currency = 'JPY' group by 1, 2`,
      values: [ctx.tenant.tenantId, ctx.pipelineId],
    }),
  },
  {
    name: 'forecast.quarter',
    description: 'Forecast for a quarter across all reps: won, commit, best case, weighted, against quotas',
    targetP95Ms: 1000,
    concurrency: 4,
    http: () => ({ method: 'GET', path: '/api/v1/forecast?from=2026-10-01&to=2026-12-31&groupBy=owner', expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select d.owner_id,
               sum(d.amount) filter (where d.status = 'won' and d.closed_at::date between '2026-10-01' and '2026-12-31'),
               sum(d.amount) filter (where d.status = 'open' and s.probability >= 70),
               sum(d.amount) filter (where d.status = 'open'),
               sum(d.amount * s.probability / 100.0) filter (where d.status = 'open')
             from deals d join pipeline_stages s on s.id = d.stage_id
             where d.tenant_id = $1 and d.currency = 'JPY' and d.status in ('open', 'won') and (
               (d.status = 'won' and d.closed_at >= '2026-09-30' and d.closed_at < '2027-01-02') or
               (d.status = 'open' and d.expected_close_date between '2026-10-01' and '2026-12-31'))
             group by 1`,
      values: [ctx.tenant.tenantId],
    }),
  },
  {
    name: 'report.grouped',
    description: 'Report builder: deals by owner × month created with status as pivot columns, count and amount, subtotals (POST /api/v1/reports/run)',
    targetP95Ms: 1000,
    // One client: on PGlite requests queue on one connection, and four of these outlast the small scale's 3-s window.
    concurrency: 1,
    http: () => ({
      method: 'POST',
      path: '/api/v1/reports/run',
      body: { object: 'deals', groups: [{ field: 'owner' }, { field: 'createdAt', bucket: 'month' }], pivot: { field: 'status' }, measures: [{ aggregate: 'count' }, { aggregate: 'sum', field: 'amount' }] },
      expectStatus: 200,
    }),
    sql: (ctx) => ({
      text: `select d.owner_id, date_trunc('month', d.created_at at time zone 'Asia/Tokyo') as m, d.status, count(*), sum(d.amount)
             from deals d where d.tenant_id = $1
             group by grouping sets ((1, 2, 3), (1, 2), (1, 3), (1), (3), ())`,
      values: [ctx.tenant.tenantId],
    }),
  },
  {
    name: 'report.lines',
    description:
      'Report builder over every sales document line (10,000,000 at large): lines by issue month × tax category, count and amount, subtotals — read from the daily line totals (decision 0032)',
    targetP95Ms: 2000,
    concurrency: 1,
    http: () => ({
      method: 'POST',
      path: '/api/v1/reports/run',
      body: { object: 'salesDocumentLines', groups: [{ field: 'issueDate', bucket: 'month' }, { field: 'taxCategory' }], measures: [{ aggregate: 'count' }, { aggregate: 'sum', field: 'amount' }] },
      expectStatus: 200,
    }),
    sql: (ctx) => ({
      text: `select date_trunc('month', r.issue_date::timestamp) as m, r.tax_category, sum(r.line_count), sum(r.amount)
             from (select tenant_id, issue_date, tax_category, line_count, amount from sales_line_rollups
                   union all select tenant_id, issue_date, tax_category, line_count, amount from sales_line_rollup_deltas) r
             where r.tenant_id = $1
             group by grouping sets ((1, 2), (1), ()) having sum(r.line_count) <> 0`,
      values: [ctx.tenant.tenantId],
    }),
  },
  {
    name: 'dashboard.sales',
    description: 'The default sales dashboard in one request: 5 KPI tiles, revenue by month, pipeline by stage and the rep leaderboard (GET /api/v1/dashboards/:id/data; data a viewer computed in the last ten minutes is reused, decision 0029)',
    targetP95Ms: 300,
    // One client: on PGlite requests queue on one connection, and four of these outlast the small scale's 3-s window.
    concurrency: 1,
    prepare: async (send) => {
      const list = (await send({ method: 'GET', path: '/api/v1/dashboards', expectStatus: 200 })) as { data: { id: string; systemKey: string | null }[] }
      salesDashboardId = list.data.find((d) => d.systemKey === 'sales')!.id
    },
    http: () => ({ method: 'GET', path: `/api/v1/dashboards/${salesDashboardId}/data`, expectStatus: 200 }),
    sql: (ctx) => salesDashboardSql(ctx.tenant.tenantId),
  },
  {
    name: 'dashboard.sales.refresh',
    description: 'The same dashboard computed now (更新, GET /api/v1/dashboards/:id/data?refresh=true): every widget runs over the whole history',
    // One client: on PGlite requests queue on one connection, and four of these outlast the small scale's 3-s window.
    concurrency: 1,
    prepare: async (send) => {
      const list = (await send({ method: 'GET', path: '/api/v1/dashboards', expectStatus: 200 })) as { data: { id: string; systemKey: string | null }[] }
      salesDashboardId = list.data.find((d) => d.systemKey === 'sales')!.id
    },
    http: () => ({ method: 'GET', path: `/api/v1/dashboards/${salesDashboardId}/data?refresh=true`, expectStatus: 200 }),
    sql: (ctx) => salesDashboardSql(ctx.tenant.tenantId),
  },
]

/** What the sales dashboard's widgets run, for the raw-SQL comparison. */
function salesDashboardSql(tenantId: string) {
  const values = [tenantId]
  return [
    { text: `select sum(d.amount) ${WON_DEALS}`, values },
    { text: `select sum(d.amount), count(*) from deals d where d.tenant_id = $1 and d.status = 'open'`, values },
    { text: `select avg(case when d.status = 'won' then 1 else 0 end) from deals d where d.tenant_id = $1 and d.status in ('won', 'lost')`, values },
    { text: `select avg(d.amount) ${WON_DEALS}`, values },
    { text: `select avg(extract(epoch from (d.closed_at - d.created_at)) / 86400) ${WON_DEALS}`, values },
    { text: `select date_trunc('month', d.closed_at at time zone 'Asia/Tokyo'), sum(d.amount) ${WON_DEALS} group by 1 order by 1`, values },
    { text: `select s.position, s.name, sum(d.amount), count(*) from deals d join pipeline_stages s on s.id = d.stage_id where d.tenant_id = $1 and d.status = 'open' group by 1, 2 order by 1`, values },
    { text: `select u.name, sum(d.amount), count(*) ${WON_DEALS.replace('from deals d', 'from deals d left join users u on u.id = d.owner_id')} group by 1`, values },
  ]
}

/** A page of one owner's contacts in kana order; with a rate, an open-loop run at that many requests a second. */
function contactListScenario(name: string, ratePerSecond: number | undefined, description: string): Scenario {
  return {
    name,
    description,
    targetP95Ms: 30,
    concurrency: 10,
    ...(ratePerSecond ? { ratePerSecond } : {}),
    http: (ctx) => ({ method: 'GET', path: `/api/v1/contacts?limit=50&sort=kana&ownerId=${randomOwner(ctx)}`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `select ${CONTACT_COLUMNS}, u.name as owner_name, pa.account_id, a.name as account_name
             from contacts c left join users u on u.id = c.owner_id
             left join account_contacts pa on pa.contact_id = c.id and pa.is_primary and pa.ended_on is null
             left join accounts a on a.id = pa.account_id
             where c.tenant_id = $1 and c.owner_id = $2 order by c.sort_kana collate "C", c.id limit 51`,
      values: [ctx.tenant.tenantId, randomOwner(ctx)],
    }),
  }
}

/** The kanban board at a given page size per column. */
function boardScenario(name: string, perStage: number, targetP95Ms: number | undefined, note: string): Scenario {
  return {
    name,
    description: `Kanban board of a pipeline with 10,000 open deals: first ${perStage} cards of every column (won/lost: closed in 90 days), counts and totals${note}`,
    ...(targetP95Ms ? { targetP95Ms } : {}),
    concurrency: 10,
    http: (ctx) => ({ method: 'GET', path: `/api/v1/pipelines/${ctx.pipelineId}/board?perStage=${perStage}`, expectStatus: 200 }),
    sql: (ctx) => ({
      text: `with cards as (
          select card.*, s.name as stage_name, s.probability, a.name as account_name, u.name as owner_name
          from pipeline_stages s
          cross join lateral (
            (select d.* from deals d where s.kind = 'open' and d.tenant_id = $1 and d.stage_id = s.id
              order by d.board_position, d.id limit ${perStage + 1})
            union all
            (select d.* from deals d where s.kind <> 'open' and d.status <> 'open' and d.tenant_id = $1 and d.stage_id = s.id
              and d.closed_at >= now() - interval '90 days' order by d.closed_at desc, d.id desc limit ${perStage + 1})
          ) card
          left join accounts a on a.id = card.account_id
          left join users u on u.id = card.owner_id
          where s.tenant_id = $1 and s.pipeline_id = $2
        ), since as (
          select now() - interval '90 days' as at, ((now() - interval '90 days') at time zone 'UTC')::date as first_day
        ), totals as (
          -- Daily totals (decision 0033) for open columns and the window's whole days, the deals for its first day.
          select stage_id, currency, sum(n) as n, sum(amount) as amount from (
            select stage_id, currency, deal_count as n, amount from deal_board_totals
            where tenant_id = $1 and pipeline_id = $2 and closed_day is null and status = 'open'
            union all
            select stage_id, currency, deal_count, amount from deal_board_totals
            where tenant_id = $1 and pipeline_id = $2 and closed_day > (select first_day from since) and status <> 'open'
            union all
            select stage_id, currency, deal_count, amount from deal_board_total_deltas
            where tenant_id = $1 and pipeline_id = $2 and (status = 'open' or closed_day > (select first_day from since))
            union all
            select stage_id, currency, 1, amount from deals
            where tenant_id = $1 and pipeline_id = $2 and status <> 'open' and closed_at >= (select at from since)
              and closed_at < ((select first_day from since) + 1)::timestamp at time zone 'UTC'
          ) t group by stage_id, currency
        )
        select (select count(*) from cards) as cards, (select json_agg(totals) from totals) as totals`,
      values: [ctx.tenant.tenantId, ctx.pipelineId],
    }),
  }
}
