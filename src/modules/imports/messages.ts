/** The error report's reasons in Japanese and English, by issue code (the web UI has the same texts). */
import type { ImportRowIssue } from '../../platform/db/schema.ts'

const MESSAGES: Record<string, { ja: string; en: string }> = {
  required: { ja: '必須項目が空欄か、対応付けられていません', en: 'Required field is empty or not mapped' },
  notNumber: { ja: '数値として読み取れません', en: 'Not a whole number' },
  notDate: { ja: '日付として読み取れません（例：2024/4/1、令和6年4月1日）', en: 'Not a date (e.g. 2024-04-01, 2024/4/1)' },
  invalidEmail: { ja: 'メールアドレスの形式が正しくありません', en: 'Not a valid email address' },
  invalidUrl: { ja: 'URL の形式が正しくありません（http:// または https://）', en: 'Not a valid URL (http:// or https://)' },
  tooLong: { ja: '文字数が上限を超えています', en: 'Too long' },
  invalidValue: { ja: '値が正しくありません', en: 'Not a valid value' },
  duplicate: { ja: '既存のデータと重複するためスキップしました', en: 'Duplicate of an existing record; skipped' },
  unknownUser: { ja: 'このメールアドレス・氏名のユーザーはいません', en: 'No member of this tenant has this email or name' },
  rejected: { ja: '登録できませんでした', en: 'Refused' },
}

/** One line of explanation: the translated reason, the cell, and the original detail where it adds something. */
export function describeIssue(issue: ImportRowIssue, lang: 'ja' | 'en'): string {
  const message = issue.code ? MESSAGES[issue.code] : undefined
  if (!message) return issue.reason
  const cell = issue.value !== undefined ? (lang === 'ja' ? `：「${issue.value}」` : `: "${issue.value}"`) : ''
  const detail = issue.code === 'rejected' || issue.code === 'invalidValue' || issue.code === 'duplicate' ? (lang === 'ja' ? `（${issue.reason}）` : ` (${issue.reason})`) : ''
  return `${message[lang]}${cell}${detail}`
}
