/**
 * Runs report schedules. A recurring job claims due schedules (FOR UPDATE SKIP LOCKED), queues one
 * delivery job per recipient and moves next_run_at to the next slot after now, in one transaction.
 * Each delivery runs the report AS THE RECIPIENT (their role, visibility and hidden fields), so a
 * mail never holds a row or field they could not open; failures are retried by the job runner.
 */
import { sql } from 'kysely'
import { can } from '../../platform/access/policy.ts'
import { resolveMembershipActor } from '../../platform/auth/actor.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { AppError } from '../../platform/errors.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { type MailBinding, mailBindingFor } from '../../platform/mail/binding.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import { nextScheduledRun } from './reports.schedule-times.ts'
import { type DeliveryPayload, enqueueScheduleDeliveries, REPORT_DELIVERY_JOB } from './reports.schedules.service.ts'
import { exportReport, loadSavedReport, REPORTS, type ReportFile } from './reports.service.ts'

export const REPORT_SCHEDULES_DUE_JOB = 'reports.schedules.due'

export type ReportMailBinding = MailBinding

/** Claims every due schedule and queues its deliveries; returns how many schedules fired. */
export async function enqueueDueReportSchedules(db: Db, now = new Date()): Promise<number> {
  return inSystemTransaction(db, async (tx) => {
    // SKIP LOCKED: a schedule another worker is firing right now is not due for us; once that
    // commits its next_run_at is in the future and the row no longer matches.
    const due = await tx
      .selectFrom('reportSchedules')
      .selectAll()
      .where('active', '=', true)
      .where('nextRunAt', '<=', now)
      .orderBy('nextRunAt')
      .limit(200)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const row of due) {
      await enqueueScheduleDeliveries(tx, row, row.nextRunAt.toISOString())
      // The next slot after now, not after the missed one: an outage sends once, not per slot.
      await tx
        .updateTable('reportSchedules')
        .set({ nextRunAt: nextScheduledRun(row, now), lastError: null })
        .where('id', '=', row.id)
        .execute()
    }
    return due.length
  })
}

