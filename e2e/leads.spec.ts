/**
 * Leads (リード): an admin publishes a web form and a territory assignment rule, an anonymous visitor
 * submits the hosted form, the lead arrives assigned to the rule's salesperson, and the admin converts
 * it (商談化) into a new account, contact and deal.
 */
import { expect, test } from '@playwright/test'
import { adminApi, uniqueEmail } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('a web-form lead is assigned and converted', async ({ page, browser }) => {
  const run = Date.now().toString(36).toUpperCase()
  const sellerName = `沖縄 担当${run}`
  const company = `株式会社琉球テスト${run}`
  const formName = `資料請求${run}`
  const api = await adminApi()
  await api.createUser({ name: sellerName, roleKey: 'sales' })
  await api.dispose()

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-leads').click()
  await expect(page).toHaveURL(/\/leads$/)
  await page.getByTestId('lead-settings-link').click()

  // A territory rule: leads from 沖縄県 go to the new salesperson.
  await page.getByTestId('lead-settings-tab-assignment').click()
  await page.getByTestId('assignment-add').click()
  const rule = page.getByTestId('assignment-rule').last()
  await rule.getByTestId('assignment-rule-name').fill(`沖縄エリア${run}`)
  await rule.getByTestId('assignment-rule-value').fill('沖縄県')
  await rule.getByTestId('assignment-rule-user').click()
  await page.getByRole('option', { name: sellerName }).click()
  await page.getByTestId('assignment-save').click()
  await expect(page.getByText('割り当てルールを保存しました。')).toBeVisible()

  // A web form that asks for the prefecture too; its public page and embed snippet are shown.
  await page.getByTestId('lead-settings-tab-forms').click()
  await page.getByTestId('lead-form-new').click()
  await page.getByTestId('lead-form-input-name').fill(formName)
  await page.getByTestId('lead-form-field-prefecture').check()
  await page.getByTestId('lead-form-save').click()
  const card = page.getByTestId('lead-form-card').filter({ hasText: formName })
  await expect(card.getByTestId('lead-form-snippet')).toContainText('<iframe src="http')
  const publicUrl = (await card.getByTestId('lead-form-public-url').textContent())!.trim()
  expect(publicUrl).toMatch(/\/forms\/[\w-]+$/)

  // An anonymous visitor (no cookies) fills in the hosted form.
  const visitor = await browser.newContext({ locale: 'ja-JP' })
  const visitorPage = await visitor.newPage()
  await visitorPage.goto(publicUrl)
  await expect(visitorPage.getByTestId('public-form')).toBeVisible()
  await visitorPage.getByTestId('public-form-familyName').fill('比嘉')
  await visitorPage.getByTestId('public-form-givenName').fill('美咲')
  await visitorPage.getByTestId('public-form-companyName').fill(company)
  await visitorPage.getByTestId('public-form-email').fill(uniqueEmail('higa'))
  // Typed to narrow the list, so 沖縄県 (the last of 47) needs no scrolling to reach.
  await visitorPage.getByTestId('public-form-prefecture').click()
  await visitorPage.getByTestId('public-form-prefecture').fill('沖縄')
  await visitorPage.getByRole('option', { name: '沖縄県' }).click()
  await visitorPage.getByTestId('public-form-message').fill('製品資料を送ってください。')
  await visitorPage.getByTestId('public-form-submit').click()
  await expect(visitorPage.getByTestId('public-form-thanks')).toBeVisible()
  await visitor.close()

  // The lead is in the list, assigned to the territory's salesperson.
  await page.getByTestId('nav-leads').click()
  const row = page.getByTestId('lead-row').filter({ hasText: company })
  await expect(row).toBeVisible()
  await expect(row.getByTestId('lead-row-owner')).toHaveText(sellerName)
  await row.getByText('比嘉 美咲').click()
  await expect(page.getByTestId('lead-heading')).toHaveText('比嘉 美咲')
  await expect(page.getByTestId('lead-ownerId')).toHaveText(sellerName)
  await expect(page.getByTestId('lead-source')).toHaveText('Webフォーム')

  // 商談化: nothing matches yet, so a new account, contact and deal are created.
  await page.getByTestId('lead-qualify').click()
  await expect(page.getByTestId('lead-status')).toHaveText('見込みあり')
  await page.getByTestId('lead-convert').click()
  await expect(page.getByTestId('convert-account-new')).toBeChecked()
  await page.getByTestId('convert-deal-name').fill(`${company} 導入案件`)
  await page.getByTestId('convert-submit').click()
  const result = page.getByTestId('convert-result')
  await expect(result).toContainText(company)
  await expect(result.getByTestId('convert-outcome-accounts')).toHaveText('新規登録')
  await expect(result.getByTestId('convert-outcome-contacts')).toHaveText('新規登録')
  await page.getByTestId('convert-close').click()
  await expect(page.getByTestId('lead-status')).toHaveText('商談化済み')
  await expect(page.getByTestId('lead-convert')).toHaveCount(0)
  await page.getByTestId('lead-converted-deal').click()
  await expect(page.getByTestId('deal-title')).toHaveText(`${company} 導入案件`)
})
