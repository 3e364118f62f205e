/**
 * Deals (商談): a deal is registered from the board, dragged to a later stage, won through the
 * card menu, and its page shows the status and every stage it went through, and takes comments.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('register a deal, drag it across the board, win it and read its stage history', async ({ page }) => {
  const name = `基幹システム更改${Date.now().toString(36).toUpperCase()}`
  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-deals').click()
  await expect(page.getByTestId('deal-board')).toBeVisible()

  await page.getByTestId('deal-new').click()
  await page.getByTestId('deal-field-name').fill(name)
  await page.getByTestId('deal-field-amount').fill('12500000')
  await page.getByTestId('deal-field-close-date').fill('2027-03-31')
  await page.getByTestId('deal-save').click()
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('deal-title')).toHaveText(name)
  await expect(page.getByTestId('deal-status')).toHaveText('進行中')
  await expect(page.getByTestId('deal-amount')).toHaveText('￥12,500,000')
  await expect(page.getByTestId('deal-expectedCloseDate')).toHaveText('2027/03/31')

  await page.getByText('商談ボードに戻る').click()
  const card = page.getByTestId('deal-card').filter({ hasText: name })
  await expect(page.getByTestId('deal-column-0').getByTestId('deal-card').filter({ hasText: name })).toBeVisible()

  // Drag the card from 初回接触 into 提案 (the third column).
  await card.dragTo(page.getByTestId('deal-column-2'))
  await expect(page.getByTestId('deal-column-2').getByTestId('deal-card').filter({ hasText: name })).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('deal-column-2').getByTestId('deal-card').filter({ hasText: name })).toBeVisible()

  // Win it with the card's menu (the way to move on a phone or with the keyboard).
  await page.getByTestId('deal-column-2').getByTestId('deal-card').filter({ hasText: name }).getByTestId('deal-card-menu').click()
  await page.getByTestId('deal-move-5').click()
  await expect(page.getByTestId('deal-column-5').getByTestId('deal-card').filter({ hasText: name })).toBeVisible()

  await page.getByTestId('deal-column-5').getByRole('link', { name }).click()
  await expect(page.getByTestId('deal-status')).toHaveText('受注')
  const history = page.getByTestId('deal-history')
  await expect(history).toContainText('提案 → 受注')
  await expect(history).toContainText('初回接触 → 提案')
  await expect(history).toContainText('初回接触 で登録')

  // A comment on the deal stays after a reload and its author can delete it.
  const comments = page.getByTestId('record-comments')
  await comments.getByTestId('comment-input').fill('先方の決裁は3月中旬の予定です。')
  await comments.getByTestId('comment-submit').click()
  await expect(page.getByText('コメントを投稿しました。')).toBeVisible()
  await page.reload()
  await expect(comments.getByTestId('record-comment-body')).toHaveText(['先方の決裁は3月中旬の予定です。'])
  await comments.getByTestId('record-comment-delete').click()
  await expect(comments.getByTestId('record-comment')).toHaveCount(0)
  await expect(comments).toContainText('コメントはまだありません。')

  // The forecast counts the won deal for this quarter; a quota set in place gives the attainment.
  await page.getByTestId('nav-forecast').click()
  const mine = page.getByTestId('forecast-row').filter({ hasText: E2E_ADMIN.name })
  await expect(mine.getByTestId('forecast-won')).toContainText('￥12,500,000')
  await mine.getByTestId('forecast-quota-input').fill('25000000')
  await mine.getByTestId('forecast-quota-input').blur()
  await expect(mine.getByTestId('forecast-attainment')).toBeVisible()
  // The home page shows the same attainment for this quarter.
  await page.getByTestId('nav-home').click()
  await expect(page.getByTestId('home-attainment-percent')).toHaveText('50%')
})
