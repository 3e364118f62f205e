/**
 * The header search box: an account is found as you type by its reading in half-width kana and by its phone
 * digits written another way, the best hit is highlighted, and Enter (or a click) opens it.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('find an account from the header by ﾊﾝｶｸ kana and by phone digits, open it with Enter', async ({ page, request }) => {
  // Digits of its own so reruns on the same server never match an older account.
  const digits = String(Date.now() % 10_000_000).padStart(7, '0')
  const phone = `03-5${digits.slice(0, 3)}-${digits.slice(3)}`
  const name = `株式会社和菓子堂本舗${digits}`

  const login = await request.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  expect(login.status()).toBe(200)
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const created = await request.post('/api/v1/accounts', {
    headers: { 'x-csrf-token': csrfToken },
    data: { name, nameKana: `ワガシドウホンポ${digits}`, phone },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }

  await signIn(page, E2E_ADMIN)
  const box = page.getByTestId('global-search')
  // Ctrl+K puts the cursor in the box from anywhere.
  await page.keyboard.press('Control+k')
  await expect(box).toBeFocused()
  await box.fill(`ﾜｶﾞｼﾄﾞｳﾎﾝﾎﾟ${digits}`)
  const results = page.getByTestId('global-search-result')
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText(name)
  await expect(page.getByTestId('global-search-group-accounts')).toContainText('取引先')
  await box.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/accounts/${id}$`))
  await expect(page.getByTestId('account-title')).toHaveText(name)
  await expect(box).toHaveValue('')

  // Full-width digits without hyphens find the same phone; a click opens it too.
  await box.fill(`０３５${digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`)
  await expect(results).toHaveCount(1)
  await expect(results.first()).toHaveAttribute('data-id', id)
  await page.getByTestId('nav-accounts').click()
  await box.fill('存在しない取引先ですよ')
  await expect(page.getByTestId('global-search-empty')).toContainText('見つかりませんでした')
})
