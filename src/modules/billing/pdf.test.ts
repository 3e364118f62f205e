import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { crc32, deflateSync } from 'node:zlib'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSRF_HEADER } from '../../platform/http/server.ts'
import { asUser, client, type Credentials, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createRole } from '../roles/index.ts'
import { convertDocument, createDocument } from './documents.service.ts'
import { putBillingSettings } from './settings.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

/** A real, decodable PNG (a filled square), made here so the test needs no fixture files. */
function png(size: number, rgb: [number, number, number]): Buffer {
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
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => rgb[i % 3]!)])
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

const as = <T>(user: TestUser, work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, user, work)

/** A tenant with issuer settings and a quote of `count` lines, every third one at the reduced 8% rate. */
async function tenantWithQuote(count = 3) {
  const { tenantId, admin } = await createTestTenant(t.app)
  await as(admin, (ctx) =>
    putBillingSettings(ctx, { legalName: '大福ソフトウェア株式会社', registrationNumber: 'T7000012050002', address: '東京都千代田区丸の内一丁目1番1号', bankAccount: '大福銀行 本店 普通 1234567' }),
  )
  const account = await as(admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
  const lines = Array.from({ length: count }, (_, i) =>
    i % 3 === 2
      ? { description: `会議用菓子 詰め合わせ ${i + 1}`, quantity: 7, unit: '箱', unitPrice: 1350, taxCategory: 'reduced' as const }
      : { description: `クラウド利用料 ${i + 1}`, quantity: 3, unit: '月', unitPrice: 10500, taxCategory: 'standard' as const },
  )
  const quote = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, issueDate: '2026-11-25', notes: '納期はご発注後2週間です。', lines }))
  const creds = await signIn(t.http, admin)
  return { tenantId, admin, account, quote, creds, http: client(t.http, creds) }
}

