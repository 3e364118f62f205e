/**
 * The calendar: meetings and dated tasks in a time range for the API, and each user's
 * iCalendar feed at a secret URL (token shown once, kept only as a SHA-256 hash).
 */
import { authorize } from '../../platform/access/policy.ts'
import { resolveMembershipActor } from '../../platform/auth/actor.ts'
import { hashSecret, randomSecret } from '../../platform/auth/credentials.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { myActivities, selectActivities, type ActivityRow } from './activities.queries.ts'
import type { CalendarFeed, CalendarItem, CalendarQuery, CalendarResponse } from './activities.schema.ts'
import { addDays, calendarDocument, component, escapeText, type IcalProperty, localDate, utcStamp } from './ical.ts'

const OBJECT = 'activities'
const MAX_ITEMS = 2000
const MAX_RANGE_DAYS = 400
export const FEED_PATH = '/api/v1/calendar/feeds'

async function calendarRows(ctx: ServiceContext, from: Date, to: Date, scope: 'me' | 'team'): Promise<ActivityRow[]> {
  const scoped = <Q extends ReturnType<typeof selectActivities>>(q: Q) => (scope === 'me' ? q.where(myActivities(ctx)) : q)
  // Two queries, each served by its own partial index, merged here (an OR of both scans the tenant).
  const meetings = await scoped(
    selectActivities(ctx)
      .where('a.kind', '=', 'meeting')
      .where('a.startsAt', '<', to)
      // A meeting without an end lasts an instant.
      .where((eb) => eb.or([eb('a.endsAt', '>=', from), eb.and([eb('a.endsAt', 'is', null), eb('a.startsAt', '>=', from)])])),
  )
    .orderBy('a.startsAt')
    .orderBy('a.id')
    .limit(MAX_ITEMS + 1)
    .execute()
  const tasks = await scoped(
    selectActivities(ctx).where('a.kind', '=', 'task').where('a.dueAt', '>=', from).where('a.dueAt', '<', to).where('a.status', '!=', 'cancelled'),
  )
    .orderBy('a.dueAt')
    .orderBy('a.id')
    .limit(MAX_ITEMS + 1)
    .execute()
  const when = (row: ActivityRow) => (row.kind === 'meeting' ? row.startsAt! : row.dueAt!).getTime()
  return [...meetings, ...tasks].sort((a, b) => when(a) - when(b) || (a.id < b.id ? -1 : 1)).slice(0, MAX_ITEMS + 1)
}

function toItem(row: ActivityRow): CalendarItem {
  const start = (row.kind === 'meeting' ? row.startsAt : row.dueAt)!
  return {
    id: row.id,
    kind: row.kind === 'meeting' ? 'meeting' : 'task',
    subject: row.subject,
    start: start.toISOString(),
    end: row.kind === 'meeting' && row.endsAt ? row.endsAt.toISOString() : null,
    allDay: row.allDay,
    place: row.place,
    status: row.status,
    accountId: row.accountId,
    accountName: row.accountName,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
  }
}

export async function listCalendar(ctx: ServiceContext, query: CalendarQuery): Promise<CalendarResponse> {
  authorize(ctx, OBJECT, 'read')
  const from = new Date(query.from)
  const to = new Date(query.to)
  if (!(to > from)) throw invalid('The range is empty.', [{ path: 'to', message: 'Must be after from.' }])
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw invalid('The range is too long.', [{ path: 'to', message: `At most ${MAX_RANGE_DAYS} days.` }])
  const rows = await calendarRows(ctx, from, to, query.scope)
  return { data: rows.slice(0, MAX_ITEMS).map(toItem), truncated: rows.length > MAX_ITEMS }
}

// ---- the per-user feed -------------------------------------------------------------

export async function getCalendarFeed(ctx: ServiceContext): Promise<CalendarFeed> {
  const row = await ctx.tx.selectFrom('calendarFeedTokens').select(['prefix', 'createdAt']).where('userId', '=', ctx.actor.userId).executeTakeFirst()
  return { active: row !== undefined, prefix: row?.prefix ?? null, createdAt: row ? row.createdAt.toISOString() : null, url: null }
}

/** Creates the feed token, or replaces it (the old URL stops working at once). */
export async function rotateCalendarFeed(ctx: ServiceContext, publicUrl: string): Promise<CalendarFeed> {
  authorize(ctx, OBJECT, 'read')
  const token = randomSecret(32)
  const prefix = token.slice(0, 6)
  await ctx.tx.deleteFrom('calendarFeedTokens').where('userId', '=', ctx.actor.userId).execute()
  const id = newId()
  const row = await ctx.tx
    .insertInto('calendarFeedTokens')
    .values({ id, tenantId: ctx.actor.tenantId, userId: ctx.actor.userId, tokenHash: hashSecret(token), prefix })
    .returning(['createdAt'])
    .executeTakeFirstOrThrow()
  await recordAudit(ctx, { objectType: 'calendarFeed', objectId: id, action: 'rotate', changes: { prefix: { before: null, after: prefix } } })
  return { active: true, prefix, createdAt: row.createdAt.toISOString(), url: `${publicUrl}${FEED_PATH}/${token}.ics` }
}

