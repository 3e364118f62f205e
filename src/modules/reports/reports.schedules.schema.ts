/** Request and response schemas of scheduled report delivery (配信スケジュール). */
import { z } from 'zod'
import { REPORT_FORMATS } from './reports.schema.ts'

export const CADENCES = ['daily', 'weekly', 'monthly'] as const

const fields = {
  /** Members of the tenant who receive the report, each run as themselves. */
  recipientUserIds: z.array(z.uuid()).min(1).max(50),
  cadence: z.enum(CADENCES),
  /** 0 = Sunday … 6 = Saturday; weekly only. */
  weekday: z.number().int().min(0).max(6).nullable(),
  /** 1–28; monthly only. */
  dayOfMonth: z.number().int().min(1).max(28).nullable(),
  /** Hour of the day (minute 0) in timeZone. */
  hour: z.number().int().min(0).max(23),
  /** IANA zone, e.g. Asia/Tokyo; default: the creator's zone. */
  timeZone: z.string().min(1).max(64),
  format: z.enum(REPORT_FORMATS),
  locale: z.enum(['ja', 'en']),
  active: z.boolean(),
}

export const ReportScheduleCreate = z
  .strictObject({
    recipientUserIds: fields.recipientUserIds,
    cadence: fields.cadence,
    weekday: fields.weekday.optional(),
    dayOfMonth: fields.dayOfMonth.optional(),
    hour: fields.hour,
    timeZone: fields.timeZone.optional(),
    format: fields.format.optional(),
    locale: fields.locale.optional(),
    active: fields.active.optional(),
  })
  .meta({ id: 'ReportScheduleCreate' })
export type ReportScheduleCreate = z.infer<typeof ReportScheduleCreate>

export const ReportSchedulePatch = z
  .strictObject({
    recipientUserIds: fields.recipientUserIds.optional(),
    cadence: fields.cadence.optional(),
    weekday: fields.weekday.optional(),
    dayOfMonth: fields.dayOfMonth.optional(),
    hour: fields.hour.optional(),
    timeZone: fields.timeZone.optional(),
    format: fields.format.optional(),
    locale: fields.locale.optional(),
    active: fields.active.optional(),
  })
  .meta({ id: 'ReportSchedulePatch' })
export type ReportSchedulePatch = z.infer<typeof ReportSchedulePatch>

export const ReportSchedule = z
  .object({
    id: z.string(),
    reportId: z.string(),
    createdBy: z.string().nullable(),
    /** name and email are null for someone no longer in the tenant (they receive nothing). */
    recipients: z.array(z.object({ userId: z.string(), name: z.string().nullable(), email: z.string().nullable() })),
    cadence: z.enum(CADENCES),
    weekday: z.number().int().nullable(),
    dayOfMonth: z.number().int().nullable(),
    hour: z.number().int(),
    timeZone: z.string(),
    format: z.enum(REPORT_FORMATS),
    locale: z.enum(['ja', 'en']),
    active: z.boolean(),
    nextRunAt: z.string(),
    lastSentAt: z.string().nullable(),
    /** Why the last run left someone out or failed (null when all went well). */
    lastError: z.string().nullable(),
    canEdit: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ReportSchedule' })
export type ReportSchedule = z.infer<typeof ReportSchedule>

export const ReportScheduleSent = z.object({ queued: z.number().int() }).meta({ id: 'ReportScheduleSent' })
