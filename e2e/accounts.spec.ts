/**
 * Journey d: an account (取引先) with a Japanese name and kana is registered through the form,
 * found in the list by searching its kana, opened, edited, and the edit shows in the audit log.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, openFromNav } from './fixtures/ui.ts'

test('register an account in Japanese, find it by kana, edit it and see the change in the audit log', async ({ page }) => {
  // A suffix of its own, so reruns on the same server never find an older account.
  const tag = Date.now().toString(36).toUpperCase()
  const name = `株式会社大福検証${tag}`
  const kana = `ダイフクケンショウ${tag}`

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(name)
  await page.getByTestId('account-field-nameKana').fill(kana)
  await page.getByTestId('account-field-industry').fill('和菓子製造')
  await page.getByTestId('account-field-phone').fill('03-1234-5678')
  await page.getByTestId('account-save').click()

  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/)
  const accountId = page.url().split('/').pop()!
  await expect(page.getByText(`取引先「${name}」を登録しました。`)).toBeVisible()
  await expect(page.getByTestId('account-title')).toHaveText(name)
  await expect(page.getByTestId('account-nameKana')).toHaveText(kana)
  await expect(page.getByTestId('account-phone')).toHaveText('03-1234-5678')

  // The list finds it by its reading.
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-search').fill(kana)
  const rows = page.getByTestId('account-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(name)
  await expect(rows.first()).toContainText(kana)
  await rows.first().getByRole('link', { name }).click()
  await expect(page).toHaveURL(new RegExp(`/accounts/${accountId}$`))

  await page.getByTestId('account-edit').click()
  await expect(page.getByTestId('account-field-phone')).toHaveValue('03-1234-5678')
  await page.getByTestId('account-field-phone').fill('06-9876-5432')
  await page.getByTestId('account-save').click()
  await expect(page).toHaveURL(new RegExp(`/accounts/${accountId}$`))
  await expect(page.getByText(`取引先「${name}」を更新しました。`)).toBeVisible()
  await expect(page.getByTestId('account-phone')).toHaveText('06-9876-5432')

  // The audit log holds the registration and the edit, with the phone's before and after.
  await openFromNav(page, 'nav-admin-audit', /\/admin\/audit$/)
  await page.getByTestId('audit-filter-object-id').fill(accountId)
  const entries = page.getByTestId('audit-row')
  await expect(entries).toHaveCount(2)
  await expect(entries.nth(0)).toContainText('更新')
  await expect(entries.nth(0)).toContainText(E2E_ADMIN.name)
  await expect(entries.nth(1)).toContainText('作成')
  await entries.nth(0).click()
  const diff = page.getByTestId('audit-diff')
  await expect(diff).toBeVisible()
  const phone = diff.getByRole('row').filter({ hasText: 'phone' })
  await expect(phone).toContainText('03-1234-5678')
  await expect(phone).toContainText('06-9876-5432')
})
