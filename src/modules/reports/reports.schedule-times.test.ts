import { describe, expect, it } from 'vitest'
import { nextScheduledRun, zonedInstant } from './reports.schedule-times.ts'

const iso = (d: Date) => d.toISOString()

describe('next run of a report schedule', () => {
  it('runs daily at the hour in Tokyo (no DST), the same day when the hour is still ahead', () => {
    const slot = { cadence: 'daily' as const, hour: 8, timeZone: 'Asia/Tokyo' }
    // 2026-12-05 07:59 JST → 08:00 JST the same day (= 23:00Z the day before).
    expect(iso(nextScheduledRun(slot, new Date('2026-12-04T22:59:00Z')))).toBe('2026-12-04T23:00:00.000Z')
    // Exactly at the slot: the next one, a day later.
    expect(iso(nextScheduledRun(slot, new Date('2026-12-04T23:00:00Z')))).toBe('2026-12-05T23:00:00.000Z')
  })

  it('runs weekly on the weekday and monthly on the day, in Tokyo', () => {
    // 2026-12-05 is a Saturday; Monday = 1 → 2026-12-07 09:00 JST.
    expect(iso(nextScheduledRun({ cadence: 'weekly', weekday: 1, hour: 9, timeZone: 'Asia/Tokyo' }, new Date('2026-12-05T03:00:00Z')))).toBe('2026-12-07T00:00:00.000Z')
    // Day 1 at 00:00 JST, after 5 December → 1 January (and 00:00 JST is 15:00Z the day before).
    expect(iso(nextScheduledRun({ cadence: 'monthly', dayOfMonth: 1, hour: 0, timeZone: 'Asia/Tokyo' }, new Date('2026-12-05T03:00:00Z')))).toBe('2026-12-31T15:00:00.000Z')
    // Day 28 of February exists every year.
    expect(iso(nextScheduledRun({ cadence: 'monthly', dayOfMonth: 28, hour: 12, timeZone: 'Asia/Tokyo' }, new Date('2027-02-01T00:00:00Z')))).toBe('2027-02-28T03:00:00.000Z')
  })

  it('keeps the wall-clock hour across New York DST changes, both ways', () => {
    const daily = { cadence: 'daily' as const, hour: 9, timeZone: 'America/New_York' }
    // 2026-03-07 09:00 EST = 14:00Z; 2026-03-08 (DST starts) 09:00 EDT = 13:00Z.
    const sat = nextScheduledRun(daily, new Date('2026-03-07T12:00:00Z'))
    expect(iso(sat)).toBe('2026-03-07T14:00:00.000Z')
    expect(iso(nextScheduledRun(daily, sat))).toBe('2026-03-08T13:00:00.000Z')
    // 2026-11-01 (DST ends) 09:00 EST = 14:00Z; the day before 09:00 EDT = 13:00Z.
    const oct31 = nextScheduledRun(daily, new Date('2026-10-31T12:00:00Z'))
    expect(iso(oct31)).toBe('2026-10-31T13:00:00.000Z')
    expect(iso(nextScheduledRun(daily, oct31))).toBe('2026-11-01T14:00:00.000Z')
    // Weekly on Sunday over the spring change.
    expect(iso(nextScheduledRun({ cadence: 'weekly', weekday: 0, hour: 9, timeZone: 'America/New_York' }, new Date('2026-03-02T00:00:00Z')))).toBe('2026-03-08T13:00:00.000Z')
  })

  it('runs a skipped hour just after the gap and a repeated hour once', () => {
    // 02:00 does not exist on 2026-03-08 in New York: runs at 03:00 EDT (07:00Z).
    expect(iso(zonedInstant('America/New_York', 2026, 3, 8, 2))).toBe('2026-03-08T07:00:00.000Z')
    const twoAm = { cadence: 'daily' as const, hour: 2, timeZone: 'America/New_York' }
    expect(iso(nextScheduledRun(twoAm, new Date('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:00:00.000Z')
    // 01:00 happens twice on 2026-11-01: the first (EDT, 05:00Z); after it, the next day.
    const oneAm = { cadence: 'daily' as const, hour: 1, timeZone: 'America/New_York' }
    const first = nextScheduledRun(oneAm, new Date('2026-11-01T00:00:00Z'))
    expect(iso(first)).toBe('2026-11-01T05:00:00.000Z')
    expect(iso(nextScheduledRun(oneAm, first))).toBe('2026-11-02T06:00:00.000Z')
  })

  it('after a long outage the next run is the next slot after now, not each missed one', () => {
    const slot = { cadence: 'daily' as const, hour: 8, timeZone: 'Asia/Tokyo' }
    // Due on 1 December, the server was down until 5 December 10:00 JST: one run, then 6 December.
    const now = new Date('2026-12-05T01:00:00Z')
    expect(iso(nextScheduledRun(slot, now))).toBe('2026-12-05T23:00:00.000Z')
  })
})
