/**
 * Reports: build a report of deals by owner, drill into its grand total to the deals behind it,
 * save it to a new dashboard and see the widget there; the default sales dashboard shows too.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { openFromNav, signIn } from './fixtures/ui.ts'

test('build a report, drill into a total, add it to a dashboard and see the widget', async ({ page }) => {
  test.setTimeout(120_000)
  const tag = Date.now().toString(36).toUpperCase()
  await signIn(page, E2E_ADMIN)
  // Three deals of this run, through the API as the signed-in admin.
  await page.evaluate(async (suffix) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }
    for (const [name, amount] of [[`レポート検証A${suffix}`, 100000], [`レポート検証B${suffix}`, 250000], [`レポート検証C${suffix}`, 50000]] as const) {
      const response = await fetch('/api/v1/deals', { method: 'POST', headers, body: JSON.stringify({ name, amount }) })
      if (response.status !== 201) throw new Error(`deal: ${response.status} ${await response.text()}`)
    }
  }, tag)

  await openFromNav(page, 'nav-reports', /\/reports/)
  // Only this run's deals: filter on the name.
  await page.getByTestId('report-add-filter').click()
  await page.getByTestId('report-filter-0-field').click()
  await page.getByRole('option', { name: '商談名', exact: true }).click()
  await page.getByTestId('report-filter-0-op').click()
  await page.getByRole('option', { name: 'を含む' }).click()
  await page.getByTestId('report-filter-0-value').fill(tag)
  // Count and the sum of the amount, grouped by owner (the default group).
  await page.getByTestId('report-add-measure').click()
  await page.getByTestId('report-measure-1-field').click()
  await page.getByRole('option', { name: '金額', exact: true }).click()
  await page.getByTestId('report-run').click()

  const total = page.getByTestId('report-grand-total')
  await expect(total).toContainText('総計', { timeout: 20_000 })
  await expect(total).toContainText('3')
  await expect(total).toContainText('400,000')
  await expect(page.getByTestId('report-row')).toHaveCount(1)
  await expect(page.getByTestId('report-row')).toContainText(E2E_ADMIN.name)

  // Drill from the grand total's count to the three deals.
  await total.getByRole('button', { name: '3', exact: true }).click()
  const drawer = page.getByRole('dialog')
  await expect(page.getByTestId('drill-total')).toContainText('3 件')
  await expect(page.getByTestId('drill-row')).toHaveCount(3)
  await expect(drawer).toContainText(`レポート検証B${tag}`)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('drill-row')).toHaveCount(0)

  // Save it and put it on a new dashboard as a bar chart.
  await page.getByTestId('report-name').fill(`担当者別 ${tag}`)
  await page.getByTestId('report-add-to-dashboard').click()
  await expect(page.getByTestId('add-to-dashboard-submit')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('add-to-dashboard-select').click()
  await page.getByRole('option', { name: '新しいダッシュボード' }).click()
  await page.getByTestId('add-to-dashboard-name').fill(`検証ボード ${tag}`)
  await page.getByTestId('add-to-dashboard-type').click()
  await page.getByRole('option', { name: 'KPIタイル' }).click()
  await page.getByTestId('add-to-dashboard-submit').click()

  await expect(page).toHaveURL(/\/dashboards\?id=/, { timeout: 20_000 })
  const widget = page.locator(`[data-testid="dashboard-widget"][data-widget-title="担当者別 ${tag}"]`)
  await expect(widget).toBeVisible({ timeout: 20_000 })
  await expect(widget.getByTestId('widget-kpi-value')).toHaveText('3')

  // The tenant's default sales dashboard is there too, with its KPI tiles.
  await page.getByTestId('dashboard-tab-sales').click()
  await expect(page.locator('[data-testid="dashboard-widget"][data-widget-title="売上（受注金額）"]')).toBeVisible({ timeout: 20_000 })
  // Its data says when it was computed, and 更新 computes it again now.
  await expect(page.getByTestId('dashboard-as-of')).toContainText('時点のデータ')
  const refreshed = page.waitForResponse((r) => r.url().includes('/data?') && r.url().includes('refresh=true') && r.status() === 200)
  await page.getByTestId('dashboard-refresh').click()
  expect(((await (await refreshed).json()) as { reused: boolean }).reused).toBe(false)
  await expect(page.locator('[data-testid="dashboard-widget"][data-widget-title="売上（受注金額）"]')).toBeVisible()
})
