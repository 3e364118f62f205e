/**
 * Quotes → orders → qualified invoices: the admin sets the invoice issuer and registers a 10%
 * and an 8% product, makes a quote with one line of each (live per-rate totals), converts it
 * to an order and then an invoice, which shows the T-number, the ※ mark and the tax per rate;
 * a partial payment leaves the right balance.
 */
import { expect, request, test } from '@playwright/test'
import { E2E_ADMIN, E2E_BASE_URL } from './fixtures/env.ts'
import { signIn, openFromNav } from './fixtures/ui.ts'

test('a quote with a 10% and an 8% line becomes an invoice showing the totals per tax rate', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const accountName = `株式会社見積先${tag}`
  // The account comes through the API: this journey is about documents, not the account form.
  const api = await request.newContext({ baseURL: E2E_BASE_URL })
  const login = await api.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const account = await api.post('/api/v1/accounts', { data: { name: accountName }, headers: { 'x-csrf-token': csrfToken } })
  expect(account.status(), await account.text()).toBe(201)
  await api.dispose()

  await signIn(page, E2E_ADMIN)

  // Issuer settings (適格請求書発行事業者): the registration number may be typed full-width.
  await openFromNav(page, 'nav-admin-billing', /\/admin\/billing$/)
  await page.getByTestId('billing-legal-name').fill('検証商事株式会社')
  await page.getByTestId('billing-registration-number').fill('Ｔ７００００１２０５０００２')
  await page.getByTestId('billing-settings-save').click()
  await expect(page.getByTestId('billing-registration-number')).toHaveValue('T7000012050002')

  // Two products: a 10% service and an 8% (軽減税率) food item.
  await page.getByTestId('nav-products').click()
  const products = [
    { code: `LIC-${tag}`, name: 'クラウド利用料', unit: '月', price: '10500', tax: '標準税率 10%' },
    { code: `FOOD-${tag}`, name: '会議用菓子', unit: '箱', price: '1350', tax: '軽減税率 8%' },
  ]
  for (const product of products) {
    await page.getByTestId('product-new').click()
    await page.getByTestId('product-field-code').fill(product.code)
    await page.getByTestId('product-field-name').fill(product.name)
    await page.getByTestId('product-field-unit').fill(product.unit)
    await page.getByTestId('product-field-price').fill(product.price)
    await page.getByTestId('product-field-tax').click()
    await page.getByRole('option', { name: product.tax }).click()
    await page.getByTestId('product-save').click()
    await expect(page.getByTestId('product-row').filter({ hasText: product.code })).toBeVisible()
  }

  // A quote with one line of each; the totals per rate update as the lines are filled in.
  await page.getByTestId('nav-quotes').click()
  await page.getByTestId('doc-new').click()
  await page.getByTestId('doc-field-account').click()
  await page.getByTestId('doc-field-account').fill(accountName)
  await page.getByRole('option', { name: accountName }).click()
  const lines = page.getByTestId('doc-line')
  const pick = async (index: number, product: (typeof products)[number], quantity: string) => {
    const line = lines.nth(index)
    await line.getByTestId('doc-line-product').click()
    await line.getByTestId('doc-line-product').fill(product.code)
    await page.getByRole('option', { name: `${product.code} ${product.name}` }).click()
    await expect(line.getByTestId('doc-line-description')).toHaveValue(product.name)
    await line.getByTestId('doc-line-quantity').fill(quantity)
  }
  await pick(0, products[0]!, '3')
  await page.getByTestId('doc-line-add').click()
  await pick(1, products[1]!, '7')
  const rate = (value: number) => page.getByTestId('doc-rate-row').and(page.locator(`[data-rate="${value}"]`))
  await expect(rate(10).getByTestId('doc-rate-subtotal')).toHaveText('￥31,500')
  await expect(rate(8).getByTestId('doc-rate-tax')).toHaveText('￥756')
  await expect(page.getByTestId('doc-total')).toHaveText('￥44,856')
  await page.getByTestId('doc-save').click()

  await expect(page.getByTestId('doc-kind')).toHaveText('見積書')
  await expect(page.getByTestId('doc-number')).toHaveText(/^Q-\d{4}-\d{6}$/)
  await expect(page.getByTestId('doc-recipient')).toContainText(`${accountName} 御中`)

  // One click to an order, one more to an invoice.
  await page.getByTestId('doc-convert-order').click()
  await expect(page.getByTestId('doc-kind')).toHaveText('受注')
  await expect(page.getByTestId('doc-number')).toHaveText(/^SO-\d{4}-\d{6}$/)
  await page.getByTestId('doc-convert-invoice').click()
  await expect(page.getByTestId('doc-kind')).toHaveText('請求書')
  await expect(page.getByTestId('doc-number')).toHaveText(/^INV-\d{4}-\d{6}$/)

  // The qualified-invoice items: issuer and T-number, ※ on the reduced-rate line, tax per rate.
  await expect(page.getByTestId('doc-issuer')).toContainText('検証商事株式会社')
  await expect(page.getByTestId('doc-registration-number')).toContainText('T7000012050002')
  const reduced = page.getByTestId('doc-line-row').filter({ hasText: '会議用菓子' })
  await expect(reduced.getByTestId('doc-line-reduced-mark')).toHaveText('※')
  await expect(page.getByTestId('doc-line-row').filter({ hasText: 'クラウド利用料' }).getByTestId('doc-line-reduced-mark')).toHaveCount(0)
  await expect(rate(10).getByTestId('doc-rate-subtotal')).toHaveText('￥31,500')
  await expect(rate(10).getByTestId('doc-rate-tax')).toHaveText('￥3,150')
  await expect(rate(8).getByTestId('doc-rate-subtotal')).toHaveText('￥9,450')
  await expect(rate(8).getByTestId('doc-rate-tax')).toHaveText('￥756')
  await expect(page.getByTestId('doc-total')).toHaveText('￥44,856')

  // Issue it and record a partial payment.
  await page.getByTestId('doc-status-select').click()
  await page.getByRole('option', { name: '発行済み' }).click()
  await expect(page.getByTestId('doc-status')).toHaveText('発行済み')
  await page.getByTestId('payment-amount').fill('20000')
  await page.getByTestId('payment-submit').click()
  await expect(page.getByTestId('doc-status')).toHaveText('一部入金')
  await expect(page.getByTestId('doc-balance')).toHaveText('￥24,856')
  await expect(page.getByTestId('payment-row')).toHaveCount(1)
})

