/**
 * Journeys: an admin defines a picklist カスタム項目 on contacts and a contact is registered with it; a 契約 is
 * made from an account page and renewed (更新); a 資料 is attached to an account by upload, a refused file says
 * why, and a new version is uploaded and listed.
 */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, openFromNav } from './fixtures/ui.ts'

const tagOf = () => Date.now().toString(36)
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\n%%EOF\n`, 'utf8')

test('an admin defines a picklist custom field on contacts; a contact is created with it and shows it', async ({ page }) => {
  const tag = tagOf()
  const key = `lead_source_${tag}`
  await signIn(page, E2E_ADMIN)

  await openFromNav(page, 'nav-admin-custom-fields', /\/admin\/custom-fields$/)
  await page.getByTestId('custom-field-object').getByText('担当者').click()
  await page.getByTestId('custom-field-new').click()
  const editor = page.getByTestId('custom-field-editor')
  await editor.getByTestId('custom-field-label-ja').fill(`流入経路${tag}`)
  await editor.getByTestId('custom-field-label-en').fill('Lead source')
  await editor.getByTestId('custom-field-key').fill(key)
  await editor.getByTestId('custom-field-type').click()
  await page.getByRole('option', { name: '選択リスト（単一）' }).click()
  for (const [index, [value, ja, en]] of [
    ['web_ad', 'Web 広告', 'Web ads'],
    ['exhibition', '展示会', 'Trade show'],
  ].entries()) {
    await editor.getByTestId('custom-field-add-option').click()
    await editor.getByTestId(`custom-field-option-value-${index}`).fill(value!)
    await editor.getByTestId(`custom-field-option-ja-${index}`).fill(ja!)
    await editor.getByTestId(`custom-field-option-en-${index}`).fill(en!)
  }
  await editor.getByTestId('custom-field-save').click()
  await expect(editor).toBeHidden()
  const row = page.getByTestId(`custom-field-row-${key}`)
  await expect(row).toContainText(`流入経路${tag}`)
  await expect(row).toContainText('選択リスト（単一）')
  await expect(row).toContainText('Web 広告・展示会')

  await page.getByTestId('nav-contacts').click()
  await page.getByTestId('contact-new').click()
  await page.getByTestId('contact-field-familyName').fill('項目')
  await page.getByTestId('contact-field-givenName').fill(`花子${tag}`)
  await page.getByTestId(`custom-field-${key}`).click()
  await page.getByRole('option', { name: '展示会' }).click()
  await page.getByTestId('contact-save').click()
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('custom-field-values')).toContainText(`流入経路${tag}`)
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('展示会')

  // Editing keeps the value and lets it change.
  await page.getByTestId('contact-edit').click()
  await expect(page.getByTestId(`custom-field-${key}`)).toHaveValue('展示会')
  await page.getByTestId(`custom-field-${key}`).click()
  await page.getByRole('option', { name: 'Web 広告' }).click()
  await page.getByTestId('contact-save').click()
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('Web 広告')

  // Archived fields leave the forms (other journeys create contacts too).
  await page.goto('/admin/custom-fields')
  await page.getByTestId('custom-field-object').getByText('担当者').click()
  await page.getByTestId(`custom-field-archive-${key}`).click()
  await expect(page.getByTestId(`custom-field-row-${key}`)).toContainText('アーカイブ済み')
})

test('a contract is created from an account page, shown on it, and renewed into its next period', async ({ page }) => {
  const tag = tagOf()
  const company = `株式会社契約先${tag}`
  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(company)
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-title')).toHaveText(company)

  await page.getByTestId('account-contract-new').click()
  await expect(page.getByTestId('contract-field-accountId')).toHaveValue(company)
  await page.getByTestId('contract-field-title').fill(`年間保守契約${tag}`)
  await page.getByTestId('contract-field-number').fill(`C-${tag}`)
  await page.getByTestId('contract-field-startDate').fill('2026-04-01')
  await page.getByTestId('contract-field-endDate').fill('2027-03-31')
  await page.getByTestId('contract-field-renewalDate').fill('2027-02-28')
  await page.getByTestId('contract-field-value').fill('1200000')
  await page.getByTestId('contract-field-autoRenew').check()
  await page.getByTestId('contract-save').click()

  await expect(page).toHaveURL(/\/contracts\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('contract-title')).toHaveText(`年間保守契約${tag}`)
  await expect(page.getByTestId('contract-status')).toHaveText('契約中')
  await expect(page.getByTestId('contract-period')).toHaveText('2026/04/01 – 2027/03/31')
  await expect(page.getByTestId('contract-renewalDate')).toHaveText('2027/02/28')
  await expect(page.getByTestId('contract-autoRenew')).toContainText('あり')
  await expect(page.getByTestId('contract-value')).toContainText('1,200,000')

  await page.getByTestId('contract-renew').click()
  await expect(page.getByTestId('contract-renew-preview')).toContainText('2027/04/01 – 2028/03/31')
  await page.getByTestId('contract-renew-note').fill('先方合意のうえ更新')
  await page.getByTestId('contract-renew-confirm').click()
  await expect(page.getByTestId('contract-status')).toHaveText('更新済み')
  await expect(page.getByTestId('contract-period')).toHaveText('2027/04/01 – 2028/03/31')
  await expect(page.getByTestId('contract-renewalDate')).toHaveText('2028/02/28')
  const history = page.getByTestId('contract-history-item')
  await expect(history).toHaveCount(2)
  await expect(history.first()).toContainText('契約中 → 更新済み')
  await expect(history.first()).toContainText('先方合意のうえ更新')

  // The account page lists it; the contracts list finds it by number.
  await page.getByTestId('contract-accountId').getByRole('link').click()
  await expect(page.getByTestId('account-contract-row')).toContainText(`年間保守契約${tag}`)
  await page.getByTestId('nav-contracts').click()
  await page.getByTestId('contract-search').fill(`C-${tag}`)
  await expect(page.getByTestId('contract-row')).toHaveCount(1)
  await expect(page.getByTestId('contract-row')).toContainText('更新済み')
})

test('a file is attached to an account, a refused file says why, and a new version is uploaded and listed', async ({ page }) => {
  const tag = tagOf()
  const company = `株式会社資料${tag}`
  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(company)
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-title')).toHaveText(company)

  const panel = page.getByTestId('documents-panel')
  await expect(panel).toContainText('添付された資料はまだありません。')
  await panel.locator('input[type=file]').first().setInputFiles({ name: '会社案内.pdf', mimeType: 'application/pdf', buffer: pdf('v1') })
  const row = panel.getByTestId('document-row')
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('document-name')).toHaveText('会社案内.pdf')
  await expect(row.getByTestId('document-current-version')).toHaveText('v1')

  // An executable is refused before it is sent, with the reason on screen.
  await panel.locator('input[type=file]').first().setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00') })
  await expect(panel.getByTestId('documents-upload-error')).toContainText('この形式のファイルは添付できません')
  // A .pdf that is not a PDF is refused by the server, also with the reason.
  await panel.locator('input[type=file]').first().setInputFiles({ name: '偽装.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text') })
  await expect(panel.getByTestId('documents-upload-error').filter({ hasText: '偽装.pdf' })).toContainText('ファイルの内容が拡張子と一致しない')
  await expect(row).toHaveCount(1)

  await row.locator('input[type=file]').setInputFiles({ name: '会社案内_2026年版.pdf', mimeType: 'application/pdf', buffer: pdf('v2') })
  await expect(row.getByTestId('document-current-version')).toHaveText('v2')
  await row.getByTestId('document-versions-toggle').click()
  const versions = row.getByTestId('document-version-row')
  await expect(versions).toHaveCount(2)
  await expect(versions.nth(0)).toContainText('会社案内_2026年版.pdf')
  await expect(versions.nth(1)).toContainText('会社案内.pdf')

  // The download serves the current version's bytes.
  const download = page.waitForEvent('download')
  await row.getByTestId('document-download').click()
  expect((await download).suggestedFilename()).toBe('会社案内_2026年版.pdf')
})
