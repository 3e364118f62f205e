/**
 * Events: an organiser creates and publishes a seminar, a visitor (signed out, own browser context)
 * registers on the public page, the organiser checks them in and sees them on the follow-up list.
 */
import { expect, test } from '@playwright/test'
import { uniqueEmail } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { openFromNav, signIn } from './fixtures/ui.ts'

test('create and publish an event, register publicly, check in, follow up', async ({ page, browser }) => {
  test.setTimeout(240_000)
  const title = `新製品セミナー ${Date.now().toString(36)}`
  await signIn(page, E2E_ADMIN)
  await openFromNav(page, 'nav-events', /\/events$/)
  await page.getByTestId('event-new').click()
  await expect(page.getByTestId('event-form')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('event-field-title').fill(title)
  await page.getByTestId('event-field-venue').fill('東京都千代田区丸の内1-1-1 大福ビル 10F')
  await page.getByTestId('event-field-capacity').fill('30')
  await page.getByTestId('event-save').click()
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/, { timeout: 20_000 })
  await expect(page.getByTestId('event-title')).toHaveText(title)

  await page.getByTestId('event-publish').click()
  await expect(page.getByTestId('event-status')).toHaveText('受付中', { timeout: 20_000 })
  const publicUrl = (await page.getByTestId('event-public-link').textContent())!.trim()
  expect(publicUrl).toMatch(/\/e\/[\w-]+$/)

  // A visitor with no session registers on the public page.
  const visitor = await browser.newContext({ locale: 'ja-JP' })
  const visitorPage = await visitor.newPage()
  await visitorPage.goto(publicUrl)
  await expect(visitorPage.getByTestId('public-event-title')).toHaveText(title, { timeout: 30_000 })
  await expect(visitorPage.getByTestId('public-event-seats')).toHaveText('残席 30 席')
  await visitorPage.getByTestId('public-event-name').fill('比嘉 美咲')
  await visitorPage.getByTestId('public-event-nameKana').fill('ヒガ ミサキ')
  await visitorPage.getByTestId('public-event-company').fill('琉球商事株式会社')
  await visitorPage.getByTestId('public-event-email').fill(uniqueEmail('higa'))
  await visitorPage.getByTestId('public-event-submit').click()
  await expect(visitorPage.getByTestId('public-event-thanks')).toBeVisible({ timeout: 30_000 })
  await expect(visitorPage.getByTestId('public-event-thanks')).toContainText('お申し込みを承りました')
  const code = (await visitorPage.getByTestId('public-event-code').textContent())!.trim()
  expect(code).toMatch(/^[A-Z2-9]{6}$/)
  await visitor.close()

  // The organiser sees the registrant and checks them in with one click.
  await page.reload()
  await expect(page.getByTestId('event-count-confirmed')).toHaveText('1 / 30', { timeout: 20_000 })
  await expect(page.getByTestId('registration-row')).toContainText('比嘉 美咲')
  await page.getByTestId('event-tab-check-in').click()
  await page.getByTestId('checkin-search').fill('琉球')
  const row = page.getByTestId('checkin-row').filter({ hasText: '比嘉 美咲' })
  await expect(row).toContainText(code, { timeout: 20_000 })
  await row.getByTestId('checkin-button').click()
  await expect(row).toHaveAttribute('data-checked-in', 'true', { timeout: 20_000 })
  await expect(page.getByTestId('event-attendance-rate')).toHaveText('100%')

  // Follow-up: the attendee is listed and gets a task.
  await page.getByTestId('event-tab-follow-up').click()
  const attendee = page.getByTestId('followup-row').filter({ hasText: '比嘉 美咲' })
  await expect(attendee).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('followup-create-tasks').click()
  await expect(attendee.getByTestId('followup-task-badge')).toBeVisible({ timeout: 20_000 })
})