export async function revokeCalendarFeed(ctx: ServiceContext): Promise<void> {
  const removed = await ctx.tx.deleteFrom('calendarFeedTokens').where('userId', '=', ctx.actor.userId).returning('id').executeTakeFirst()
  if (!removed) throw notFound('Calendar feed')
  await recordAudit(ctx, { objectType: 'calendarFeed', objectId: removed.id, action: 'revoke' })
}

const PRIORITY = { high: '1', normal: '5', low: '9' } as const

function eventOf(row: ActivityRow, host: string, timeZone: string): string[] {
  const uid = `${row.id}@${host}`
  const stamp = utcStamp(row.updatedAt)
  const common: IcalProperty[] = [
    ['UID', uid],
    ['DTSTAMP', stamp],
    ['LAST-MODIFIED', stamp],
    ['CREATED', utcStamp(row.createdAt)],
    ['SUMMARY', escapeText(row.kind === 'task' && row.status === 'done' ? `✔ ${row.subject}` : row.subject)],
    ['DESCRIPTION', row.body ? escapeText(row.body) : null],
  ]
  if (row.kind === 'meeting') {
    const start = row.startsAt!
    const end = row.endsAt ?? start
    const timing: IcalProperty[] = row.allDay
      ? [
          ['DTSTART', localDate(start, timeZone), 'VALUE=DATE'],
          // DTEND of an all-day event is the day after the last day.
          ['DTEND', addDays(localDate(end, timeZone), 1), 'VALUE=DATE'],
        ]
      : [
          ['DTSTART', utcStamp(start)],
          ['DTEND', utcStamp(end > start ? end : new Date(start.getTime() + 30 * 60_000))],
        ]
    return component('VEVENT', [
      ...common,
      ...timing,
      ['LOCATION', row.place ? escapeText(row.place) : null],
      ['STATUS', 'CONFIRMED'],
      ['TRANSP', row.allDay ? 'TRANSPARENT' : 'OPAQUE'],
      ['CATEGORIES', row.accountName ? escapeText(row.accountName) : null],
    ])
  }
  // Tasks are events at their due time: Google Calendar and Outlook ignore VTODO in feeds.
  const due = row.dueAt!
  return component('VEVENT', [
    ...common,
    ['DTSTART', utcStamp(due)],
    ['DURATION', 'PT15M'],
    ['STATUS', 'CONFIRMED'],
    ['TRANSP', 'TRANSPARENT'],
    ['PRIORITY', row.priority ? PRIORITY[row.priority] : null],
    ['CATEGORIES', 'TASK'],
    ['X-DAIFUKU-STATUS', row.status ?? null],
  ])
}

/**
 * The feed for a token: 404 for an unknown token (no hint whether it ever existed). Covers
 * 90 days back and 400 ahead, the user's own activities only.
 */
export async function renderCalendarFeed(db: Db, token: string, publicUrl: string): Promise<string> {
  const owner = await inSystemTransaction(db, (tx) =>
    tx.selectFrom('calendarFeedTokens').select(['tenantId', 'userId']).where('tokenHash', '=', hashSecret(token)).executeTakeFirst(),
  )
  if (!owner) throw notFound('Calendar feed')
  const actor = await resolveMembershipActor(db, owner.userId, owner.tenantId)
  if (!actor || !actor.role.permissions.objects.activities?.read) throw notFound('Calendar feed')
  const host = new URL(publicUrl).hostname || 'daifuku'
  return inTenantTransaction(db, owner.tenantId, async (tx) => {
    const ctx: ServiceContext = { actor, tx, requestId: null, ip: null }
    const user = await tx.selectFrom('users').select(['name', 'timeZone']).where('id', '=', actor.userId).executeTakeFirstOrThrow()
    const now = Date.now()
    const rows = await calendarRows(ctx, new Date(now - 90 * 86_400_000), new Date(now + 400 * 86_400_000), 'me')
    return calendarDocument(
      [
        ['VERSION', '2.0'],
        ['PRODID', '-//Daifuku//Daifuku CRM//JA'],
        ['CALSCALE', 'GREGORIAN'],
        ['METHOD', 'PUBLISH'],
        ['X-WR-CALNAME', escapeText(`Daifuku – ${user.name}`)],
        ['X-WR-TIMEZONE', user.timeZone],
        ['REFRESH-INTERVAL', 'PT30M', 'VALUE=DURATION'],
        ['X-PUBLISHED-TTL', 'PT30M'],
      ],
      rows.slice(0, MAX_ITEMS).map((row) => eventOf(row, host, user.timeZone)),
    )
  })
}
