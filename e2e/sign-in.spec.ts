/** Journey a: the administrator signs in, sees the greeting, signs out; a wrong password is refused clearly. */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, signOut } from './fixtures/ui.ts'

test('the administrator signs in, is greeted by name on the home page and signs out', async ({ page }) => {
  await signIn(page, E2E_ADMIN)
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByTestId('home-greeting')).toContainText(`${E2E_ADMIN.name} さん`)
  await expect(page.getByTestId('nav-accounts')).toHaveText('取引先')

  await signOut(page)
  // Signed out for real: the app sends the visitor back to sign-in.
  await page.goto('/accounts')
  await expect(page.getByTestId('login-form')).toBeVisible()
  await expect(page.getByTestId('home-greeting')).toHaveCount(0)
})

test('a wrong password shows a clear error and keeps the visitor on the sign-in page', async ({ page }) => {
  await page.goto('/sign-in')
  await page.getByTestId('login-email').fill(E2E_ADMIN.email)
  await page.getByTestId('login-password').fill('not-the-right-password')
  await page.getByTestId('login-submit').click()

  await expect(page.getByTestId('login-error')).toHaveText('メールアドレスまたはパスワードが正しくありません。')
  await expect(page).toHaveURL(/\/sign-in/)
  // The password field is emptied for the next try; the email stays.
  await expect(page.getByTestId('login-password')).toHaveValue('')
  await expect(page.getByTestId('login-email')).toHaveValue(E2E_ADMIN.email)
  await expect(page.getByTestId('home-greeting')).toHaveCount(0)
})

test('a signed-out visitor opening a deep link is asked to sign in and then lands on that page', async ({ page }) => {
  await page.goto('/admin/users')
  await expect(page.getByTestId('login-form')).toBeVisible()
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fusers$/)
  await page.getByTestId('login-email').fill(E2E_ADMIN.email)
  await page.getByTestId('login-password').fill(E2E_ADMIN.password)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/admin\/users$/)
  await expect(page.getByTestId('create-user')).toBeVisible()
})