describe('sales document PDFs', () => {
  it('prints a converted invoice as a qualified invoice: issuer, registration number, ※ lines and tax per rate', async () => {
    const { admin, quote, http } = await tenantWithQuote(3)
    const order = await as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'order' }))
    const invoice = await as(admin, (ctx) => convertDocument(ctx, order.id, { to: 'invoice' }))
    // 10%: 63,000 → tax 6,300; 8%: 9,450 → 756.
    expect(invoice.byRate.map((r) => [r.rate, r.subtotal, r.tax])).toEqual([
      [10, 63000, 6300],
      [8, 9450, 756],
    ])

    const response = await http.get(`/api/v1/sales-documents/${invoice.id}/pdf?lang=ja`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(
      `inline; filename="____${invoice.number}.pdf"; filename*=UTF-8''${encodeURIComponent('請求書')}_${invoice.number}.pdf`,
    )
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await textOf(pdf)
    expect(text).toContain('請求書')
    expect(text).toContain('株式会社大福商事 御中')
    expect(text).toContain('大福ソフトウェア株式会社')
    expect(text).toContain('登録番号: T7000012050002')
    expect(text).toContain(`取引年月日: ${invoice.transactionDate!.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`)
    expect(text).toContain('会議用菓子 詰め合わせ 3 ※')
    expect(text).not.toContain('クラウド利用料 1 ※')
    expect(text).toContain('※は軽減税率（8%）対象品目です。')
    expect(text).toMatch(/10%対象\s+￥63,000\s+￥6,300\s+￥69,300/)
    expect(text).toMatch(/8%対象\s+￥9,450\s+￥756\s+￥10,206/)
    expect(text).toMatch(/合計（税込）\s+￥79,506/)
    expect(text).toContain('大福銀行 本店 普通 1234567')
  })

  it('prints the same document in English and as a download', async () => {
    const { quote, http } = await tenantWithQuote(3)
    const response = await http.get(`/api/v1/sales-documents/${quote.id}/pdf?lang=en&download=1`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Quotation_${quote.number}.pdf"; filename*=UTF-8''Quotation_${quote.number}.pdf`)
    const text = await textOf(response.rawPayload)
    expect(text).toContain('Quotation')
    expect(text).toContain('Registration No.: T7000012050002')
    expect(text).toMatch(/10% items\s+¥63,000\s+¥6,300/)
    expect(text).toMatch(/8% items\s+¥9,450\s+¥756/)
    expect(text).toContain('※ Reduced tax rate item (8%).')
    expect(text).not.toContain('御見積書')
    // Quotes carry no bank details; the notes are printed.
    expect(text).not.toContain('大福銀行')
    expect(text).toContain('納期はご発注後2週間です。')
  })

  it('keeps a 50-line quote small by embedding only the used glyphs, repeating the table header on each page', async () => {
    const { quote, http } = await tenantWithQuote(50)
    const started = performance.now()
    const response = await http.get(`/api/v1/sales-documents/${quote.id}/pdf`)
    const elapsed = performance.now() - started
    expect(response.statusCode).toBe(200)
    const pdf = response.rawPayload
    const fontFile = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf')
    expect(pdf.length).toBeLessThan(200_000)
    expect(pdf.length * 20).toBeLessThan(statSync(fontFile).size)
    // A subset font is named with a six-letter tag (e.g. ABCDEF+NotoSansJP-Regular).
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/)
    const text = await textOf(pdf)
    expect(text).toContain('クラウド利用料 50')
    expect(text.match(/品番\s+品名\s+数量/g)?.length).toBeGreaterThanOrEqual(2)
    expect(text).toMatch(new RegExp(`${quote.number}\\s+2 / 2`))
    console.info(`50-line quote PDF: ${pdf.length} bytes in ${Math.round(elapsed)} ms`)
  })

  it('draws the uploaded logo and seal; admins upload, replace and remove them, others may not', async () => {
    const { tenantId, quote, http, creds } = await tenantWithQuote(3)
    const imageCount = async () => ((await http.get(`/api/v1/sales-documents/${quote.id}/pdf`)).rawPayload.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length
    expect(await imageCount()).toBe(0)

    const upload = (kind: string, body: Buffer, type = 'image/png', as: Credentials = creds) =>
      t.http.inject({ method: 'PUT', url: `/api/v1/billing/settings/images/${kind}`, headers: { cookie: as.cookie!, [CSRF_HEADER]: as.csrfToken!, 'content-type': type }, payload: body })
    const logo = png(64, [20, 60, 160])
    const put = await upload('logo', logo)
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toMatchObject({ kind: 'logo', contentType: 'image/png', size: logo.length })
    expect((await upload('seal', png(48, [200, 30, 30]))).statusCode).toBe(200)
    expect(await imageCount()).toBe(2)
    // The issuer text makes room for the seal instead of running under it or breaking the T-number.
    const withImages = await textOf((await http.get(`/api/v1/sales-documents/${quote.id}/pdf?lang=en`)).rawPayload)
    expect(withImages).toContain('Registration No.: T7000012050002')
    const listed = await http.get('/api/v1/billing/settings/images')
    expect(listed.json().data.map((i: { kind: string }) => i.kind)).toEqual(['logo', 'seal'])
    const fetched = await http.get('/api/v1/billing/settings/images/logo')
    expect(fetched.headers['content-type']).toBe('image/png')
    expect(fetched.rawPayload.equals(logo)).toBe(true)

    // Not an image, a broken PNG, too large, or from a member: refused.
    expect((await upload('logo', Buffer.from('GIF89a not allowed'), 'image/png')).statusCode).toBe(400)
    expect((await upload('logo', logo.subarray(0, 40))).statusCode).toBe(400)
    expect((await upload('seal', Buffer.concat([logo, Buffer.alloc(1024 * 1024)]))).statusCode).toBe(413)
    const member = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const memberCreds = await signIn(t.http, member)
    const memberHttp = client(t.http, memberCreds)
    expect((await upload('logo', logo, 'image/png', memberCreds)).statusCode).toBe(403)
    // Everyone may see the images (they are printed on every document).
    expect((await memberHttp.get('/api/v1/billing/settings/images/logo')).statusCode).toBe(200)
    expect((await memberHttp.delete('/api/v1/billing/settings/images/logo')).statusCode).toBe(403)

    expect((await http.delete('/api/v1/billing/settings/images/seal')).statusCode).toBe(204)
    expect(await imageCount()).toBe(1)
    expect((await http.get('/api/v1/billing/settings/images/seal')).statusCode).toBe(404)
  })

  it('refuses the PDF to a user who may not read sales documents and hides other tenants’ documents', async () => {
    const { tenantId, admin, quote } = await tenantWithQuote(1)
    const role = await as(admin, (ctx) =>
      createRole(ctx, { name: '閲覧不可', permissions: { objects: { salesDocuments: { create: false, read: false, update: false, delete: false, visibility: 'own' } }, fields: {} } }),
    )
    const outsider = await createTestUser(t.app, tenantId, { roleId: role.id })
    const outsiderHttp = client(t.http, await signIn(t.http, outsider))
    expect((await outsiderHttp.get(`/api/v1/sales-documents/${quote.id}/pdf`)).statusCode).toBe(403)
    // May read sales documents, but only their own: someone else's quote does not exist for them.
    const ownRole = await as(admin, (ctx) =>
      createRole(ctx, { name: '自分の書類のみ', permissions: { objects: { salesDocuments: { create: true, read: true, update: true, delete: false, visibility: 'own' } }, fields: {} } }),
    )
    const ownOnly = await createTestUser(t.app, tenantId, { roleId: ownRole.id })
    expect((await client(t.http, await signIn(t.http, ownOnly)).get(`/api/v1/sales-documents/${quote.id}/pdf`)).statusCode).toBe(404)

    const other = await createTestTenant(t.app)
    const otherHttp = client(t.http, await signIn(t.http, other.admin))
    const response = await otherHttp.get(`/api/v1/sales-documents/${quote.id}/pdf`)
    expect(response.statusCode).toBe(404)
    expect(response.body).not.toContain('大福')
  })

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sales-documents/{id}/pdf', '/api/v1/billing/settings/images/{kind}']))
  })

  it('rejects an unknown language', async () => {
    const { quote, http } = await tenantWithQuote(1)
    expect((await http.get(`/api/v1/sales-documents/${quote.id}/pdf?lang=fr`)).statusCode).toBe(400)
  })
})

