/**
 * 日報 (daily reports): one report per rep and day, pre-filled from the day's work, with
 * managers' comments. Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'

registerAccessObject({
  name: 'dailyReports',
  label: { ja: '日報', en: 'Daily reports' },
  fields: ['summary', 'plan', 'issues'],
  fieldLabels: {
    summary: { ja: '本日の業務', en: "Today's work" },
    plan: { ja: '明日の予定', en: "Tomorrow's plan" },
    issues: { ja: '課題・相談', en: 'Issues and questions' },
  },
  ownedRecords: true,
})

export { registerDailyReportRoutes } from './daily-reports.routes.ts'
export { addComment, getDay, listReports, saveMyDay } from './daily-reports.service.ts'
