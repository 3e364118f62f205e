/**
 * Journey: two entries of the same person (髙橋 / 高橋 at the same company) are found by "scan now", compared side by
 * side, and merged keeping the second one's title; the survivor shows the chosen value and the other record is gone.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('merge two duplicates', async ({ page, request }) => {
  const tag = String(Date.now() % 1_000_000).padStart(6, '0')
  const given = `一郎${tag}`
  const login = await request.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  expect(login.status()).toBe(200)
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken }
  const post = async (url: string, data: object) => {
    const response = await request.post(url, { headers, data })
    expect(response.status(), await response.text()).toBe(201)
    return (await response.json()) as { id: string }
  }
  const account = await post('/api/v1/accounts', { name: `株式会社名寄商事${tag}` })
  const first = await post('/api/v1/contacts', { familyName: '髙橋', givenName: given, title: '課長', accountId: account.id })
  const second = await post('/api/v1/contacts', { familyName: '高橋', givenName: given, title: '営業部長', accountId: account.id })

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-duplicates').click()
  await page.getByTestId('duplicates-scan').click()
  await expect(page.getByTestId('duplicates-scan-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 })

  const pair = page.getByTestId('duplicate-pair').filter({ hasText: given })
  await expect(pair).toHaveCount(1)
  await expect(pair.getByTestId('duplicate-reason')).toHaveText(['氏名と会社名が一致'])
  await pair.getByTestId('duplicate-compare').click()

  // The older record is kept by default; the title is taken from the second.
  await expect(page.getByTestId('merge-survivor-a')).toBeChecked()
  await expect(page.getByTestId('merge-row-title')).toBeVisible()
  await expect(page.getByTestId('merge-preview-title')).toHaveText('課長')
  await page.getByTestId('merge-choice-title-b').check()
  await expect(page.getByTestId('merge-preview-title')).toHaveText('営業部長')
  await page.getByTestId('merge-submit').click()
  await expect(page.getByTestId('merge-confirm-dialog')).toContainText(`髙橋 ${given}`)
  await page.getByTestId('merge-confirm').click()

  await expect(page).toHaveURL(new RegExp(`/contacts/${first.id}$`))
  await expect(page.getByTestId('contact-title')).toHaveText(`髙橋 ${given}`)
  await expect(page.getByTestId('contact-title-field')).toHaveText('営業部長')

  // The other entry is gone from the list; its old address leads to the survivor.
  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-search').fill(given)
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await page.goto(`/contacts/${second.id}`)
  await expect(page.getByTestId('contact-title')).toHaveText(`髙橋 ${given}`)
  await page.getByTestId('nav-duplicates').click()
  await expect(page.getByTestId('duplicate-pair').filter({ hasText: given })).toHaveCount(0)
})
