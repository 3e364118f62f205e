/**
 * Scheduled delivery of saved reports (配信スケジュール): who may schedule (anyone who may read
 * the report), who may receive it (active members who may read reports and see the report), and
 * when it next runs. The runs themselves are in reports.schedules.jobs.ts.
 */
import type { Selectable } from 'kysely'
import { can } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { resolveMembershipActor } from '../../platform/auth/actor.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { ReportSchedulesTable } from '../../platform/db/schema.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { type ErrorDetail, forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { enqueueJob } from '../../platform/jobs/index.ts'
import { isValidTimeZone, nextScheduledRun, type ScheduleSlot } from './reports.schedule-times.ts'
import type { ReportSchedule, ReportScheduleCreate, ReportSchedulePatch } from './reports.schedules.schema.ts'
import { loadSavedReport, managesReports, REPORTS } from './reports.service.ts'
import type { SavedReport } from './reports.schema.ts'

export const REPORT_SCHEDULES = 'report_schedules'
export const REPORT_DELIVERY_JOB = 'reports.schedule.deliver'

export type ScheduleRow = Selectable<ReportSchedulesTable>

export interface DeliveryPayload {
  scheduleId: string
  tenantId: string
  recipientUserId: string
  /** The slot this delivery is for (ISO time), or 'now:<id>' for "send now". */
  runKey: string
}

/**
 * One delivery job per recipient: each is retried on its own, so a mail server failing half-way
 * through never sends the others twice. The unique key makes a slot enqueue once per recipient.
 */
export async function enqueueScheduleDeliveries(tx: Tx, schedule: Pick<ScheduleRow, 'id' | 'tenantId' | 'recipientUserIds'>, runKey: string): Promise<number> {
  let queued = 0
  for (const recipientUserId of schedule.recipientUserIds) {
    const payload: DeliveryPayload = { scheduleId: schedule.id, tenantId: schedule.tenantId, recipientUserId, runKey }
    const id = await enqueueJob(tx, {
      type: REPORT_DELIVERY_JOB,
      payload: { ...payload },
      tenantId: schedule.tenantId,
      uniqueKey: `report-schedule:${schedule.id}:${recipientUserId}:${runKey}`,
    })
    if (id) queued++
  }
  return queued
}

async function findSchedule(ctx: ServiceContext, id: string): Promise<ScheduleRow | undefined> {
  return ctx.tx.selectFrom('reportSchedules').selectAll().where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).executeTakeFirst()
}

const mayEdit = (ctx: ServiceContext, row: ScheduleRow) => row.createdBy === ctx.actor.userId || managesReports(ctx)

