/**
 * Registrations for staff: the list (search, status, attended / no-show), check-in by click or by
 * reception code, cancellation, the attendee CSV and follow-up tasks for attendees.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, toPage, type Page } from '../../platform/db/pagination.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { createActivity } from '../activities/index.ts'
import type { Registration, RegistrationListQuery } from './events.schema.ts'
import { eventRow, OBJECT } from './events.service.ts'
import { cancelRegistrationInTx, REGISTRATION_OBJECT, type CancellationOutcome } from './public.service.ts'

function selectRegistrations(ctx: ServiceContext, eventId: string) {
  return ctx.tx
    .selectFrom('eventRegistrations as r')
    .select([
      'r.id',
      'r.eventId',
      'r.name',
      'r.nameKana',
      'r.company',
      'r.email',
      'r.phone',
      'r.status',
      'r.code',
      'r.contactId',
      'r.leadId',
      'r.checkedInAt',
      'r.promotedAt',
      'r.cancelledAt',
      'r.reminderSentAt',
      'r.followUpTaskId',
      'r.createdAt',
    ])
    .where('r.eventId', '=', eventId)
}
type RegistrationRow = Awaited<ReturnType<ReturnType<typeof selectRegistrations>['executeTakeFirstOrThrow']>>

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

function present(row: RegistrationRow): Registration {
  return {
    ...row,
    checkedInAt: iso(row.checkedInAt),
    promotedAt: iso(row.promotedAt),
    cancelledAt: iso(row.cancelledAt),
    reminderSentAt: iso(row.reminderSentAt),
    createdAt: iso(row.createdAt)!,
  }
}

function filtered(ctx: ServiceContext, eventId: string, query: Omit<RegistrationListQuery, 'limit' | 'cursor'>) {
  let q = selectRegistrations(ctx, eventId)
  if (query.status) q = q.where('r.status', '=', query.status)
  if (query.attendance) {
    q = q.where('r.status', '=', 'confirmed').where('r.checkedInAt', query.attendance === 'attended' ? 'is not' : 'is', null)
  }
  const text = query.q?.trim()
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where(sql<boolean>`(r.name ilike ${like} or r.name_kana ilike ${like} or r.company ilike ${like} or r.email ilike ${like} or r.code = ${text.toUpperCase()})`)
  }
  return q
}

/** Oldest first: the reception desk and the waitlist both read in order of registration. */
export async function listRegistrations(ctx: ServiceContext, eventId: string, query: RegistrationListQuery): Promise<Page<Registration>> {
  authorize(ctx, OBJECT, 'read')
  await eventRow(ctx.tx, eventId)
  const cursor = decodeCursor(query.cursor, 1)
  let q = filtered(ctx, eventId, query)
  if (cursor) q = q.where('r.id', '>', String(cursor[0]))
  const rows = await q.orderBy('r.id').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (r) => [r.id])
  return { data: page.data.map(present), nextCursor: page.nextCursor }
}

async function registrationRow(ctx: ServiceContext, eventId: string, registrationId: string): Promise<RegistrationRow> {
  const row = await selectRegistrations(ctx, eventId).where('r.id', '=', registrationId).executeTakeFirst()
  if (!row) throw notFound('Registration')
  return row
}

async function setCheckIn(ctx: ServiceContext, row: RegistrationRow, checkedIn: boolean): Promise<Registration> {
  if (row.status !== 'confirmed') throw invalid('Only confirmed registrants can check in.', [{ path: 'status', message: row.status }])
  if ((row.checkedInAt !== null) === checkedIn) return present(row)
  const now = new Date()
  await ctx.tx
    .updateTable('eventRegistrations')
    .set({ checkedInAt: checkedIn ? now : null, checkedInBy: checkedIn ? ctx.actor.userId : null, updatedAt: now })
    .where('id', '=', row.id)
    .execute()
  await recordAudit(ctx, { objectType: REGISTRATION_OBJECT, objectId: row.id, action: 'update', before: { checkedInAt: iso(row.checkedInAt) }, after: { checkedInAt: checkedIn ? now.toISOString() : null } })
  await emitEvent(ctx, checkedIn ? 'event.checked_in' : 'event.check_in_undone', { objectType: REGISTRATION_OBJECT, objectId: row.id, payload: { eventId: row.eventId, contactId: row.contactId } })
  return present(await registrationRow(ctx, row.eventId, row.id))
}

