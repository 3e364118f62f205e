/** The only file that touches the deals and deal_stage_changes tables. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { objectPermission, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { PREPARED } from '../../platform/db/prepared.ts'
import type { DealsTable } from '../../platform/db/schema.ts'
import { invalid } from '../../platform/errors.ts'
import { customJsonColumn, withParsedCustom } from '../custom-fields/custom-fields.values.ts'

export type DealRow = Selectable<DealsTable> & {
  stageName: string
  probability: number
  accountName: string | null
  ownerName: string | null
}

/**
 * `custom` is selected again as JSON text (customJson) because the CamelCasePlugin would rename the
 * snake_case keys inside the jsonb; this puts the untouched object back.
 */
const withCustom = withParsedCustom

/** `write` keeps to the role's visibility: read grants (territories) never let a member change a deal. */
function selectDeals(ctx: ServiceContext, purpose: 'read' | 'write' = 'read') {
  return ctx.tx
    .selectFrom('deals as d')
    .innerJoin('pipelineStages as s', 's.id', 'd.stageId')
    .leftJoin('accounts as a', 'a.id', 'd.accountId')
    .leftJoin('users as owner', 'owner.id', 'd.ownerId')
    .selectAll('d')
    .select(['s.name as stageName', 's.probability', 'a.name as accountName', 'owner.name as ownerName', customJsonColumn('d')])
    .where(visibleRecordsCondition(ctx, 'deals', 'd', { for: purpose }))
}

