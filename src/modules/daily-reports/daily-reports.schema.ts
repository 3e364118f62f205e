/** 日報 (daily report) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

const text = z.string().max(20_000)

export const DayQuery = z.strictObject({
  date: z.iso.date(),
  /** Whose day (default: mine). */
  userId: z.uuid().optional(),
})
export type DayQuery = z.infer<typeof DayQuery>

export const DayReportWrite = z
  .strictObject({
    date: z.iso.date(),
    summary: text.optional(),
    plan: text.optional(),
    issues: text.optional(),
    /** Hand the report in (it stays editable; the first submission time is kept). */
    submit: z.boolean().optional(),
  })
  .meta({ id: 'DailyReportWrite' })
export type DayReportWrite = z.infer<typeof DayReportWrite>

export const DailyReport = z
  .object({
    id: z.uuid(),
    date: z.string(),
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    teamId: z.string().nullable(),
    summary: z.string(),
    plan: z.string(),
    issues: z.string(),
    status: z.enum(['draft', 'submitted']),
    submittedAt: z.string().nullable(),
    commentCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DailyReport' })
export type DailyReport = z.infer<typeof DailyReport>

export const WorkActivity = z
  .object({
    id: z.string(),
    kind: z.enum(['task', 'call', 'meeting', 'note', 'email']),
    subject: z.string(),
    at: z.string(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    outcome: z.string().nullable(),
  })
  .meta({ id: 'DailyReportActivity' })

export const WorkDealChange = z
  .object({
    dealId: z.string(),
    dealName: z.string(),
    fromStageName: z.string().nullable(),
    toStageName: z.string().nullable(),
    toStageKind: z.enum(['open', 'won', 'lost']).nullable(),
    amount: z.number().nullable(),
    currency: z.string(),
    at: z.string(),
  })
  .meta({ id: 'DailyReportDealChange' })

export const DayOfWork = z
  .object({ activities: z.array(WorkActivity), dealChanges: z.array(WorkDealChange) })
  .meta({ id: 'DailyReportWork' })
export type DayOfWork = z.infer<typeof DayOfWork>

export const Comment = z
  .object({ id: z.uuid(), authorId: z.string().nullable(), authorName: z.string().nullable(), body: z.string(), createdAt: z.string() })
  .meta({ id: 'DailyReportComment' })
export type Comment = z.infer<typeof Comment>

export const DayView = z
  .object({ date: z.string(), userId: z.string(), report: DailyReport.nullable(), work: DayOfWork, comments: z.array(Comment) })
  .meta({ id: 'DailyReportDay' })
export type DayView = z.infer<typeof DayView>

export const CommentWrite = z.strictObject({ body: z.string().trim().min(1).max(5000) }).meta({ id: 'DailyReportCommentWrite' })

export const ReportListQuery = z.strictObject({
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  status: z.enum(['draft', 'submitted']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type ReportListQuery = z.infer<typeof ReportListQuery>