export async function checkIn(ctx: ServiceContext, eventId: string, registrationId: string, checkedIn: boolean): Promise<Registration> {
  authorize(ctx, OBJECT, 'update')
  return setCheckIn(ctx, await registrationRow(ctx, eventId, registrationId), checkedIn)
}

export async function checkInByCode(ctx: ServiceContext, eventId: string, code: string): Promise<Registration> {
  authorize(ctx, OBJECT, 'update')
  await eventRow(ctx.tx, eventId)
  const row = await selectRegistrations(ctx, eventId).where('r.code', '=', code.trim().toUpperCase()).executeTakeFirst()
  if (!row) throw notFound('Registration')
  return setCheckIn(ctx, row, true)
}

export async function cancelRegistration(ctx: ServiceContext, eventId: string, registrationId: string): Promise<CancellationOutcome> {
  authorize(ctx, OBJECT, 'update')
  await registrationRow(ctx, eventId, registrationId)
  return cancelRegistrationInTx(ctx, registrationId)
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value)
  // A leading = + - @ would run as a formula in Excel: prefix a quote (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Confirmed registrants (or only attendees / no-shows) as CSV with Japanese or English headers. */
export async function registrationsCsv(ctx: ServiceContext, eventId: string, query: { attendance?: 'attended' | 'no_show'; lang: 'ja' | 'en' }): Promise<string> {
  authorize(ctx, OBJECT, 'read')
  await eventRow(ctx.tx, eventId)
  const rows = await filtered(ctx, eventId, { status: 'confirmed', attendance: query.attendance }).orderBy('r.id').limit(100_000).execute()
  const header =
    query.lang === 'en'
      ? ['Name', 'Name (kana)', 'Company', 'Email', 'Phone', 'Code', 'Registered at', 'Checked in at', 'Attended']
      : ['氏名', 'フリガナ', '会社名', 'メールアドレス', '電話番号', '受付番号', '申込日時', 'チェックイン日時', '出欠']
  const attended = query.lang === 'en' ? ['yes', 'no'] : ['出席', '欠席']
  const lines = rows.map((r) =>
    [r.name, r.nameKana, r.company, r.email, r.phone, r.code, iso(r.createdAt), iso(r.checkedInAt), r.checkedInAt ? attended[0] : attended[1]].map(csvCell).join(','),
  )
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`
}

/**
 * One task per attendee without one yet, owned and assigned to the event owner (or the caller when
 * the event has none), linked to the contact. Running it again creates nothing new.
 */
export async function createFollowUpTasks(ctx: ServiceContext, eventId: string): Promise<{ created: number; skipped: number; taskIds: string[] }> {
  authorize(ctx, OBJECT, 'update')
  const event = await eventRow(ctx.tx, eventId)
  const attendees = await filtered(ctx, eventId, { attendance: 'attended' }).orderBy('r.id').execute()
  const owner = event.ownerId ?? ctx.actor.userId
  const due = new Date(Math.max(Date.now(), new Date(event.endsAt).getTime()) + 3 * 24 * 3600_000).toISOString()
  const taskIds: string[] = []
  for (const a of attendees) {
    if (a.followUpTaskId) continue
    const task = await createActivity(ctx, {
      kind: 'task',
      subject: `フォローアップ: ${a.name}${a.company ? `（${a.company}）` : ''} — ${event.title}`,
      body: [`イベント「${event.title}」のご参加者です。`, `メール: ${a.email}`, a.phone ? `電話: ${a.phone}` : null].filter(Boolean).join('\n'),
      ownerId: owner,
      assigneeId: owner,
      contactId: a.contactId,
      relatedType: 'events',
      relatedId: eventId,
      dueAt: due,
      priority: 'normal',
    })
    await ctx.tx.updateTable('eventRegistrations').set({ followUpTaskId: task.id, updatedAt: new Date() }).where('id', '=', a.id).execute()
    taskIds.push(task.id)
  }
  if (taskIds.length > 0) await emitEvent(ctx, 'event.follow_up_created', { objectType: OBJECT, objectId: eventId, payload: { tasks: taskIds.length } })
  return { created: taskIds.length, skipped: attendees.length - taskIds.length, taskIds }
}
