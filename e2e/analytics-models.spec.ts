/**
 * Predictive models: with a purchase history of forty customers (half stopped buying), "refresh now"
 * runs the models job in the background; the page follows its progress to 100%, then shows the
 * churn model's AUC, the cohorts and the beer → diapers rule, and a lapsed customer's page shows its churn risk with reasons and the next
 * best actions (an overdue task first).
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { openFromNav, signIn } from './fixtures/ui.ts'

test('refresh the models, watch the progress finish, see the AUC and an account’s risk and next best actions', async ({ page }) => {
  test.setTimeout(240_000)
  const stamp = Date.now().toString(36).toUpperCase()
  await signIn(page, E2E_ADMIN)
  const targetId = await page.evaluate(async (stamp) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }
    const post = async (path: string, body: unknown) => {
      const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) })
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      return (await response.json()) as { id: string }
    }
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)
    let target = ''
    for (let i = 0; i < 40; i++) {
      const churner = i % 2 === 1
      const account = await post('/api/v1/accounts', { name: `予測検証${stamp}-${i}` })
      if (i === 1) target = account.id
      // Churners bought 17 and 13 months ago and then stopped; the others kept buying until last month.
      const days = churner ? [500, 400] : [250, 200, 20]
      for (const d of days) {
        await post('/api/v1/sales-documents', {
          kind: 'order',
          accountId: account.id,
          issueDate: daysAgo(d + (i % 7)),
          lines: [{ description: '業務用茶葉', quantity: 1, unitPrice: i === 1 ? 2_000_000 : 30_000 + i * 1000, taxCategory: 'reduced' }],
        })
      }
    }
    // One shop's baskets: beer and diapers together in three of six orders.
    const product = (code: string, name: string) => post('/api/v1/products', { code: `${code}${stamp}`, name: `${name}${stamp}`, unitPrice: 300 })
    const [beer, diapers, chips] = [await product('B', 'ビール'), await product('D', 'おむつ'), await product('C', 'ポテトチップス')]
    const shop = await post('/api/v1/accounts', { name: `スーパー${stamp}` })
    for (const basket of [[beer, diapers, chips], [beer, diapers], [diapers], [beer, chips], [chips], [beer, diapers]]) {
      await post('/api/v1/sales-documents', {
        kind: 'order',
        accountId: shop.id,
        issueDate: daysAgo(30),
        lines: basket.map((p) => ({ productId: p.id, description: '商品', quantity: 1, unitPrice: 300, taxCategory: 'reduced' })),
      })
    }
    await post('/api/v1/activities', { kind: 'task', subject: `お見積りの再送${stamp}`, accountId: target, status: 'open', dueAt: new Date(Date.now() - 3 * 86_400_000).toISOString() })
    return target
  }, stamp)

  await openFromNav(page, 'nav-analytics-models', /\/analytics\/models$/)
  await page.getByTestId('models-refresh').click()
  // The worker picks the job up and the page follows it to the end.
  await expect(page.getByTestId('models-run-status')).toHaveAttribute('data-status', /queued|running|succeeded/)
  await expect(page.getByTestId('models-run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 })
  await expect(page.getByTestId('models-run-percent')).toHaveText('100%')
  await expect(page.getByTestId('models-run')).toContainText('完了')
  await expect(page.getByTestId('models-churn-auc')).toHaveText(/^[01]\.\d{3}$/)
  await expect(page.getByTestId('models-churn-train-size')).toHaveText(/^\d+$/)
  // Cohorts and basket rules are read again when the run ends.
  await expect(page.getByTestId('models-cohort-row').first()).toBeVisible()
  await expect(page.getByTestId('models-basket-row').filter({ hasText: `ビール${stamp}` }).filter({ hasText: `おむつ${stamp}` }).first()).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('models-page.png'), fullPage: true })

  await page.goto(`/accounts/${targetId}`)
  const insights = page.getByTestId('account-insights')
  // The account page loads many panels; on a busy machine the card can take a while.
  await expect(insights).toBeVisible({ timeout: 30_000 })
  await expect(insights.getByTestId('account-churn-risk')).toHaveText(/^\d+%$/, { timeout: 20_000 })
  await expect(insights.getByTestId('account-churn-level')).toHaveText('高')
  await expect(insights.getByTestId('account-churn-reasons')).toContainText('最終購入からの日数が平均より多い')
  const first = insights.getByTestId('account-nba-item').first()
  await expect(first).toHaveAttribute('data-kind', 'follow_up_task', { timeout: 20_000 })
  await expect(first).toContainText(`お見積りの再送${stamp}`)
  await expect(insights.getByTestId('account-nba-item').filter({ hasText: '購入の減った優良顧客に電話する' })).toBeVisible()
  await insights.screenshot({ path: test.info().outputPath('account-insights.png') })
})
