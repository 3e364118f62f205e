/** Events (イベント) over the API: types, react-query hooks and time-zone helpers for the form. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export const EVENT_KINDS = ['seminar', 'webinar', 'meeting'] as const
export type EventKind = (typeof EVENT_KINDS)[number]
export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'finished'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled'

export const STATUS_COLORS: Record<EventStatus, string> = { draft: 'gray', published: 'teal', cancelled: 'red', finished: 'blue' }
export const REGISTRATION_COLORS: Record<RegistrationStatus, string> = { confirmed: 'teal', waitlisted: 'orange', cancelled: 'gray' }

export interface EventCounts {
  confirmed: number
  waitlisted: number
  cancelled: number
  checkedIn: number
  attendanceRate: number | null
}

export interface CrmEvent {
  id: string
  title: string
  kind: EventKind
  description: string | null
  venue: string | null
  onlineUrl: string | null
  startsAt: string
  endsAt: string
  timeZone: string
  capacity: number | null
  registrationOpensAt: string | null
  registrationClosesAt: string | null
  status: EventStatus
  publicKey: string
  reminderHours: number
  ownerId: string | null
  ownerName: string | null
  counts: EventCounts
  createdAt: string
  updatedAt: string
}

export type EventWrite = Partial<Omit<CrmEvent, 'id' | 'publicKey' | 'ownerName' | 'counts' | 'createdAt' | 'updatedAt'>>

export interface Registration {
  id: string
  eventId: string
  name: string
  nameKana: string | null
  company: string | null
  email: string
  phone: string | null
  status: RegistrationStatus
  code: string
  contactId: string | null
  leadId: string | null
  checkedInAt: string | null
  promotedAt: string | null
  cancelledAt: string | null
  reminderSentAt: string | null
  followUpTaskId: string | null
  createdAt: string
}

export interface RegistrationFilters {
  q?: string
  status?: RegistrationStatus
  attendance?: 'attended' | 'no_show'
}

export function useEventList(filters: { q?: string; status?: EventStatus }) {
  return useInfiniteQuery({
    queryKey: ['events', 'list', filters],
    queryFn: ({ pageParam }) => api.get<Page<CrmEvent>>('/api/v1/events', { ...filters, limit: 30, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useEvent(id: string) {
  return useQuery({ queryKey: ['events', 'one', id], queryFn: () => api.get<CrmEvent>(`/api/v1/events/${id}`), enabled: id !== '' })
}

export function useRegistrations(eventId: string, filters: RegistrationFilters) {
  return useInfiniteQuery({
    queryKey: ['events', 'registrations', eventId, filters],
    queryFn: ({ pageParam }) => api.get<Page<Registration>>(`/api/v1/events/${eventId}/registrations`, { ...filters, limit: 200, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

function useRefresh(eventId?: string) {
  const client = useQueryClient()
  return () => {
    void client.invalidateQueries({ queryKey: ['events', 'list'] })
    if (eventId) {
      void client.invalidateQueries({ queryKey: ['events', 'one', eventId] })
      void client.invalidateQueries({ queryKey: ['events', 'registrations', eventId] })
    }
  }
}

export function useSaveEvent(id?: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: EventWrite) => (id ? api.patch<CrmEvent>(`/api/v1/events/${id}`, body) : api.post<CrmEvent>('/api/v1/events', body)),
    onSuccess: (event) => {
      client.setQueryData(['events', 'one', event.id], event)
      void client.invalidateQueries({ queryKey: ['events', 'list'] })
      void client.invalidateQueries({ queryKey: ['events', 'registrations', event.id] })
    },
  })
}

export function useDeleteEvent() {
  const refresh = useRefresh()
  return useMutation({ mutationFn: (id: string) => api.delete(`/api/v1/events/${id}`), onSuccess: refresh })
}

export function useCheckIn(eventId: string) {
  const refresh = useRefresh(eventId)
  return useMutation({
    mutationFn: (input: { registrationId: string; checkedIn: boolean }) => api.post<Registration>(`/api/v1/events/${eventId}/registrations/${input.registrationId}/check-in`, { checkedIn: input.checkedIn }),
    onSuccess: refresh,
  })
}

export function useCheckInByCode(eventId: string) {
  const refresh = useRefresh(eventId)
  return useMutation({ mutationFn: (code: string) => api.post<Registration>(`/api/v1/events/${eventId}/check-in`, { code }), onSuccess: refresh })
}

export function useCancelRegistration(eventId: string) {
  const refresh = useRefresh(eventId)
  return useMutation({
    mutationFn: (registrationId: string) => api.post<{ status: 'cancelled'; promoted: number }>(`/api/v1/events/${eventId}/registrations/${registrationId}/cancel`, {}),
    onSuccess: refresh,
  })
}

export function useFollowUpTasks(eventId: string) {
  const refresh = useRefresh(eventId)
  return useMutation({ mutationFn: () => api.post<{ created: number; skipped: number; taskIds: string[] }>(`/api/v1/events/${eventId}/follow-up-tasks`, {}), onSuccess: refresh })
}

export const publicEventUrl = (key: string) => `${window.location.origin}/e/${key}`

// ---- Time zones: the form edits wall-clock time in the event's zone; the API takes UTC instants ----

function offsetMs(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000
}

/** "2027-01-20T14:00" in `zone` → an ISO instant. */
export function zonedToIso(local: string, zone: string): string {
  const [date, time = '00:00'] = local.split('T')
  const [y, m, d] = date!.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  const wall = Date.UTC(y!, m! - 1, d!, hh!, mm!)
  let instant = wall - offsetMs(zone, wall)
  // Near a DST change the first guess can be an hour off: correct it once.
  instant = wall - offsetMs(zone, instant)
  return new Date(instant).toISOString()
}

/** An ISO instant → "2027-01-20T14:00" on the wall clock in `zone` (for datetime-local inputs). */
export function isoToZoned(iso: string | null | undefined, zone: string): string {
  if (!iso) return ''
  const shifted = new Date(Date.parse(iso) + offsetMs(zone, Date.parse(iso)))
  return shifted.toISOString().slice(0, 16)
}

/** "2027年1月20日(水) 14:00〜16:00" in the event's own zone. */
export function formatEventRange(event: { startsAt: string; endsAt: string; timeZone: string }, language: string): string {
  const locale = language.startsWith('en') ? 'en-GB' : 'ja-JP'
  const day = new Intl.DateTimeFormat(locale, { timeZone: event.timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' })
  const time = new Intl.DateTimeFormat(locale, { timeZone: event.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const start = new Date(event.startsAt)
  const end = new Date(event.endsAt)
  const sameDay = day.format(start) === day.format(end)
  return `${day.format(start)} ${time.format(start)}${locale === 'ja-JP' ? '〜' : ' – '}${sameDay ? time.format(end) : `${day.format(end)} ${time.format(end)}`}`
}