export async function findVisibleDeal(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<DealRow | undefined> {
  let query = selectDeals(ctx, options.forUpdate ? 'write' : 'read').where('d.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('d')
  const row = await query.executeTakeFirst()
  return row ? withCustom(row) : undefined
}

export interface DealListFilter {
  limit: number
  q?: string
  pipelineId?: string
  stageId?: string
  status?: 'open' | 'won' | 'lost'
  ownerId?: string
  accountId?: string
  sort: '-createdAt' | 'name' | 'board' | '-closedAt'
  closedSince?: string
  after: (string | number | null)[] | null
}

export async function listVisibleDeals(ctx: ServiceContext, filter: DealListFilter): Promise<DealRow[]> {
  let query = selectDeals(ctx)
  if (filter.q) query = query.where('d.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`)
  if (filter.pipelineId) query = query.where('d.pipelineId', '=', filter.pipelineId)
  if (filter.stageId) query = query.where('d.stageId', '=', filter.stageId)
  if (filter.status) query = query.where('d.status', '=', filter.status)
  if (filter.ownerId) query = query.where('d.ownerId', '=', filter.ownerId)
  if (filter.accountId) query = query.where('d.accountId', '=', filter.accountId)
  if (filter.closedSince) query = query.where('d.closedAt', '>=', new Date(filter.closedSince))
  if (filter.sort === 'name') {
    if (filter.after) query = query.where(sql`(d.name, d.id)`, '>', sql`(${filter.after[0]}, ${filter.after[1]}::uuid)`)
    query = query.orderBy('d.name').orderBy('d.id')
  } else if (filter.sort === '-closedAt') {
    query = query.where('d.closedAt', 'is not', null)
    if (filter.after) query = query.where(sql`(d.closed_at, d.id)`, '<', sql`(${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`)
    query = query.orderBy('d.closedAt', 'desc').orderBy('d.id', 'desc')
  } else if (filter.sort === 'board') {
    if (filter.after) query = query.where(sql`(d.board_position, d.id)`, '>', sql`(${filter.after[0]}::float8, ${filter.after[1]}::uuid)`)
    query = query.orderBy('d.boardPosition').orderBy('d.id')
  } else {
    if (filter.after) query = query.where('d.id', '<', String(filter.after[0]))
    query = query.orderBy('d.id', 'desc')
  }
  return (await query.limit(filter.limit + 1).execute()).map(withCustom)
}

export type DealCardRow = Pick<
  DealRow,
  'id' | 'name' | 'stageId' | 'status' | 'amount' | 'currency' | 'expectedCloseDate' | 'accountId' | 'ownerId' | 'boardPosition' | 'closedAt' | 'stageEnteredAt' | 'accountName' | 'ownerName'
>

/**
 * The first `perStage` + 1 cards of every column of a pipeline, in one statement. Open
 * columns are in board order; won and lost columns show the deals closed within the
 * window, latest first, so years of closed deals never slow the board down. Only the
 * columns a card shows are read: notes and custom values of 350 cards were most of the work.
 */
export async function boardColumns(ctx: ServiceContext, pipelineId: string, options: BoardFilter): Promise<DealCardRow[]> {
  const visible = visibleRecordsCondition(ctx, 'deals', 'd')
  const extra = boardFilters(options)
  const limit = options.perStage + 1
  const cardColumns = sql`d.id, d.name, d.stage_id, d.status, d.amount, d.currency, d.expected_close_date, d.account_id, d.owner_id, d.board_position, d.closed_at, d.stage_entered_at`
  const result = await sql<DealCardRow>`${sql.raw(PREPARED)}
    select card.*, a.name as account_name, owner.name as owner_name
    from pipeline_stages s
    cross join lateral (
      (select ${cardColumns} from deals d
        where s.kind = 'open' and d.stage_id = s.id and ${visible} ${extra}
        order by d.board_position, d.id limit ${limit})
      union all
      (select ${cardColumns} from deals d
        where s.kind <> 'open' and d.status <> 'open' and d.stage_id = s.id and d.closed_at >= ${options.closedSince} and ${visible} ${extra}
        order by d.closed_at desc, d.id desc limit ${limit})
    ) card
    left join accounts a on a.id = card.account_id
    left join users owner on owner.id = card.owner_id
    where s.pipeline_id = ${pipelineId}
    order by s.position, case when s.kind = 'open' then card.board_position end, card.closed_at desc, card.id`.execute(ctx.tx)
  return result.rows
}

export interface BoardFilter {
  perStage: number
  ownerId?: string
  q?: string
  /** Won and lost columns show deals closed since this moment. */
  closedSince: Date
}

function boardFilters(options: Pick<BoardFilter, 'ownerId' | 'q'>) {
  const owner = options.ownerId ? sql`and d.owner_id = ${options.ownerId}` : sql``
  const name = options.q ? sql`and d.name ilike ${`%${options.q.replace(/[\\%_]/g, '\\$&')}%`}` : sql``
  return sql`${owner} ${name}`
}

export interface ColumnTotals {
  stageId: string
  currency: string
  count: number
  amount: string | null
}

/**
 * Count and sum of every column (per currency), over the deals the actor may see. A role that sees every
 * deal, with no text or owner filter, reads the daily totals (decision 0033) for the open columns and for the
 * whole days of the won/lost window, and counts only the deals closed on the window's first, partial
 * day; otherwise every deal is counted.
 */
export async function boardTotals(ctx: ServiceContext, pipelineId: string, options: Omit<BoardFilter, 'perStage'>): Promise<ColumnTotals[]> {
  if (options.q || options.ownerId || objectPermission(ctx, 'deals').visibility !== 'all') return countedBoardTotals(ctx, pipelineId, options)
  // Totals are kept per UTC day: the window's first day is counted from the deals up to the next midnight.
  const firstDay = options.closedSince.toISOString().slice(0, 10)
  const nextMidnight = new Date(`${firstDay}T00:00:00Z`)
  nextMidnight.setUTCDate(nextMidnight.getUTCDate() + 1)
  const kept = (table: string) => sql`
    select stage_id, currency, deal_count, amount_count, amount from ${sql.table(table)}
    where pipeline_id = ${pipelineId} and closed_day is null and status = 'open'
    union all
    select stage_id, currency, deal_count, amount_count, amount from ${sql.table(table)}
    where pipeline_id = ${pipelineId} and closed_day > ${firstDay}::date and status <> 'open'`
  const result = await sql<ColumnTotals>`${sql.raw(PREPARED)}
    select stage_id, currency, sum(deal_count)::int as count, case when sum(amount_count) > 0 then sum(amount) end as amount
    from (
      ${kept('deal_board_totals')}
      union all
      ${kept('deal_board_total_deltas')}
      union all
      select d.stage_id, d.currency, count(*), count(d.amount), coalesce(sum(d.amount), 0) from deals d
      where d.pipeline_id = ${pipelineId} and d.status <> 'open' and d.closed_at >= ${options.closedSince} and d.closed_at < ${nextMidnight}
      group by d.stage_id, d.currency
    ) t
    group by stage_id, currency
    having sum(deal_count) > 0`.execute(ctx.tx)
  return result.rows
}

/** The same totals counted from the deals themselves. */
export async function countedBoardTotals(ctx: ServiceContext, pipelineId: string, options: Omit<BoardFilter, 'perStage'>): Promise<ColumnTotals[]> {
  const visible = visibleRecordsCondition(ctx, 'deals', 'd')
  const extra = boardFilters(options)
  const result = await sql<ColumnTotals>`${sql.raw(PREPARED)}
    select d.stage_id, d.currency, count(*)::int as count, sum(d.amount) as amount from deals d
    where d.pipeline_id = ${pipelineId} and d.status = 'open' and ${visible} ${extra}
    group by d.stage_id, d.currency
    union all
    select d.stage_id, d.currency, count(*)::int as count, sum(d.amount) as amount from deals d
    where d.pipeline_id = ${pipelineId} and d.status <> 'open' and d.closed_at >= ${options.closedSince} and ${visible} ${extra}
    group by d.stage_id, d.currency`.execute(ctx.tx)
  return result.rows
}

export async function insertDeal(ctx: ServiceContext, values: Insertable<DealsTable>): Promise<void> {
  await ctx.tx.insertInto('deals').values(values).execute()
}

export async function updateDealRow(ctx: ServiceContext, id: string, values: Updateable<DealsTable>): Promise<void> {
  await ctx.tx
    .updateTable('deals')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteDealRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('deals').where('id', '=', id).execute()
}

/** Board position at the bottom of a column. */
export async function bottomPosition(ctx: ServiceContext, stageId: string): Promise<number> {
  const row = await ctx.tx
    .selectFrom('deals')
    .select(sql<number | null>`max(board_position)`.as('max'))
    .where('stageId', '=', stageId)
    .executeTakeFirstOrThrow()
  return (row.max ?? 0) + 1024
}

/**
 * The position between `afterId` (or the top) and the card that follows it, ignoring the
 * moving deal. When the gap has become too small to split, the column is renumbered first.
 */
export async function positionAfter(ctx: ServiceContext, stageId: string, afterId: string | null, movingId: string): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let lower: number
    if (afterId) {
      const after = await ctx.tx.selectFrom('deals').select(['boardPosition', 'stageId']).where('id', '=', afterId).executeTakeFirst()
      if (!after || after.stageId !== stageId) throw invalid('The card to place this deal after is not in that stage.', [{ path: 'afterId', message: 'Not in the target stage.' }])
      lower = after.boardPosition
    } else {
      lower = Number.NEGATIVE_INFINITY
    }
    let next = ctx.tx.selectFrom('deals').select(['boardPosition', 'id']).where('stageId', '=', stageId).where('id', '!=', movingId)
    if (afterId) next = next.where(sql`(board_position, id)`, '>', sql`(${lower}::float8, ${afterId}::uuid)`)
    const following = await next.orderBy('boardPosition').orderBy('id').limit(1).executeTakeFirst()
    if (!afterId) return following ? following.boardPosition - 1024 : 1024
    if (!following) return lower + 1024
    const middle = (lower + following.boardPosition) / 2
    if (middle > lower && middle < following.boardPosition) return middle
    await renumberColumn(ctx, stageId)
  }
  throw new Error('Could not find a board position after renumbering the column')
}

async function renumberColumn(ctx: ServiceContext, stageId: string): Promise<void> {
  await sql`
    update deals d set board_position = r.n * 1024
    from (select id, row_number() over (order by board_position, id) as n from deals where stage_id = ${stageId}) r
    where d.id = r.id`.execute(ctx.tx)
}

export async function insertStageChange(
  ctx: ServiceContext,
  values: { id: string; dealId: string; fromStageId: string | null; toStageId: string; secondsInFromStage: number | null },
): Promise<void> {
  await ctx.tx
    .insertInto('dealStageChanges')
    .values({ ...values, tenantId: ctx.actor.tenantId, changedBy: ctx.actor.userId })
    .execute()
}

export function listStageChanges(ctx: ServiceContext, dealId: string) {
  return ctx.tx
    .selectFrom('dealStageChanges as c')
    .leftJoin('pipelineStages as f', 'f.id', 'c.fromStageId')
    .leftJoin('pipelineStages as t', 't.id', 'c.toStageId')
    .leftJoin('users as u', 'u.id', 'c.changedBy')
    .select([
      'c.id',
      'c.fromStageId',
      'f.name as fromStageName',
      'c.toStageId',
      't.name as toStageName',
      'c.secondsInFromStage',
      'c.changedBy',
      'u.name as changedByName',
      'c.changedAt',
    ])
    .where('c.dealId', '=', dealId)
    .orderBy('c.changedAt')
    .orderBy('c.id')
    .execute()
}

export function findStage(ctx: ServiceContext, stageId: string) {
  return ctx.tx.selectFrom('pipelineStages').selectAll().where('id', '=', stageId).executeTakeFirst()
}

export function firstOpenStage(ctx: ServiceContext, pipelineId: string) {
  return ctx.tx
    .selectFrom('pipelineStages')
    .selectAll()
    .where('pipelineId', '=', pipelineId)
    .where('kind', '=', 'open')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst()
}
