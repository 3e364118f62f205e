/**
 * Journey: a 名刺 is typed top to bottom with Tab (company, department, title, 姓 名, セイ メイ, 〒 address, phones,
 * email, URL) and saved with Enter; the new company is created and linked; the person is then found from the header
 * search by the reading in katakana and in hiragana. A second card of the same person is matched to both records.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

const KANA_DIGITS = 'アイウエオカキクケコ'
const toHiragana = (katakana: string) => katakana.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))

test('create a contact from a business card, then find him by kana', async ({ page }) => {
  // A reading nobody else in this run has: the run's clock as kana.
  const digits = String(Date.now() % 1_000_000).padStart(6, '0')
  const suffix = [...digits].map((d) => KANA_DIGITS[Number(d)]).join('')
  const company = `株式会社名刺商会${digits}`
  const familyKana = `メイシ${suffix}`

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-business-card').click()
  await expect(page.getByTestId('business-card')).toBeVisible()

  // The company name has the focus; every other field follows with Tab, in the order the card is read.
  await expect(page.getByTestId('card-companyName')).toBeFocused()
  const typed: [string, string][] = [
    ['companyName', company],
    ['companyKana', `メイシショウカイ${suffix}`],
    ['department', '営業本部 第一営業部'],
    ['title', '部長'],
    ['familyName', '名刺'],
    ['givenName', `一郎${digits}`],
    ['familyNameKana', familyKana],
    ['givenNameKana', 'イチロウ'],
    ['postalCode', '1000005'],
    ['address', '東京都千代田区丸の内1-2-3'],
    ['building', '大福ビル5F'],
    ['phone', '03-1234-5678'],
    ['mobile', '090-1111-2222'],
    ['fax', '03-1234-5679'],
    ['email', `meishi${digits}@example.co.jp`],
    ['url', 'www.example.co.jp'],
  ]
  for (const [i, [field, value]] of typed.entries()) {
    await expect(page.getByTestId(`card-${field}`)).toBeFocused()
    await page.keyboard.insertText(value)
    if (i < typed.length - 1) await page.keyboard.press('Tab')
  }
  await expect(page.getByTestId('card-company-decision')).toHaveAttribute('data-kind', 'new')
  await expect(page.getByTestId('card-person-decision')).toHaveAttribute('data-kind', 'new')
  await page.keyboard.press('Enter')

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/)
  const contactUrl = page.url()
  await expect(page.getByTestId('contact-title')).toHaveText(`名刺 一郎${digits}`)
  await expect(page.getByTestId('contact-kana')).toHaveText(`${familyKana} イチロウ`)
  await expect(page.getByTestId('contact-primary-account')).toHaveText(company)
  await expect(page.getByTestId('contact-title-field')).toHaveText('部長')
  await expect(page.getByTestId('contact-phones')).toContainText('090-1111-2222')
  await expect(page.getByTestId('contact-address')).toContainText('100-0005')
  await expect(page.getByTestId('contact-address')).toContainText('千代田区')

  // Header search by the katakana reading, then by the same reading in hiragana.
  await page.getByTestId('nav-home').click()
  const box = page.getByTestId('global-search')
  for (const query of [familyKana, toHiragana(familyKana)]) {
    await box.fill(query)
    const hit = page.getByTestId('global-search-result').filter({ hasText: `一郎${digits}` })
    await expect(hit).toHaveCount(1)
    await expect(hit).toHaveAttribute('data-type', 'contacts')
    await hit.click()
    await expect(page).toHaveURL(contactUrl)
    await page.getByTestId('nav-home').click()
  }

  // A second card of the same person from the same company (written another way): both are offered; the company is
  // linked on its own, the person is updated on request with the new mobile number — no second contact.
  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-business-card').click()
  await page.getByTestId('card-companyName').fill(`(株)名刺商会${digits}`)
  await page.getByTestId('card-familyName').fill('名刺')
  await page.getByTestId('card-givenName').fill(`一郎${digits}`)
  await page.getByTestId('card-familyNameKana').fill(toHiragana(familyKana))
  await page.getByTestId('card-mobile').fill('080-3333-4444')
  await expect(page.getByTestId('card-company-decision')).toHaveAttribute('data-kind', 'link')
  await expect(page.getByTestId('card-company-decision')).toContainText(company)
  const person = page.getByTestId('card-match').filter({ hasText: `一郎${digits}` })
  await expect(person).toHaveCount(1)
  await person.getByTestId('card-person-update').click()
  await expect(page.getByTestId('card-person-decision')).toHaveAttribute('data-kind', 'update')
  await page.getByTestId('business-card-save').click()
  await expect(page).toHaveURL(contactUrl)
  await expect(page.getByTestId('contact-phones')).toContainText('080-3333-4444')
  await expect(page.getByTestId('contact-phones')).toContainText('090-1111-2222')
  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-search').fill(familyKana)
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
})
