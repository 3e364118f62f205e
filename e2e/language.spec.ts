/**
 * Journey b: the language switch turns the UI from Japanese to English, on the sign-in page
 * (remembered by this browser) and inside the app (saved to the user's profile), and the choice
 * survives a reload.
 */
import { expect, test } from '@playwright/test'
import { adminApi } from './fixtures/api.ts'
import { signIn } from './fixtures/ui.ts'

test('on the sign-in page, English replaces Japanese and is still chosen after a reload', async ({ page }) => {
  await page.goto('/sign-in')
  await expect(page.getByTestId('login-submit')).toHaveText('ログイン')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja')

  await page.getByTestId('language-switch').click()
  await page.getByTestId('language-option-en').click()
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in')
  await expect(page.getByText('Forgot your password?')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  await page.reload()
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in')
  await expect(page.getByTestId('language-switch')).toContainText('English')
})

test('inside the app, English replaces Japanese in the navigation and stays after a reload', async ({ page }) => {
  const admin = await adminApi()
  const user = await admin.createUser({ name: '英語 太郎', roleKey: 'sales' })
  await admin.dispose()

  await signIn(page, user)
  await expect(page.getByTestId('nav-accounts')).toHaveText('取引先')
  await expect(page.getByTestId('home-greeting')).toContainText('英語 太郎 さん')

  await page.getByTestId('language-switch').click()
  // The choice is saved to the profile in the background; reloading before that lands would
  // rightly bring back the saved Japanese, so wait for the save.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH')
  await page.getByTestId('language-option-en').click()
  expect((await saved).status()).toBe(200)
  await expect(page.getByTestId('nav-accounts')).toHaveText('Accounts')
  await expect(page.getByTestId('nav-home')).toHaveText('Home')
  await expect(page.getByTestId('home-greeting')).not.toContainText('さん')

  // Saved to the profile: a reload (which reloads the session) keeps English.
  await page.reload()
  await expect(page.getByTestId('nav-accounts')).toHaveText('Accounts')
  await expect(page.getByTestId('home-greeting')).toContainText('英語 太郎')
  await expect(page.getByTestId('home-greeting')).not.toContainText('さん')

  // And back again.
  await page.getByTestId('language-switch').click()
  await page.getByTestId('language-option-ja').click()
  await expect(page.getByTestId('nav-accounts')).toHaveText('取引先')
})
