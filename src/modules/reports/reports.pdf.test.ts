import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { reportToPdf } from './reports.pdf.ts'
import type { ReportResult } from './reports.schema.ts'
import { seedDeals } from './reports.testing.ts'

let t: TestApp
let admin: TestUser
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await createTestTenant(t.app)
  admin = tenant.admin
  const sato = await createTestUser(t.app, tenant.tenantId, { roleKey: 'sales', name: '佐藤 花子' })
  const tanaka = await createTestUser(t.app, tenant.tenantId, { roleKey: 'sales', name: '田中 一郎' })
  await seedDeals(t, tenant.tenantId, [
    { name: 'a', owner: sato, status: 'won', amount: 1_250_000 },
    { name: 'b', owner: sato, status: 'open', amount: 800_000 },
    { name: 'c', owner: tanaka, status: 'won', amount: 3_400_000 },
  ])
})
afterAll(async () => {
  await t?.close()
})

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

const countSum = [{ aggregate: 'count' as const }, { aggregate: 'sum' as const, field: 'amount' }]

describe('report PDF export', () => {
  it('exports a report as an A4 PDF with the Japanese font subset, subtotals, the total and grouped numbers', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.post('/api/v1/reports/export', {
      definition: { object: 'deals', groups: [{ field: 'owner' }, { field: 'status' }], measures: countSum, filters: [{ field: 'amount', op: 'gte', value: 1 }] },
      locale: 'ja',
      format: 'pdf',
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="report-\d{8}\.pdf"$/)
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/)
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Bold/)
    const text = await textOf(pdf)
    expect(text).toContain('商談レポート')
    expect(text).toContain('実行日時')
    expect(text).toContain('金額 ≥ 1')
    expect(text).toContain('佐藤 花子')
    expect(text).toContain('小計')
    expect(text).toContain('総計')
    expect(text).toContain('2,050,000') // 佐藤's subtotal
    expect(text).toContain('5,450,000') // the grand total
    expect(text).toContain('1 / 1')
  })

  it('words what it shows: statuses as 受注/進行中, and a filter on an owner by the owner\'s name, not an id', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const sato = (await api.get('/api/v1/users?limit=100')).json().data.find((u: { name: string }) => u.name === '佐藤 花子') as { id: string }
    const definition = { object: 'deals', groups: [{ field: 'status' }], measures: countSum, filters: [{ field: 'owner', op: 'in', value: [sato.id] }, { field: 'status', op: 'in', value: ['won', 'open'] }] }
    const response = await api.post('/api/v1/reports/export', { definition, locale: 'ja', format: 'pdf' })
    expect(response.statusCode, response.body).toBe(200)
    const text = await textOf(response.rawPayload)
    expect(text).toContain('担当者: 佐藤 花子')
    expect(text).toContain('状態: 受注、進行中')
    expect(text).not.toContain(sato.id)
    expect(text).not.toMatch(/\bwon\b/)
    const csv = await api.post('/api/v1/reports/export', { definition, locale: 'en', format: 'csv' })
    expect(csv.body).toContain('Won,1,1250000')
    expect(csv.body).toContain('Open,1,800000')
  })

  it('exports a saved report as PDF titled with its name, in English; CSV stays the default', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const saved = await api.post('/api/v1/reports', { name: 'Pipeline by owner', definition: { object: 'deals', groups: [{ field: 'owner' }], measures: countSum } })
    const id = saved.json().id as string
    const pdf = await api.get(`/api/v1/reports/${id}/export?lang=en&format=pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = await textOf(pdf.rawPayload)
    expect(text).toContain('Pipeline by owner')
    expect(text).toContain('Total')
    expect(text).toContain('All records')
    expect(text).toContain('Page 1 of 1')
    const csv = await api.get(`/api/v1/reports/${id}/export?lang=en`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('Total,3,5450000')
    expect((await api.get(`/api/v1/reports/${id}/export?format=xlsx`)).statusCode).toBe(400)
  })

  it('repeats the header on every page and numbers the pages; pivot columns get their labels and a total', async () => {
    const label = { ja: '担当者', en: 'Owner' }
    const rows = Array.from({ length: 90 }, (_, i) => ({ level: 1, keys: [`k${i}`], labels: [`担当者${i}`], values: [i * 1000], cells: [[i * 400], [i * 600]] }))
    const result: ReportResult = {
      object: 'deals',
      groups: [{ field: 'owner', label, bucket: null }],
      pivot: { field: 'status', label: { ja: 'ステータス', en: 'Status' }, bucket: null },
      pivotColumns: [
        { key: 'won', label: 'won' },
        { key: null, label: null },
      ],
      measures: [{ aggregate: 'sum', field: 'amount', label: { ja: '金額', en: 'Amount' } }],
      rows: [...rows, { level: 0, keys: [null], labels: [null], values: [4_005_000], cells: [[1_602_000], [2_403_000]] }],
      truncated: false,
    }
    const pdf = await reportToPdf(result, 'ja', { title: '担当者別', timeZone: 'Asia/Tokyo' })
    const text = await textOf(pdf)
    const pages = Number(/1 \/ (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThan(1)
    expect(text).toContain(`${pages} / ${pages}`)
    // The header line (pivot label row) once per page.
    expect(text.match(/ステータス/g)?.length).toBe(pages)
    expect(text).toContain('（なし）')
    expect(text).toContain('4,005,000')
    expect(text).toContain('53,400') // 89 × 600
  })

  it('prints a report without groups as one total row, and says when rows were cut', async () => {
    const measures = [{ aggregate: 'count' as const, field: null, label: { ja: '件数', en: 'Count' } }]
    const plain: ReportResult = { object: 'deals', groups: [], pivot: null, pivotColumns: [], measures, rows: [{ level: 0, keys: [], labels: [], values: [12345] }], truncated: false }
    const text = await textOf(await reportToPdf(plain, 'en'))
    expect(text).toContain('Report')
    expect(text).toContain('Total')
    expect(text).toContain('12,345')
    const cut: ReportResult = { ...plain, groups: [{ field: 'owner', label: { ja: '担当者', en: 'Owner' }, bucket: null }], rows: [{ level: 1, keys: ['x'], labels: [null], values: [1] }, { level: 0, keys: [null], labels: [null], values: [9] }], truncated: true }
    const cutText = await textOf(await reportToPdf(cut, 'ja'))
    expect(cutText).toContain('（なし）')
    expect(cutText).toContain('先頭の 1 行のみ表示しています')
  })
})
