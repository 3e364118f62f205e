/** Activities, the calendar, the feed and notifications over the API: types and react-query hooks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'

export type ActivityKind = 'task' | 'call' | 'meeting' | 'note' | 'email'
export type TaskStatus = 'open' | 'done' | 'cancelled'
export type Priority = 'low' | 'normal' | 'high'

export interface Activity {
  id: string
  kind: ActivityKind
  subject?: string
  body?: string | null
  ownerId?: string | null
  ownerName?: string | null
  accountId?: string | null
  accountName?: string | null
  contactId?: string | null
  contactName?: string | null
  relatedType?: string | null
  relatedId?: string | null
  dueAt?: string | null
  remindAt?: string | null
  assigneeId?: string | null
  assigneeName?: string | null
  priority?: Priority | null
  status?: TaskStatus | null
  completedAt: string | null
  overdue: boolean
  direction?: 'inbound' | 'outbound' | null
  outcome?: string | null
  durationSeconds?: number | null
  startsAt?: string | null
  endsAt?: string | null
  allDay?: boolean
  place?: string | null
  attendees?: { userId: string | null; contactId: string | null; name: string | null }[]
  emailFrom?: string | null
  emailTo?: string | null
  sentAt?: string | null
  createdAt: string
  updatedAt: string
}

export type ActivityWrite = Partial<Omit<Activity, 'id' | 'kind' | 'completedAt' | 'overdue' | 'createdAt' | 'updatedAt' | 'attendees' | 'ownerName' | 'assigneeName' | 'accountName' | 'contactName'>> & {
  kind?: ActivityKind
  attendeeUserIds?: string[]
}

export interface CalendarItem {
  id: string
  kind: 'task' | 'meeting'
  subject: string
  start: string
  end: string | null
  allDay: boolean
  place: string | null
  status: TaskStatus | null
  accountId: string | null
  accountName: string | null
  ownerName: string | null
}

export interface CalendarFeed {
  active: boolean
  prefix: string | null
  createdAt: string | null
  url: string | null
}

export interface Notification {
  id: string
  kind: string
  title: string
  body: string | null
  link: string | null
  readAt: string | null
  createdAt: string
}

export interface TimelineFilter {
  accountId?: string
  contactId?: string
  relatedType?: string
  relatedId?: string
}

export function useTimeline(filter: TimelineFilter, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: ['activities', 'list', filter],
    queryFn: ({ pageParam }) => api.get<Page<Activity>>('/api/v1/activities', { ...filter, limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export type TaskFilter = 'open' | 'overdue' | 'done'

export function useMyTasks(filter: TaskFilter) {
  return useInfiniteQuery({
    queryKey: ['activities', 'my-tasks', filter],
    queryFn: ({ pageParam }) =>
      api.get<Page<Activity>>('/api/v1/activities/my-tasks', {
        status: filter === 'done' ? 'done' : 'open',
        overdue: filter === 'overdue' ? 'true' : undefined,
        limit: 50,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useCalendar(from: Date, to: Date, scope: 'me' | 'team') {
  return useQuery({
    queryKey: ['activities', 'calendar', from.toISOString(), to.toISOString(), scope],
    queryFn: () => api.get<{ data: CalendarItem[]; truncated: boolean }>('/api/v1/calendar', { from: from.toISOString(), to: to.toISOString(), scope }),
  })
}

/** Every activity list (timeline, tasks, calendar) is stale after a write. */
function useInvalidateActivities() {
  const client = useQueryClient()
  return () => void client.invalidateQueries({ queryKey: ['activities'] })
}

export function useCreateActivity() {
  const invalidate = useInvalidateActivities()
  return useMutation({ mutationFn: (body: ActivityWrite) => api.post<Activity>('/api/v1/activities', body), onSuccess: invalidate })
}

export function useUpdateActivity() {
  const invalidate = useInvalidateActivities()
  return useMutation({
    mutationFn: ({ id, ...body }: ActivityWrite & { id: string }) => api.patch<Activity>(`/api/v1/activities/${id}`, body),
    onSuccess: invalidate,
  })
}

export function useDeleteActivity() {
  const invalidate = useInvalidateActivities()
  return useMutation({ mutationFn: (id: string) => api.delete(`/api/v1/activities/${id}`), onSuccess: invalidate })
}

export function useCalendarFeed() {
  return useQuery({ queryKey: ['calendar-feed'], queryFn: () => api.get<CalendarFeed>('/api/v1/calendar/feed') })
}

export function useRotateCalendarFeed() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<CalendarFeed>('/api/v1/calendar/feed'),
    onSuccess: (feed) => client.setQueryData(['calendar-feed'], { ...feed, url: null }),
  })
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.delete('/api/v1/calendar/feed'),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  })
}

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/v1/notifications/unread-count'),
    // Reminders arrive from the job runner: poll, and refresh when the tab comes back.
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  })
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => api.get<Page<Notification>>('/api/v1/notifications', { limit: 20 }),
    enabled,
  })
}

export function useMarkNotificationRead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<Notification>(`/api/v1/notifications/${id}/read`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  })
}

export function useMarkAllNotificationsRead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ unread: number }>('/api/v1/notifications/read-all'),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  })
}

/** `<input type="datetime-local">` value (browser time) → ISO UTC, or null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** ISO UTC → `<input type="datetime-local">` value in browser time ('' when empty). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