async function present(ctx: ServiceContext, rows: ScheduleRow[]): Promise<ReportSchedule[]> {
  const ids = [...new Set(rows.flatMap((r) => r.recipientUserIds))]
  // Only members of the tenant are visible here (row security on users), so removed people show no name.
  const users = ids.length ? await ctx.tx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute() : []
  const byId = new Map(users.map((u) => [u.id, u]))
  return rows.map((row) => ({
    id: row.id,
    reportId: row.reportId,
    createdBy: row.createdBy,
    recipients: row.recipientUserIds.map((userId) => ({ userId, name: byId.get(userId)?.name ?? null, email: byId.get(userId)?.email ?? null })),
    cadence: row.cadence,
    weekday: row.weekday,
    dayOfMonth: row.dayOfMonth,
    hour: row.hour,
    timeZone: row.timeZone,
    format: row.format,
    locale: row.locale,
    active: row.active,
    nextRunAt: row.nextRunAt.toISOString(),
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
    lastError: row.lastError,
    canEdit: mayEdit(ctx, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }))
}

const auditable = (s: ReportSchedule): Record<string, unknown> => {
  const { canEdit: _c, createdAt: _a, updatedAt: _u, recipients, lastSentAt: _s, lastError: _e, nextRunAt: _n, ...rest } = s
  return { ...rest, recipientUserIds: recipients.map((r) => r.userId) }
}

/** Each recipient must be an active member who may read reports and may see this report. */
async function checkRecipients(ctx: ServiceContext, report: SavedReport, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  const details: ErrorDetail[] = []
  for (const [i, userId] of ids.entries()) {
    if (ids.indexOf(userId) !== i) continue
    const path = `recipientUserIds.${i}`
    const actor = await resolveMembershipActor(ctx.tx, userId, ctx.actor.tenantId)
    if (!actor) {
      details.push({ path, message: `User ${userId} is not a member of this tenant.` })
      continue
    }
    if (!can({ ...ctx, actor }, REPORTS, 'read')) details.push({ path, message: `User ${userId} may not read reports.` })
    else if (!report.shared && report.ownerId !== userId) details.push({ path, message: `User ${userId} cannot open this report: share it first.` })
  }
  if (details.length) throw invalid('Some recipients cannot receive this report.', details)
  return unique
}

function checkSlot(slot: ScheduleSlot): void {
  const details: ErrorDetail[] = []
  if (slot.cadence === 'weekly' && (slot.weekday === null || slot.weekday === undefined)) details.push({ path: 'weekday', message: 'A weekly schedule needs a weekday (0 = Sunday … 6 = Saturday).' })
  if (slot.cadence === 'monthly' && (slot.dayOfMonth === null || slot.dayOfMonth === undefined)) details.push({ path: 'dayOfMonth', message: 'A monthly schedule needs a day of the month (1–28).' })
  if (!isValidTimeZone(slot.timeZone)) details.push({ path: 'timeZone', message: `Unknown time zone: ${slot.timeZone}. Use an IANA name such as Asia/Tokyo.` })
  if (details.length) throw invalid('The schedule is not complete.', details)
}

/** Weekday only for weekly and day only for monthly schedules (the table checks it too). */
function normalSlot(slot: ScheduleSlot): ScheduleSlot {
  return { ...slot, weekday: slot.cadence === 'weekly' ? slot.weekday : null, dayOfMonth: slot.cadence === 'monthly' ? slot.dayOfMonth : null }
}

export async function listReportSchedules(ctx: ServiceContext, reportId: string): Promise<{ data: ReportSchedule[] }> {
  await loadSavedReport(ctx, reportId)
  const rows = await ctx.tx.selectFrom('reportSchedules').selectAll().where('tenantId', '=', ctx.actor.tenantId).where('reportId', '=', reportId).orderBy('id', 'desc').limit(100).execute()
  return { data: await present(ctx, rows) }
}

export async function createReportSchedule(ctx: ServiceContext, reportId: string, input: ReportScheduleCreate, now = new Date()): Promise<ReportSchedule> {
  // Whoever may read the report may schedule it; recipients get only what they may see themselves.
  const report = await loadSavedReport(ctx, reportId)
  const creator = await ctx.tx.selectFrom('users').select('timeZone').where('id', '=', ctx.actor.userId).executeTakeFirst()
  const slot = normalSlot({ cadence: input.cadence, weekday: input.weekday ?? null, dayOfMonth: input.dayOfMonth ?? null, hour: input.hour, timeZone: input.timeZone ?? creator?.timeZone ?? 'Asia/Tokyo' })
  checkSlot(slot)
  const recipients = await checkRecipients(ctx, report, input.recipientUserIds)
  const id = newId()
  await ctx.tx
    .insertInto('reportSchedules')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      reportId,
      createdBy: ctx.actor.userId,
      recipientUserIds: recipients,
      cadence: slot.cadence,
      weekday: slot.weekday ?? null,
      dayOfMonth: slot.dayOfMonth ?? null,
      hour: slot.hour,
      timeZone: slot.timeZone,
      format: input.format ?? 'csv',
      locale: input.locale ?? 'ja',
      active: input.active ?? true,
      nextRunAt: nextScheduledRun(slot, now),
    })
    .execute()
  const [created] = await present(ctx, [(await findSchedule(ctx, id))!])
  await recordAudit(ctx, { objectType: REPORT_SCHEDULES, objectId: id, action: 'create', after: auditable(created!) })
  await emitEvent(ctx, 'report_schedule.created', { objectType: REPORT_SCHEDULES, objectId: id, payload: { reportId } })
  return created!
}

