/**
 * Journey c: an administrator adds a sales user on the admin Users screen; that user then
 * signs in and sees the app without the administration menu.
 */
import { expect, test } from '@playwright/test'
import { uniqueEmail, USER_PASSWORD } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, signOut, openFromNav } from './fixtures/ui.ts'

test('an administrator adds a sales user in the UI, who can then sign in without admin menus', async ({ page }) => {
  const email = uniqueEmail('sales-ui')
  const name = '営業 花子'

  await signIn(page, E2E_ADMIN)
  await openFromNav(page, 'nav-admin-users', /\/admin\/users$/)
  await expect(page).toHaveURL(/\/admin\/users$/)
  await page.getByTestId('create-user').click()

  const form = page.getByTestId('user-create-form')
  await expect(form).toBeVisible()
  // Submitting empty shows the field errors instead of sending the form.
  await page.getByTestId('user-create-submit').click()
  await expect(form.getByText('必須項目です').first()).toBeVisible()

  await page.getByTestId('user-email').fill(email)
  await page.getByTestId('user-name').fill(name)
  await page.getByTestId('user-password').fill(USER_PASSWORD)
  await page.getByTestId('user-role').click()
  await page.getByRole('option', { name: '営業', exact: true }).click()
  await page.getByTestId('user-create-submit').click()

  await expect(form).toBeHidden()
  await expect(page.getByText(`ユーザー「${name}」を追加しました。`)).toBeVisible()
  await page.getByTestId('user-search').fill(email)
  const row = page.getByTestId('user-row').filter({ hasText: email })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(name)
  await expect(row).toContainText('営業')

  await signOut(page)
  await signIn(page, { email, password: USER_PASSWORD })
  await expect(page.getByTestId('home-greeting')).toContainText(`${name} さん`)
  await expect(page.getByTestId('nav-accounts')).toBeVisible()
  await expect(page.getByTestId('nav-group-admin')).toHaveCount(0)
  await expect(page.getByTestId('nav-admin-users')).toHaveCount(0)

  // Typing the address of an admin page does not get past the permission check either.
  await page.goto('/admin/users')
  await expect(page.getByTestId('page-forbidden')).toBeVisible()
  await expect(page.getByTestId('create-user')).toHaveCount(0)
})
