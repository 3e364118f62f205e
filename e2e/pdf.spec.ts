/**
 * Sales-document PDFs: the admin uploads the company seal on the issuer settings page, converts a
 * quote with a 10% and an 8% line into an invoice with two clicks, and the invoice's PDF menu
 * serves a qualified invoice (registration number, ※, tax per rate) in Japanese and English.
 */
import { crc32, deflateSync } from 'node:zlib'
import { expect, request, test } from '@playwright/test'
import { PDFParse } from 'pdf-parse'
import { E2E_ADMIN, E2E_BASE_URL } from './fixtures/env.ts'
import { openFromNav, signIn } from './fixtures/ui.ts'

/** A small red square PNG standing in for a seal (made here: no fixture files). */
function sealPng(size = 48): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => [200, 30, 30][i % 3]!)])
  const pixels = Buffer.concat(Array.from({ length: size }, () => row))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))])
}

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

test('a quote becomes an invoice whose PDF shows the registration number, ※ and the totals per rate', async ({ page }) => {
  test.setTimeout(120_000)
  const tag = Date.now().toString(36).toUpperCase()
  const accountName = `株式会社印刷先${tag}`
  // Issuer, account and quote through the API: this journey is about the PDF.
  const api = await request.newContext({ baseURL: E2E_BASE_URL })
  const login = await api.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken }
  const settings = await api.put('/api/v1/billing/settings', { data: { legalName: '検証商事株式会社', registrationNumber: 'T7000012050002', bankAccount: '検証銀行 本店 普通 7654321' }, headers })
  expect(settings.status(), await settings.text()).toBe(200)
  const account = await api.post('/api/v1/accounts', { data: { name: accountName }, headers })
  expect(account.status(), await account.text()).toBe(201)
  const quote = await api.post('/api/v1/sales-documents', {
    data: {
      kind: 'quote',
      accountId: ((await account.json()) as { id: string }).id,
      lines: [
        { description: 'クラウド利用料', quantity: 3, unit: '月', unitPrice: 10500, taxCategory: 'standard' },
        { description: '会議用菓子', quantity: 7, unit: '箱', unitPrice: 1350, taxCategory: 'reduced' },
      ],
    },
    headers,
  })
  expect(quote.status(), await quote.text()).toBe(201)
  const quoteId = ((await quote.json()) as { id: string }).id
  await api.dispose()

  await signIn(page, E2E_ADMIN)

  // The seal is uploaded on the issuer settings page and previewed there.
  await openFromNav(page, 'nav-admin-billing', /\/admin\/billing$/)
  await page.getByTestId('billing-image-seal-input').setInputFiles({ name: '社印.png', mimeType: 'image/png', buffer: sealPng() })
  await expect(page.getByTestId('billing-image-seal')).toHaveAttribute('data-uploaded', 'true', { timeout: 20_000 })
  await expect(page.getByTestId('billing-image-seal-preview')).toBeVisible()

  // Quote → order → invoice, one click each.
  await page.goto(`/sales-documents/${quoteId}`)
  await page.getByTestId('doc-convert-order').click()
  await expect(page.getByTestId('doc-kind')).toHaveText('受注')
  await page.getByTestId('doc-convert-invoice').click()
  await expect(page.getByTestId('doc-kind')).toHaveText('請求書')
  const number = (await page.getByTestId('doc-number').textContent())!
  expect(number).toMatch(/^INV-\d{4}-\d{6}$/)

  // The PDF menu: previews open in a new tab, downloads are attachments, each in both languages.
  await page.getByTestId('doc-pdf-menu').click()
  const preview = page.getByTestId('doc-pdf-preview-ja')
  await expect(preview).toHaveAttribute('target', '_blank')
  const previewHref = (await preview.getAttribute('href'))!
  expect(previewHref).toMatch(/\/api\/v1\/sales-documents\/[0-9a-f-]+\/pdf\?lang=ja$/)
  const downloadHref = (await page.getByTestId('doc-pdf-download-en').getAttribute('href'))!
  expect(downloadHref).toMatch(/\/pdf\?lang=en&download=1$/)

  const ja = await page.request.get(previewHref)
  expect(ja.status()).toBe(200)
  expect(ja.headers()['content-type']).toBe('application/pdf')
  expect(ja.headers()['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('請求書')}_${number}.pdf`)
  const jaPdf = await ja.body()
  // The seal is drawn as an image; the Japanese font is a subset.
  expect(jaPdf.toString('latin1')).toMatch(/\/Subtype \/Image/)
  expect(jaPdf.length).toBeLessThan(200_000)
  const jaText = await textOf(jaPdf)
  expect(jaText).toContain(`${accountName} 御中`)
  expect(jaText).toContain('登録番号: T7000012050002')
  expect(jaText).toContain('会議用菓子 ※')
  expect(jaText).toMatch(/10%対象\s+￥31,500\s+￥3,150\s+￥34,650/)
  expect(jaText).toMatch(/8%対象\s+￥9,450\s+￥756\s+￥10,206/)
  expect(jaText).toMatch(/合計（税込）\s+￥44,856/)

  const en = await page.request.get(downloadHref)
  expect(en.headers()['content-disposition']).toBe(`attachment; filename="Invoice_${number}.pdf"; filename*=UTF-8''Invoice_${number}.pdf`)
  const enText = await textOf(await en.body())
  expect(enText).toContain('Invoice')
  expect(enText).toContain('Registration No.: T7000012050002')
  expect(enText).toMatch(/10% items\s+¥31,500\s+¥3,150/)
  expect(enText).toMatch(/8% items\s+¥9,450\s+¥756/)
})
