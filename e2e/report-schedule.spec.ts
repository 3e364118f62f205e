/**
 * Report delivery: export a saved report as PDF, then schedule it by email from the report page —
 * add a weekly delivery to oneself, send it now, pause it and delete it.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('export a saved report as PDF and schedule its delivery by email', async ({ page }) => {
  test.setTimeout(120_000)
  const tag = Date.now().toString(36).toUpperCase()
  await signIn(page, E2E_ADMIN)
  // A saved report of this run, through the API as the signed-in admin.
  const reportId = await page.evaluate(async (suffix) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }
    const definition = { object: 'deals', groups: [{ field: 'owner' }], measures: [{ aggregate: 'count' }] }
    const response = await fetch('/api/v1/reports', { method: 'POST', headers, body: JSON.stringify({ name: `配信検証 ${suffix}`, definition }) })
    if (response.status !== 201) throw new Error(`report: ${response.status} ${await response.text()}`)
    return ((await response.json()) as { id: string }).id
  }, tag)

  await page.goto(`/reports?id=${reportId}`)
  await expect(page.getByTestId('report-grand-total')).toContainText('総計', { timeout: 20_000 })

  // 「PDF 出力」 downloads a PDF.
  const download = page.waitForEvent('download')
  await page.getByTestId('report-pdf').click()
  expect((await download).suggestedFilename()).toMatch(/^report-\d{4}-\d{2}-\d{2}\.pdf$/)

  // 配信スケジュール: weekly on Monday at 9:00, PDF, to oneself.
  await page.getByTestId('report-schedules-open').click()
  const modal = page.getByTestId('report-schedules')
  await expect(modal).toContainText('配信スケジュールはまだありません。', { timeout: 20_000 })
  await page.getByTestId('report-schedule-recipients').click()
  await page.getByRole('option', { name: E2E_ADMIN.name, exact: true }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('report-schedule-weekday')).toHaveValue('月')
  await page.getByTestId('report-schedule-hour').click()
  await page.getByRole('option', { name: '9:00', exact: true }).click()
  await page.getByTestId('report-schedule-add').click()

  const row = modal.getByTestId('report-schedule-list').locator('tbody tr').filter({ hasText: '毎週月曜日 9:00' })
  await expect(row).toBeVisible({ timeout: 20_000 })
  await expect(row).toContainText(E2E_ADMIN.name)
  await expect(row).toContainText('PDF')

  // 今すぐ送信 queues one delivery; pausing and deleting work from the same row.
  await row.getByTestId('report-schedule-send-now').click()
  await expect(page.getByText('1 名への送信を受け付けました。まもなく届きます。')).toBeVisible({ timeout: 20_000 })
  await row.getByTestId('report-schedule-active').click({ force: true })
  await expect(row.getByTestId('report-schedule-active')).not.toBeChecked({ timeout: 20_000 })
  page.once('dialog', (dialog) => void dialog.accept())
  await row.getByTestId('report-schedule-delete').click()
  await expect(modal).toContainText('配信スケジュールはまだありません。', { timeout: 20_000 })
})
