/**
 * 日報: a rep writes one report per day, pre-filled from what the day actually held (their
 * activities and deal stage changes, in the company's time zone); managers read their
 * team's reports and comment, which notifies the author.
 */
import { sql } from 'kysely'
import { assertWritableFields, authorize, visibleRecordsCondition } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { createNotification } from '../notifications/index.ts'
import type { Comment, DailyReport, DayOfWork, DayQuery, DayReportWrite, DayView, ReportListQuery } from './daily-reports.schema.ts'

const OBJECT = 'dailyReports'

function selectReports(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('dailyReports as r')
    .leftJoin('users as u', 'u.id', 'r.ownerId')
    .selectAll('r')
    .select([
      'u.name as ownerName',
      (eb) => eb.selectFrom('dailyReportComments as c').select(sql<number>`count(*)::int`.as('n')).whereRef('c.reportId', '=', 'r.id').as('commentCount'),
    ])
    .where(visibleRecordsCondition(ctx, OBJECT, 'r'))
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof selectReports>['executeTakeFirstOrThrow']>>

function present(row: ReportRow): DailyReport {
  return {
    id: row.id,
    date: row.reportDate,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    summary: row.summary,
    plan: row.plan,
    issues: row.issues,
    status: row.status,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    commentCount: Number(row.commentCount ?? 0),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** What the user did on the day: activities they own or were assigned, and deal moves they made. */
async function dayOfWork(ctx: ServiceContext, userId: string, date: string): Promise<DayOfWork> {
  const tenant = await ctx.tx.selectFrom('tenants').select('timeZone').executeTakeFirstOrThrow()
  // The day's bounds as instants in the company's zone.
  const start = sql`(${date}::date::timestamp at time zone ${tenant.timeZone})`
  const end = sql`((${date}::date + 1)::timestamp at time zone ${tenant.timeZone})`
  const at = sql<Date>`case a.kind when 'task' then a.completed_at when 'meeting' then a.starts_at when 'email' then coalesce(a.sent_at, a.created_at) else a.created_at end`
  const activities = await ctx.tx
    .selectFrom('activities as a')
    .leftJoin('accounts as acc', 'acc.id', 'a.accountId')
    .select(['a.id', 'a.kind', 'a.subject', at.as('at'), 'a.accountId', 'acc.name as accountName', 'a.outcome'])
    .where((eb) => eb.or([eb('a.ownerId', '=', userId), eb('a.assigneeId', '=', userId)]))
    .where(sql<boolean>`${at} >= ${start} and ${at} < ${end}`)
    .where((eb) => eb.or([eb('a.kind', '!=', 'task'), eb('a.status', '=', 'done')]))
    .where(visibleRecordsCondition(ctx, 'activities', 'a'))
    .orderBy(at)
    .orderBy('a.id')
    .execute()
  const dealChanges = await ctx.tx
    .selectFrom('dealStageChanges as c')
    .innerJoin('deals as d', 'd.id', 'c.dealId')
    .leftJoin('pipelineStages as f', 'f.id', 'c.fromStageId')
    .leftJoin('pipelineStages as s', 's.id', 'c.toStageId')
    .select(['d.id as dealId', 'd.name as dealName', 'f.name as fromStageName', 's.name as toStageName', 's.kind as toStageKind', 'd.amount', 'd.currency', 'c.changedAt as at'])
    .where('c.changedBy', '=', userId)
    .where(sql<boolean>`c.changed_at >= ${start} and c.changed_at < ${end}`)
    .where(visibleRecordsCondition(ctx, 'deals', 'd'))
    .orderBy('c.changedAt')
    .orderBy('c.id')
    .execute()
  return {
    activities: activities.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    dealChanges: dealChanges.map((c) => ({ ...c, amount: c.amount === null ? null : Number(c.amount), at: c.at.toISOString() })),
  }
}

async function commentsOf(ctx: ServiceContext, reportId: string): Promise<Comment[]> {
  const rows = await ctx.tx
    .selectFrom('dailyReportComments as c')
    .leftJoin('users as u', 'u.id', 'c.authorId')
    .select(['c.id', 'c.authorId', 'u.name as authorName', 'c.body', 'c.createdAt'])
    .where('c.reportId', '=', reportId)
    .orderBy('c.createdAt')
    .orderBy('c.id')
    .execute()
  return rows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))
}

/** One person's day: their report (if written), what they did, and the comments. */
export async function getDay(ctx: ServiceContext, query: DayQuery): Promise<DayView> {
  authorize(ctx, OBJECT, 'read')
  const userId = query.userId ?? ctx.actor.userId
  const row = await selectReports(ctx).where('r.ownerId', '=', userId).where('r.reportDate', '=', query.date).executeTakeFirst()
  if (!row && userId !== ctx.actor.userId) {
    // Someone else's unwritten day: only for those who could read their reports.
    const member = await ctx.tx.selectFrom('memberships').select(['userId', 'teamId']).where('userId', '=', userId).executeTakeFirst()
    if (!member) throw notFound('User')
  }
  return {
    date: query.date,
    userId,
    report: row ? present(row) : null,
    work: await dayOfWork(ctx, userId, query.date),
    comments: row ? await commentsOf(ctx, row.id) : [],
  }
}

/** Writes (or hands in) the actor's own report of a day. */
export async function saveMyDay(ctx: ServiceContext, input: DayReportWrite): Promise<DailyReport> {
  const existing = await ctx.tx
    .selectFrom('dailyReports')
    .selectAll()
    .where('ownerId', '=', ctx.actor.userId)
    .where('reportDate', '=', input.date)
    .forUpdate()
    .executeTakeFirst()
  authorize(ctx, OBJECT, existing ? 'update' : 'create')
  assertWritableFields(ctx, OBJECT, { summary: input.summary, plan: input.plan, issues: input.issues })
  const fields = {
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(input.plan !== undefined ? { plan: input.plan } : {}),
    ...(input.issues !== undefined ? { issues: input.issues } : {}),
    ...(input.submit ? { status: 'submitted' as const } : {}),
  }
  const id = existing?.id ?? newId()
  if (existing) {
    await ctx.tx
      .updateTable('dailyReports')
      .set({ ...fields, ...(input.submit && !existing.submittedAt ? { submittedAt: new Date() } : {}), updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
  } else {
    await ctx.tx
      .insertInto('dailyReports')
      .values({ id, tenantId: ctx.actor.tenantId, reportDate: input.date, ownerId: ctx.actor.userId, teamId: ctx.actor.teamId, ...fields, submittedAt: input.submit ? new Date() : null })
      .execute()
  }
  const after = await selectReports(ctx).where('r.id', '=', id).executeTakeFirstOrThrow()
  const snapshot = (r: { summary: string; plan: string; issues: string; status: string }) => ({ summary: r.summary, plan: r.plan, issues: r.issues, status: r.status })
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: existing ? 'update' : 'create', before: existing ? snapshot(existing) : null, after: snapshot(after) })
  if (input.submit && existing?.status !== 'submitted') {
    await emitEvent(ctx, 'daily_report.submitted', { objectType: OBJECT, objectId: id, payload: { date: input.date, ownerId: ctx.actor.userId } })
  }
  return present(after)
}

export async function listReports(ctx: ServiceContext, query: ReportListQuery): Promise<Page<DailyReport>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 2)
  let q = selectReports(ctx)
  if (query.ownerId) q = q.where('r.ownerId', '=', query.ownerId)
  if (query.teamId) q = q.where('r.teamId', '=', query.teamId)
  if (query.from) q = q.where('r.reportDate', '>=', query.from)
  if (query.to) q = q.where('r.reportDate', '<=', query.to)
  if (query.status) q = q.where('r.status', '=', query.status)
  if (after) q = q.where(sql`(r.report_date, r.id)`, '<', sql`(${after[0]}::date, ${after[1]}::uuid)`)
  const rows = await q.orderBy('r.reportDate', 'desc').orderBy('r.id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (r) => [r.reportDate, r.id])
  return { data: page.data.map(present), nextCursor: page.nextCursor }
}

/** A comment on a report (a manager's feedback); the author is notified. */
export async function addComment(ctx: ServiceContext, reportId: string, body: string): Promise<Comment> {
  authorize(ctx, OBJECT, 'read')
  const report = await selectReports(ctx).where('r.id', '=', reportId).executeTakeFirst()
  if (!report) throw notFound('Daily report')
  const id = newId()
  await ctx.tx.insertInto('dailyReportComments').values({ id, tenantId: ctx.actor.tenantId, reportId, authorId: ctx.actor.userId, body }).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: reportId, action: 'comment', changes: { comment: { before: null, after: body } } })
  if (report.ownerId !== ctx.actor.userId) {
    const author = await ctx.tx.selectFrom('users').select('name').where('id', '=', ctx.actor.userId).executeTakeFirst()
    await createNotification(ctx.tx, {
      tenantId: ctx.actor.tenantId,
      userId: report.ownerId,
      kind: 'daily_report.comment',
      title: `${author?.name ?? ''}: ${report.reportDate}`,
      body,
      link: `/daily-reports?date=${report.reportDate}`,
      objectType: OBJECT,
      objectId: reportId,
    })
  }
  const [comment] = (await commentsOf(ctx, reportId)).filter((c) => c.id === id)
  return comment!
}
