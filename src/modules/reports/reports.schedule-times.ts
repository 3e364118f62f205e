/**
 * When a report schedule next runs: the first slot strictly after a given instant, at the
 * schedule's hour (minute 0) of wall-clock time in its own IANA zone. Pure; no database.
 *
 * DST: an hour that does not exist that day (clocks jump forward over it) runs at the first
 * instant after the gap (New York 02:00 → 03:00 EDT); an hour that happens twice (clocks fall
 * back) runs at its first occurrence only. Because the next slot is always taken after *now*,
 * a schedule that missed several slots while the server was down sends once, not once per slot.
 */
import type { ReportScheduleCadence } from '../../platform/db/schema.ts'

export interface ScheduleSlot {
  cadence: ReportScheduleCadence
  /** 0 = Sunday … 6 = Saturday (weekly). */
  weekday?: number | null
  /** 1–28 (monthly). */
  dayOfMonth?: number | null
  hour: number
  timeZone: string
}

const HOUR = 3_600_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function wallClock(timeZone: string, instant: number): { year: number; month: number; day: number; hour: number; minute: number } {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
    formatters.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]))
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) }
}

/** The zone's offset from UTC at an instant, in ms (Tokyo: +9 h). */
function offsetAt(timeZone: string, instant: number): number {
  const w = wallClock(timeZone, instant)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(instant / 60_000) * 60_000
}

/** The instant a local date and hour happen in the zone (see the DST rules above). */
export function zonedInstant(timeZone: string, year: number, month: number, day: number, hour: number): Date {
  const local = Date.UTC(year, month - 1, day, hour)
  // The offsets in force half a day either side cover any transition near this hour.
  const before = offsetAt(timeZone, local - 12 * HOUR)
  const after = offsetAt(timeZone, local + 12 * HOUR)
  const matches = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((instant) => {
      const w = wallClock(timeZone, instant)
      return w.year === year && w.month === month && w.day === day && w.hour === hour
    })
    .sort((a, b) => a - b)
  // No match: the hour fell into a gap; the old offset lands just after it.
  return new Date(matches[0] ?? local - before)
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** The first run of the schedule strictly after `after`. */
export function nextScheduledRun(slot: ScheduleSlot, after: Date): Date {
  const start = wallClock(slot.timeZone, after.getTime())
  // 62 local days always hold a slot of any cadence (monthly days are 1–28).
  for (let i = 0; i < 62; i++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + i))
    if (slot.cadence === 'weekly' && date.getUTCDay() !== slot.weekday) continue
    if (slot.cadence === 'monthly' && date.getUTCDate() !== slot.dayOfMonth) continue
    const instant = zonedInstant(slot.timeZone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), slot.hour)
    if (instant.getTime() > after.getTime()) return instant
  }
  throw new Error(`No run of the ${slot.cadence} schedule within 62 days after ${after.toISOString()}`)
}
