/** Date arithmetic for the calendar views, in the browser's local time. */
export type CalendarView = 'month' | 'week' | 'day'

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate())
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n)
}

export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** The days a view shows: 6 weeks from the Sunday on or before the 1st, 7 days from Sunday, or one day. */
export function visibleDays(view: CalendarView, anchor: Date): Date[] {
  if (view === 'day') return [startOfDay(anchor)]
  if (view === 'week') {
    const start = addDays(startOfDay(anchor), -anchor.getDay())
    return Array.from({ length: 7 }, (_, i) => addDays(start, i))
  }
  const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1)
  const start = addDays(first, -first.getDay())
  return Array.from({ length: 42 }, (_, i) => addDays(start, i))
}

export function shift(view: CalendarView, anchor: Date, direction: 1 | -1): Date {
  if (view === 'month') return new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1)
  return addDays(anchor, view === 'week' ? 7 * direction : direction)
}