/** Adds a note to last_error (who was left out and why), keeping it short. */
async function noteOnSchedule(tx: Tx, scheduleId: string, note: string): Promise<void> {
  await sql`update report_schedules set last_error = left(concat_ws(E'\n', last_error, ${note}::text), 2000) where id = ${scheduleId}`.execute(tx)
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'gone'

/**
 * Sends one recipient's copy. Someone no longer in the tenant, no longer allowed to read
 * reports or this report, or whose role now hides a field of it, is skipped and noted in
 * last_error (no retry: trying again would not help). Any other failure is noted and thrown,
 * so the job runner retries it with backoff.
 */
export async function deliverScheduledReport(db: Db, binding: ReportMailBinding, payload: DeliveryPayload, now = new Date()): Promise<DeliveryOutcome> {
  const { scheduleId, tenantId, recipientUserId } = payload
  try {
    return await inTenantTransaction(db, tenantId, async (tx) => {
      const schedule = await tx.selectFrom('reportSchedules').selectAll().where('id', '=', scheduleId).executeTakeFirst()
      // Deleted, paused or the recipient taken off since the run was queued: nothing to send.
      if (!schedule || !schedule.recipientUserIds.includes(recipientUserId)) return 'gone'
      if (!schedule.active && !payload.runKey.startsWith('now:')) return 'gone'
      const actor = await resolveMembershipActor(tx, recipientUserId, tenantId)
      if (!actor) {
        await noteOnSchedule(tx, scheduleId, `User ${recipientUserId} is no longer a member of this tenant: not sent.`)
        return 'skipped'
      }
      const ctx: ServiceContext = { actor, tx, requestId: `report-schedule:${scheduleId}`, ip: null }
      const user = await tx.selectFrom('users').select(['name', 'email']).where('id', '=', recipientUserId).executeTakeFirstOrThrow()
      if (!can(ctx, REPORTS, 'read')) {
        await noteOnSchedule(tx, scheduleId, `${user.name} (${user.email}) may no longer read reports: not sent.`)
        return 'skipped'
      }
      let name: string
      let file: ReportFile
      try {
        const report = await loadSavedReport(ctx, schedule.reportId)
        name = report.name
        file = await exportReport(ctx, report.definition, { format: schedule.format, locale: schedule.locale, title: report.name, now })
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'forbidden' && error.code !== 'not_found' && error.code !== 'invalid')) throw error
        await noteOnSchedule(tx, scheduleId, `${user.name} (${user.email}) cannot open this report now (${error.message}): not sent.`)
        return 'skipped'
      }
      await tx.updateTable('reportSchedules').set({ lastSentAt: now }).where('id', '=', scheduleId).execute()
      // Sent last: if the mail fails, the transaction rolls back and the retry sends it once.
      await binding.mailer.send(reportMail({ to: user.email, recipientName: user.name, reportName: name, reportId: schedule.reportId, file, locale: schedule.locale, timeZone: schedule.timeZone, now, publicUrl: binding.publicUrl }))
      return 'sent'
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await inTenantTransaction(db, tenantId, (tx) => noteOnSchedule(tx, scheduleId, `Sending to ${recipientUserId} failed (retried): ${message}`)).catch(() => undefined)
    throw error
  }
}

export interface ReportMailInput {
  to: string
  recipientName: string
  reportName: string
  reportId: string
  file: ReportFile
  locale: 'ja' | 'en'
  timeZone: string
  now: Date
  publicUrl: string
}

/** The delivery mail: short and polite (敬語 in Japanese), the report attached. */
export function reportMail(input: ReportMailInput): MailMessage {
  const { locale, file } = input
  const ja = locale === 'ja'
  const date = new Intl.DateTimeFormat(ja ? 'ja-JP' : 'en-GB', { timeZone: input.timeZone, year: 'numeric', month: ja ? 'long' : 'short', day: 'numeric' }).format(input.now)
  const time = new Intl.DateTimeFormat(ja ? 'ja-JP' : 'en-GB', { timeZone: input.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(input.now)
  const kind = file.contentType === 'application/pdf' ? 'PDF' : 'CSV'
  const link = `${input.publicUrl.replace(/\/$/, '')}/reports?id=${input.reportId}`
  const text = ja
    ? [
        `${input.recipientName} 様`,
        '',
        `「${input.reportName}」レポートをお送りします。`,
        `添付の ${kind} ファイルをご確認ください。`,
        '',
        `集計日時：${time}（${input.timeZone}）`,
        `※ ${input.recipientName} 様が閲覧できるデータのみを集計しています。`,
        '',
        `レポートを開く：${link}`,
        '',
        'このメールは配信スケジュールに基づき自動で送信しています。',
        '配信の停止や変更は、レポート画面の「配信スケジュール」から行えます。',
      ]
    : [
        `Dear ${input.recipientName},`,
        '',
        `Please find attached the "${input.reportName}" report (${kind}).`,
        '',
        `Run at: ${time} (${input.timeZone})`,
        'The figures include only the records you can see.',
        '',
        `Open the report: ${link}`,
        '',
        'This email was sent automatically by a delivery schedule.',
        'To pause or change it, open "Scheduled delivery" on the report page.',
      ]
  const safeName = input.reportName.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 80)
  const extension = file.filename.slice(file.filename.lastIndexOf('.'))
  const stamp = file.filename.replace(/^report-/, '').replace(extension, '')
  return {
    to: input.to,
    subject: ja ? `【レポート配信】${input.reportName}（${date}）` : `Report: ${input.reportName} (${date})`,
    text: `${text.join('\n')}\n`,
    attachments: [{ filename: `${safeName}-${stamp}${extension}`, content: file.body, contentType: file.contentType }],
  }
}

registerJobHandler(REPORT_SCHEDULES_DUE_JOB, async ({ db, logger }) => {
  const fired = await enqueueDueReportSchedules(db)
  if (fired > 0) logger.info({ fired }, 'report schedules fired')
})
registerJobHandler(REPORT_DELIVERY_JOB, async ({ db, logger, payload }) => {
  const outcome = await deliverScheduledReport(db, mailBindingFor(db, logger), payload as unknown as DeliveryPayload)
  logger.info({ scheduleId: payload.scheduleId, outcome }, 'scheduled report delivery')
})
defineRecurringJob({ name: 'report-schedules', type: REPORT_SCHEDULES_DUE_JOB, intervalSeconds: 120 })