/** A schedule of a report the actor may still read, and may change (its creator or a manager). */
async function editableSchedule(ctx: ServiceContext, id: string): Promise<{ row: ScheduleRow; report: SavedReport }> {
  const row = await findSchedule(ctx, id)
  if (!row) throw notFound('Report schedule')
  const report = await loadSavedReport(ctx, row.reportId).catch(() => {
    throw notFound('Report schedule')
  })
  if (!mayEdit(ctx, row)) throw forbidden('Only whoever made this schedule (or a manager of reports) may change it.')
  return { row, report }
}

export async function updateReportSchedule(ctx: ServiceContext, id: string, patch: ReportSchedulePatch, now = new Date()): Promise<ReportSchedule> {
  const { row, report } = await editableSchedule(ctx, id)
  const slot = normalSlot({
    cadence: patch.cadence ?? row.cadence,
    weekday: patch.weekday !== undefined ? patch.weekday : row.weekday,
    dayOfMonth: patch.dayOfMonth !== undefined ? patch.dayOfMonth : row.dayOfMonth,
    hour: patch.hour ?? row.hour,
    timeZone: patch.timeZone ?? row.timeZone,
  })
  checkSlot(slot)
  const recipients = patch.recipientUserIds ? await checkRecipients(ctx, report, patch.recipientUserIds) : row.recipientUserIds
  const active = patch.active ?? row.active
  const slotChanged = slot.cadence !== row.cadence || slot.weekday !== row.weekday || slot.dayOfMonth !== row.dayOfMonth || slot.hour !== row.hour || slot.timeZone !== row.timeZone
  // A new time, or a resumed schedule, counts from now: a paused one does not catch up.
  const resumed = active && !row.active
  const [before] = await present(ctx, [row])
  await ctx.tx
    .updateTable('reportSchedules')
    .set({
      recipientUserIds: recipients,
      cadence: slot.cadence,
      weekday: slot.weekday ?? null,
      dayOfMonth: slot.dayOfMonth ?? null,
      hour: slot.hour,
      timeZone: slot.timeZone,
      format: patch.format ?? row.format,
      locale: patch.locale ?? row.locale,
      active,
      ...(slotChanged || resumed ? { nextRunAt: nextScheduledRun(slot, now) } : {}),
      updatedAt: now,
    })
    .where('tenantId', '=', ctx.actor.tenantId)
    .where('id', '=', id)
    .execute()
  const [after] = await present(ctx, [(await findSchedule(ctx, id))!])
  if (await recordAudit(ctx, { objectType: REPORT_SCHEDULES, objectId: id, action: 'update', before: auditable(before!), after: auditable(after!) })) {
    await emitEvent(ctx, 'report_schedule.updated', { objectType: REPORT_SCHEDULES, objectId: id, payload: { reportId: row.reportId } })
  }
  return after!
}

export async function deleteReportSchedule(ctx: ServiceContext, id: string): Promise<void> {
  const { row } = await editableSchedule(ctx, id)
  const [before] = await present(ctx, [row])
  await ctx.tx.deleteFrom('reportSchedules').where('tenantId', '=', ctx.actor.tenantId).where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: REPORT_SCHEDULES, objectId: id, action: 'delete', before: auditable(before!) })
  await emitEvent(ctx, 'report_schedule.deleted', { objectType: REPORT_SCHEDULES, objectId: id, payload: { reportId: row.reportId } })
}

/** Queues one delivery per recipient now, outside the schedule's times (next_run_at stays). */
export async function sendReportScheduleNow(ctx: ServiceContext, id: string): Promise<{ queued: number }> {
  const { row } = await editableSchedule(ctx, id)
  const queued = await enqueueScheduleDeliveries(ctx.tx, row, `now:${newId()}`)
  await recordAudit(ctx, { objectType: REPORT_SCHEDULES, objectId: id, action: 'send_now', after: { recipientUserIds: row.recipientUserIds } })
  await emitEvent(ctx, 'report_schedule.sent_now', { objectType: REPORT_SCHEDULES, objectId: id, payload: { reportId: row.reportId } })
  return { queued }
}
