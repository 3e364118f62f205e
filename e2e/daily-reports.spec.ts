/**
 * 日報: a rep logs a call, drafts the day's report from it, hands it in; the admin reads it in
 * the team tab and comments; the rep sees the comment.
 */
import { expect, test } from '@playwright/test'
import { adminApi } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, signOut } from './fixtures/ui.ts'

test('draft a daily report from the day’s call, hand it in, and read the manager’s comment', async ({ page }) => {
  const admin = await adminApi()
  const rep = await admin.createUser({ name: '日報 太郎', roleKey: 'sales' })
  await admin.dispose()
  const subject = `導入時期の確認${Date.now().toString(36)}`

  await signIn(page, rep)
  await page.evaluate(async (callSubject) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }
    const created = await fetch('/api/v1/activities', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ kind: 'call', subject: callSubject, outcome: '来月決裁' }),
    })
    if (created.status !== 201) throw new Error(`activity: ${created.status}`)
  }, subject)

  await page.getByTestId('nav-daily-reports').click()
  await expect(page.getByTestId('daily-work')).toContainText(subject)
  await expect(page.getByTestId('daily-status')).toHaveText('未作成')
  await page.getByTestId('daily-draft').click()
  await expect(page.getByTestId('daily-summary')).toHaveValue(new RegExp(`【電話】${subject}（来月決裁）`))
  await page.getByTestId('daily-plan').fill('見積書を作成して送付')
  await page.getByTestId('daily-submit').click()
  await expect(page.getByTestId('daily-status')).toHaveText('提出済み')
  await signOut(page)

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-daily-reports').click()
  await page.getByTestId('daily-tab-team').click()
  const report = page.getByTestId('daily-team-report').filter({ hasText: '日報 太郎' })
  await expect(report).toContainText(subject)
  await report.getByRole('button', { name: /詳細/ }).click()
  await report.getByTestId('daily-comment-input').fill('お疲れさまです。見積は明日確認します。')
  await report.getByTestId('daily-comment-send').click()
  await expect(report.getByTestId('daily-comment')).toContainText('見積は明日確認します')
  await signOut(page)

  await signIn(page, rep)
  await page.getByTestId('nav-daily-reports').click()
  await expect(page.getByTestId('daily-comment')).toContainText('見積は明日確認します')
})
