/**
 * Activities (活動履歴): tasks, calls, meetings, notes and logged emails linked to accounts,
 * contacts and other records; the calendar, the per-user iCalendar feed and reminder jobs.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { ACTIVITY_FIELDS } from './activities.schema.ts'
import './activities.reminders.ts'

registerAccessObject({
  name: 'activities',
  label: { ja: '活動履歴', en: 'Activities' },
  fields: ACTIVITY_FIELDS,
  fieldLabels: {
    subject: { ja: '件名', en: 'Subject' },
    body: { ja: '内容', en: 'Details' },
    ownerId: { ja: '担当者', en: 'Owner' },
    accountId: { ja: '取引先', en: 'Account' },
    contactId: { ja: '顧客担当者', en: 'Contact' },
    dueAt: { ja: '期限', en: 'Due' },
    remindAt: { ja: 'リマインダー', en: 'Reminder' },
    assigneeId: { ja: '割り当て先', en: 'Assignee' },
    priority: { ja: '優先度', en: 'Priority' },
    status: { ja: '状態', en: 'Status' },
    direction: { ja: '発着信', en: 'Direction' },
    outcome: { ja: '結果', en: 'Outcome' },
    durationSeconds: { ja: '通話時間', en: 'Duration' },
    startsAt: { ja: '開始日時', en: 'Starts' },
    endsAt: { ja: '終了日時', en: 'Ends' },
    allDay: { ja: '終日', en: 'All day' },
    place: { ja: '場所', en: 'Place' },
    attendees: { ja: '参加者', en: 'Attendees' },
    emailFrom: { ja: '差出人', en: 'From' },
    emailTo: { ja: '宛先', en: 'To' },
    sentAt: { ja: '送信日時', en: 'Sent' },
  },
  ownedRecords: true,
})

export { registerActivityRoutes } from './activities.routes.ts'
export * from './activities.service.ts'
export { listCalendar } from './activities.calendar.ts'
export type { Activity, ActivityInput, ActivityPatch } from './activities.schema.ts'
