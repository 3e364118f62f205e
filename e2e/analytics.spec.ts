/**
 * Customer analysis: after an order, "recompute now" runs the RFM job in the background; the
 * customer shows in its segment on the analysis page and as a badge on its account page.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('an ordering customer lands in a segment after a recompute, shown on the account page', async ({ page }) => {
  const name = `株式会社分析検証${Date.now().toString(36).toUpperCase()}`
  await signIn(page, E2E_ADMIN)
  // Set-up through the API as the signed-in admin: one account with one order this month.
  const accountId = await page.evaluate(async (accountName) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }
    const account = (await (await fetch('/api/v1/accounts', { method: 'POST', headers, body: JSON.stringify({ name: accountName }) })).json()) as { id: string }
    const order = await fetch('/api/v1/sales-documents', {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'order', accountId: account.id, lines: [{ description: '和菓子詰め合わせ', quantity: 10, unitPrice: 3000, taxCategory: 'reduced' }] }),
    })
    if (order.status !== 201) throw new Error(`order: ${order.status} ${await order.text()}`)
    return account.id
  }, name)

  await page.getByTestId('nav-analytics').click()
  await page.getByTestId('rfm-refresh').click()
  await expect(page.getByTestId('rfm-refresh-queued')).toBeVisible()
  // The worker picks the job up within a few seconds.
  await expect(async () => {
    await page.reload()
    await page.getByTestId('rfm-segment-one_time').click()
    await expect(page.getByTestId('rfm-customer-row').filter({ hasText: name })).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 40_000 })
  await expect(page.getByTestId('rfm-customer-row').filter({ hasText: name })).toContainText('一回購入')

  await page.goto(`/accounts/${accountId}`)
  await expect(page.getByTestId('account-segment')).toContainText('一回購入')
  await expect(page.getByTestId('account-segment')).toContainText('R')
})