test('a price list gives its price to the quote lines of its customers', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const code = `PL-${tag}`
  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-products').click()
  await page.getByTestId('product-new').click()
  await page.getByTestId('product-field-code').fill(code)
  await page.getByTestId('product-field-name').fill('保守サポート')
  await page.getByTestId('product-field-price').fill('50000')
  await page.getByTestId('product-save').click()
  await expect(page.getByTestId('product-row').filter({ hasText: code })).toBeVisible()

  await page.getByTestId('price-list-new').click()
  await page.getByTestId('price-list-name').fill(`代理店価格${tag}`)
  await page.getByTestId('price-list-group').fill('代理店')
  await page.getByTestId('price-list-add-price').click()
  await page.getByTestId('price-list-product').click()
  await page.getByTestId('price-list-product').fill(code)
  await page.getByRole('option', { name: `${code} 保守サポート` }).click()
  await page.getByTestId('price-list-amount').fill('42000')
  await page.getByTestId('price-list-save').click()
  await expect(page.getByTestId('price-list-row').filter({ hasText: `代理店価格${tag}` })).toBeVisible()

  await page.getByTestId('nav-quotes').click()
  await page.getByTestId('doc-new').click()
  await page.getByTestId('doc-field-price-list').click()
  await page.getByRole('option', { name: `代理店価格${tag}（代理店）` }).click()
  const line = page.getByTestId('doc-line').first()
  await line.getByTestId('doc-line-product').click()
  await line.getByTestId('doc-line-product').fill(code)
  await page.getByRole('option', { name: `${code} 保守サポート` }).click()
  await expect(line.getByTestId('doc-line-price')).toHaveValue('42,000')
  await expect(page.getByTestId('doc-total')).toHaveText('￥46,200')
})
