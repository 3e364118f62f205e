/**
 * Configurator: the admin writes a rule (UPS excludes the quiet fan) in the product's rule builder,
 * configures the product on a quote, sees the error for the forbidden combination and then the
 * price adjusted by the rules; shares the catalogue and opens the link signed out, then revokes it.
 */
import { expect, request, test } from '@playwright/test'
import { E2E_ADMIN, E2E_BASE_URL } from './fixtures/env.ts'
import { openFromNav, signIn } from './fixtures/ui.ts'

test('admin writes a rule, configures a product on a quote, and shares the catalogue', async ({ page, browser }) => {
  test.setTimeout(180_000)
  const tag = Date.now().toString(36).toUpperCase()
  const code = `SRV-${tag}`
  const accountName = `構成テスト商事${tag}`

  // The product, its options and one percent rule come through the API; the journey writes the next rule.
  const api = await request.newContext({ baseURL: E2E_BASE_URL })
  const login = await api.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const headers = { 'x-csrf-token': csrfToken }
  expect((await api.post('/api/v1/accounts', { data: { name: accountName }, headers })).status()).toBe(201)
  const created = await api.post('/api/v1/products', { data: { code, name: '業務用サーバー', unit: '台', unitPrice: 100000, description: '中小企業向けの静音サーバーです。' }, headers })
  expect(created.status(), await created.text()).toBe(201)
  const product = (await created.json()) as { id: string }
  const put = await api.put(`/api/v1/products/${product.id}/configurator`, {
    headers,
    data: {
      optionGroups: [
        { key: 'cpu', name: 'CPU', selection: 'single', required: true, options: [{ key: 'std', name: '標準CPU', priceDelta: 0 }, { key: 'fast', name: '高速CPU', priceDelta: 50000 }] },
        { key: 'extra', name: '追加オプション', selection: 'multi', required: false, options: [{ key: 'ups', name: 'UPS', priceDelta: 20000 }, { key: 'fan', name: '静音ファン', priceDelta: 5000 }] },
      ],
      rules: [{ key: 'bundle', name: 'セット割引', match: 'all', conditions: [{ option: 'fast' }, { option: 'ups' }], then: [{ type: 'adjust', mode: 'percent', value: -10 }] }],
    },
  })
  expect(put.status(), await put.text()).toBe(200)
  await api.dispose()

  await signIn(page, E2E_ADMIN)

  // The rule builder: IF「UPS」を選択 THEN「静音ファン」は選択不可.
  await openFromNav(page, 'nav-products', /\/products$/)
  await page.getByTestId('product-row').filter({ hasText: code }).getByTestId('product-open').click()
  await expect(page).toHaveURL(new RegExp(`/products/${product.id}$`))
  await expect(page.getByTestId('cfg-rule')).toHaveCount(1, { timeout: 20_000 })
  await page.getByTestId('cfg-rule-add').click()
  const rule = page.getByTestId('cfg-rule').nth(1)
  await rule.getByTestId('cfg-rule-name').fill('UPSと静音ファンは併用不可')
  await rule.getByTestId('cfg-cond-option').click()
  await page.getByRole('option', { name: 'UPS', exact: true }).click()
  await rule.getByTestId('cfg-then-add').click()
  await rule.getByTestId('cfg-action-type').click()
  await page.getByRole('option', { name: '選択不可にする' }).click()
  await rule.getByTestId('cfg-action-option').click()
  await page.getByRole('option', { name: '静音ファン' }).click()
  await expect(rule.getByTestId('cfg-rule-summary')).toHaveText('もし 「UPS」を選択 なら → 「静音ファン」は選択不可')
  await page.getByTestId('cfg-save').click()
  await expect(page.getByText('構成を保存しました')).toBeVisible()

  // A quote: configure the product; the forbidden combination is named, then the adjusted price shows.
  await openFromNav(page, 'nav-quotes', /\/quotes/)
  await page.getByTestId('doc-new').click()
  await page.getByTestId('doc-field-account').click()
  await page.getByTestId('doc-field-account').fill(accountName)
  await page.getByRole('option', { name: accountName }).click()
  const line = page.getByTestId('doc-line').first()
  await line.getByTestId('doc-line-product').click()
  await line.getByTestId('doc-line-product').fill(code)
  await page.getByRole('option', { name: `${code} 業務用サーバー` }).click()
  await line.getByTestId('doc-line-configure').click()
  const dialog = page.getByRole('dialog')
  await dialog.getByTestId('configure-option-std').check()
  await dialog.getByTestId('configure-option-ups').check()
  await dialog.getByTestId('configure-option-fan').check()
  await expect(dialog.getByTestId('configure-error')).toHaveText('「UPS」と「静音ファン」は同時に選択できません。', { timeout: 20_000 })
  await expect(dialog.getByTestId('configure-apply')).toBeDisabled()
  await dialog.getByTestId('configure-option-fan').uncheck()
  await dialog.getByTestId('configure-option-fast').check()
  // 100,000 + 50,000 + 20,000 = 170,000, セット割引 −10% → 153,000.
  await expect(dialog.getByTestId('configure-price')).toHaveText('￥153,000', { timeout: 20_000 })
  await expect(dialog.getByTestId('configure-errors')).toHaveCount(0)
  await dialog.getByTestId('configure-apply').click()
  await expect(line.getByTestId('doc-line-price')).toHaveValue('153,000')
  await expect(line.getByTestId('doc-line-description')).toHaveValue('業務用サーバー（高速CPU、UPS）')
  await expect(page.getByTestId('doc-total')).toHaveText('￥168,300')
  await page.getByTestId('doc-save').click()
  await expect(page).toHaveURL(/\/sales-documents\/[0-9a-f-]{36}$/, { timeout: 20_000 })
  await expect(page.getByText('業務用サーバー（高速CPU、UPS）')).toBeVisible()

  // Share the catalogue and open it signed out.
  await openFromNav(page, 'nav-admin-catalog-links', /\/admin\/catalog-links$/)
  await page.getByTestId('share-new').click()
  await page.getByTestId('share-name').fill(`総合カタログ ${tag}`)
  await page.getByTestId('share-save').click()
  const row = page.getByTestId('share-row').filter({ hasText: `総合カタログ ${tag}` })
  await expect(row.getByTestId('share-status')).toHaveText('有効')
  const href = await row.getByTestId('share-link').getAttribute('href')
  expect(href).toMatch(/^\/catalog\/[A-Za-z0-9_-]{32}$/)

  const visitor = await browser.newContext({ baseURL: E2E_BASE_URL, locale: 'ja-JP' })
  const publicPage = await visitor.newPage()
  await publicPage.goto(href!)
  await expect(publicPage.getByTestId('catalog-title')).toHaveText(`総合カタログ ${tag}`, { timeout: 20_000 })
  const card = publicPage.getByTestId('catalog-card').filter({ hasText: code })
  await expect(card.getByTestId('catalog-card-name')).toHaveText('業務用サーバー')
  await expect(card).toContainText('中小企業向けの静音サーバーです。')
  await expect(card.getByTestId('catalog-card-price')).toContainText('￥110,000')

  // Revoked: the same link now says so, politely.
  page.once('dialog', (d) => void d.accept())
  await row.getByTestId('share-revoke').click()
  await expect(row.getByTestId('share-status')).toHaveText('無効')
  await publicPage.reload()
  await expect(publicPage.getByTestId('catalog-unavailable')).toBeVisible({ timeout: 20_000 })
  await visitor.close()
})
