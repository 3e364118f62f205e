/**
 * Journey: a 担当者 is registered with readings, a phone, a Japanese address and a company; found in the list by
 * half-width kana; moved to a new company (転職) so the old company becomes history; both companies' pages show it;
 * then the old company is made a subsidiary of the new one.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('register a contact with a company, find them by kana, move them to a new company and keep the history', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const oldCompany = `株式会社旧職${tag}`
  const newCompany = `株式会社新天地${tag}`
  await signIn(page, E2E_ADMIN)

  // Two companies to work at.
  for (const name of [oldCompany, newCompany]) {
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('account-new').click()
    await page.getByTestId('account-field-name').fill(name)
    await page.getByTestId('account-save').click()
    await expect(page.getByTestId('account-title')).toHaveText(name)
  }

  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-new').click()
  await page.getByTestId('contact-field-familyName').fill('転職')
  await page.getByTestId('contact-field-givenName').fill(`太郎${tag}`)
  await page.getByTestId('contact-field-familyNameKana').fill('テンショク')
  await page.getByTestId('contact-field-givenNameKana').fill('タロウ')
  await page.getByTestId('contact-field-accountId').click()
  await page.getByTestId('contact-field-accountId').fill(`旧職${tag}`)
  await page.getByRole('option', { name: oldCompany }).click()
  await page.getByTestId('contact-field-title').fill('課長')
  await page.getByTestId('contact-phones-add').click()
  await page.getByTestId('contact-phone-number').fill('03-1234-5678')
  await page.getByTestId('contact-addresses-add').click()
  await page.getByTestId('contact-address-postalCode').fill('1000001')
  // Typed to narrow the 47 prefectures: picking 東京都 from the full list scrolls it, and a
  // dropdown that moves under the pointer once let the click land on the form and close it.
  await page.getByTestId('contact-address-prefecture').click()
  await page.getByTestId('contact-address-prefecture').fill('東京')
  await page.getByRole('option', { name: '東京都' }).click()
  await expect(page.getByTestId('contact-address-prefecture')).toHaveValue('東京都')
  await page.getByTestId('contact-address-city').fill('千代田区')
  await page.getByTestId('contact-address-street').fill('千代田1-1')
  await page.getByTestId('contact-save').click()

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/)
  const contactUrl = page.url()
  await expect(page.getByTestId('contact-title')).toHaveText(`転職 太郎${tag}`)
  await expect(page.getByTestId('contact-kana')).toHaveText('テンショク タロウ')
  await expect(page.getByTestId('contact-primary-account')).toHaveText(oldCompany)
  await expect(page.getByTestId('contact-address')).toContainText('〒100-0001')
  await expect(page.getByTestId('contact-address')).toContainText('東京都千代田区千代田1-1')

  // Half-width kana finds them (the reading is stored in full-width katakana).
  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-search').fill(`ﾃﾝｼｮｸ`)
  const rows = page.getByTestId('contact-row').filter({ hasText: tag })
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(oldCompany)

  // 転職: move to the new company.
  await page.goto(contactUrl)
  await page.getByTestId('contact-move-open').click()
  await page.getByTestId('contact-move-account').click()
  await page.getByTestId('contact-move-account').fill(`新天地${tag}`)
  await page.getByRole('option', { name: newCompany }).click()
  await page.getByTestId('contact-move-title').fill('部長')
  await page.getByTestId('contact-move-submit').click()
  await expect(page.getByTestId('contact-primary-account')).toHaveText(newCompany)
  const companies = page.getByTestId('contact-company-row')
  await expect(companies).toHaveCount(2)
  await expect(companies.nth(0)).toHaveAttribute('data-current', 'true')
  await expect(companies.nth(0)).toContainText(newCompany)
  await expect(companies.nth(1)).toHaveAttribute('data-current', 'false')
  await expect(companies.nth(1)).toContainText(oldCompany)

  // The old company lists them only with former people shown.
  await companies.nth(1).getByRole('link', { name: oldCompany }).click()
  await expect(page.getByTestId('account-title')).toHaveText(oldCompany)
  await expect(page.getByTestId('account-contact-row')).toHaveCount(0)
  await page.getByTestId('account-contacts-former').click()
  await expect(page.getByTestId('account-contact-row')).toHaveCount(1)
  await expect(page.getByTestId('account-contact-row').first()).toHaveAttribute('data-current', 'false')

  // Group structure: the old company becomes a subsidiary of the new one.
  await page.getByTestId('account-parent-open').click()
  await page.getByTestId('account-parent-picker').click()
  await page.getByTestId('account-parent-picker').fill(`新天地${tag}`)
  await page.getByRole('option', { name: newCompany }).click()
  await page.getByTestId('account-parent-save').click()
  await expect(page.getByTestId('account-parent')).toContainText(newCompany)
  await page.getByTestId('account-parent').getByRole('link', { name: newCompany }).click()
  await expect(page.getByTestId('account-title')).toHaveText(newCompany)
  await expect(page.getByTestId('account-child')).toHaveText(oldCompany)
})
