/**
 * Journey: on a new 取引先's 360° panel the admin moves the lifecycle stage (the history popover shows the move),
 * sets the customer type, posts a comment @mentioning a colleague chosen from the autocomplete, and sees it in
 * the unified timeline; the colleague finds the mention in their notifications and opens the account from it.
 */
import { expect, test } from '@playwright/test'
import { adminApi, USER_PASSWORD } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, signOut } from './fixtures/ui.ts'

test('set a stage, mention a colleague in a comment, see it in the timeline and in their notifications', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const company = `株式会社三六〇${tag}`
  const colleagueName = `メンション${tag}`
  const api = await adminApi()
  const colleague = await api.createUser({ name: colleagueName, roleKey: 'manager' })
  await api.dispose()

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(company)
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-title')).toHaveText(company)
  const accountUrl = page.url()

  // Lifecycle stage: click 成約 on the stepper; the history popover records 未設定 → 成約.
  const lifecycle = page.getByTestId('stage-lifecycleStage')
  await expect(lifecycle).toHaveAttribute('data-value', '')
  await page.getByTestId('stage-lifecycleStage-conversion').click()
  await expect(lifecycle).toHaveAttribute('data-value', 'conversion')
  await page.getByTestId('stage-history-lifecycleStage').click()
  await expect(page.getByTestId('stage-history-list-lifecycleStage')).toContainText('未設定 → 成約')
  await page.keyboard.press('Escape')

  // Customer type by hand.
  await page.getByTestId('customer-type-select').click()
  await page.getByRole('option', { name: 'ロイヤル顧客' }).click()
  await expect(page.getByTestId('customer-type-select')).toHaveValue('ロイヤル顧客')

  // A comment that @mentions the colleague, picked from the autocomplete.
  const input = page.getByTestId('comment-input')
  await input.click()
  await input.pressSequentially(`@メンション${tag.slice(0, 3)}`)
  await page.getByTestId('mention-option').filter({ hasText: colleagueName }).click()
  await input.pressSequentially('見積の件、ご確認をお願いします。')
  await expect(page.getByTestId('mention-chip')).toHaveText(`@${colleagueName}`)
  await page.getByTestId('comment-submit').click()

  const timeline = page.getByTestId('customer-timeline')
  const comment = timeline.locator('[data-testid="timeline-item"][data-kind="comment"]').first()
  await expect(comment).toContainText(`@${colleagueName} 見積の件、ご確認をお願いします。`)
  await expect(timeline.locator('[data-testid="timeline-item"][data-kind="stage"]').first()).toContainText('顧客タイプ')
  await expect(timeline.locator('[data-testid="timeline-item"][data-kind="stage"]').nth(1)).toContainText('ライフサイクルステージ：未設定 → 成約')

  // Filter chips: only comments left.
  for (const kind of ['activity', 'deal', 'salesDocument', 'contract', 'document', 'stage', 'change']) await page.getByTestId(`timeline-filter-${kind}`).click()
  await expect(timeline.getByTestId('timeline-item')).toHaveCount(1)

  // The colleague is told, and the notification leads to the account.
  await signOut(page)
  await signIn(page, { email: colleague.email, password: USER_PASSWORD })
  await expect(page.getByTestId('notification-count')).toHaveAttribute('data-count', '1')
  await page.getByTestId('notification-bell').click()
  const item = page.getByTestId('notification-item').first()
  await expect(item).toContainText(company)
  await expect(item).toContainText('見積の件')
  await item.click()
  await expect(page).toHaveURL(accountUrl)
  await expect(page.getByTestId('stage-lifecycleStage')).toHaveAttribute('data-value', 'conversion')

  // At phone width the panel still fits: the steppers turn vertical and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(page.getByTestId('customer-timeline')).toBeVisible()
  await page.getByTestId('customer-stages').screenshot({ path: 'test-results/customer-360-phone.png' })
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0)
})
