/**
 * Draws a quote (見積書), order (注文請書) or qualified invoice (適格請求書) as an A4 PDF, in Japanese
 * or English. Pure: takes the presented document, the issuer settings and the images, returns bytes.
 * Noto Sans JP is embedded as a subset (only the glyphs used), so a page of Japanese stays small.
 */
import PDFDocument from 'pdfkit'
import type { BillingImageKind, SalesDocumentKind } from '../../platform/db/schema.ts'
import { registerPdfFonts } from '../../platform/pdf/fonts.ts'
import type { BillingSettings, SalesDocumentDetail } from './billing.schema.ts'
import { minorDigits } from './tax.ts'

export type PdfLanguage = 'ja' | 'en'
export type PdfImages = Partial<Record<BillingImageKind, Buffer>>

const TEXT = {
  ja: {
    title: { quote: '御見積書', order: '注文請書', invoice: '請求書' } satisfies Record<SalesDocumentKind, string>,
    lead: { quote: '下記のとおりお見積り申し上げます。', order: '下記のとおりご注文をお請けいたします。', invoice: '下記のとおりご請求申し上げます。' },
    totalLabel: { quote: '御見積金額（税込）', order: 'ご注文金額（税込）', invoice: 'ご請求金額（税込）' },
    number: '番号',
    issueDate: '発行日',
    validUntil: '有効期限',
    dueDate: 'お支払期限',
    transactionDate: '取引年月日',
    registration: '登録番号',
    phone: 'TEL',
    columns: ['品番', '品名', '数量', '単位', '単価', '金額'],
    reducedNote: '※は軽減税率（8%）対象品目です。',
    rateHeader: ['税率区分', '対象額（税抜）', '消費税額', '合計（税込）'],
    rate: (rate: number) => (rate === 0 ? '非課税・対象外' : `${rate}%対象`),
    subtotal: '小計（税抜）',
    tax: '消費税',
    total: '合計（税込）',
    notes: '備考',
    discount: '値引',
    bank: 'お振込先',
    page: (n: number, of: number) => `${n} / ${of}`,
    recipient: (name: string) => `${name} 御中`,
    date: (iso: string) => {
      const [y, m, d] = iso.split('-').map(Number)
      return `${y}年${m}月${d}日`
    },
  },
  en: {
    title: { quote: 'Quotation', order: 'Order Confirmation', invoice: 'Invoice' } satisfies Record<SalesDocumentKind, string>,
    lead: { quote: 'We are pleased to quote as follows.', order: 'We confirm your order as follows.', invoice: 'Please find our invoice below.' },
    totalLabel: { quote: 'Quoted total (tax incl.)', order: 'Order total (tax incl.)', invoice: 'Amount due (tax incl.)' },
    number: 'No.',
    issueDate: 'Date',
    validUntil: 'Valid until',
    dueDate: 'Due date',
    transactionDate: 'Transaction date',
    registration: 'Registration No.',
    phone: 'Tel',
    columns: ['Code', 'Description', 'Qty', 'Unit', 'Unit price', 'Amount'],
    reducedNote: '※ Reduced tax rate item (8%).',
    rateHeader: ['Tax rate', 'Taxable amount', 'Consumption tax', 'Total'],
    rate: (rate: number) => (rate === 0 ? 'Exempt / non-taxable' : `${rate}% items`),
    subtotal: 'Subtotal (excl. tax)',
    tax: 'Consumption tax',
    total: 'Total (tax incl.)',
    notes: 'Notes',
    discount: 'Discount',
    bank: 'Bank details',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    recipient: (name: string) => name,
    date: (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  },
}

export function pdfTitle(kind: SalesDocumentKind, lang: PdfLanguage): string {
  return TEXT[lang].title[kind]
}

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 40
const CONTENT_WIDTH = A4.width - 2 * MARGIN
const BOTTOM = A4.height - MARGIN - 20
/** code, description, qty, unit, unit price, amount: sums to CONTENT_WIDTH. */
const COLUMN_WIDTHS = [62, 203, 50, 40, 75, 85.28]
const ALIGN: ('left' | 'right')[] = ['left', 'left', 'right', 'left', 'right', 'right']
const CELL_PAD = 4
/** The recipient block; the issuer block takes the rest of the width. */
const LEFT_WIDTH = 270
const INK = '#222222'
const RULE = '#999999'
const SHADE = '#eeeeee'

export function renderDocumentPdf(input: { document: SalesDocumentDetail; settings: BillingSettings; images: PdfImages; lang: PdfLanguage }): Promise<Buffer> {
  const { document: d, settings, images, lang } = input
  const t = TEXT[lang]
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US'
  const digits = minorDigits(d.currency)
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: d.currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
  const price = new Intl.NumberFormat(locale, { style: 'currency', currency: d.currency, minimumFractionDigits: digits, maximumFractionDigits: 2 })
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 })
  const issuerName = d.issuerName ?? settings.legalName
  const registrationNumber = d.issuerRegistrationNumber ?? settings.registrationNumber

  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${t.title[d.kind]} ${d.number}`, Author: issuerName ?? '', Creator: 'Daifuku', Producer: 'Daifuku' },
  })
  registerPdfFonts(doc)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.fillColor(INK).strokeColor(RULE).lineWidth(0.5)

  // ── Header: logo, title, number and dates ──
  if (images.logo) doc.image(images.logo, MARGIN, MARGIN, { fit: [140, 44] })
  doc.font('bold').fontSize(20).text(t.title[d.kind], MARGIN, MARGIN + 48, { width: CONTENT_WIDTH, align: 'center' })
  const meta: [string, string][] = [[t.number, d.number], [t.issueDate, t.date(d.issueDate)]]
  if (d.kind === 'invoice' && d.transactionDate) meta.push([t.transactionDate, t.date(d.transactionDate)])
  if (d.kind === 'invoice' && d.dueDate) meta.push([t.dueDate, t.date(d.dueDate)])
  if (d.kind === 'quote' && d.validUntil) meta.push([t.validUntil, t.date(d.validUntil)])
  let metaY = MARGIN
  doc.font('regular').fontSize(9)
  for (const [label, value] of meta) {
    doc.text(`${label}: ${value}`, A4.width - MARGIN - 200, metaY, { width: 200, align: 'right' })
    metaY += 13
  }

  // ── Recipient (left) and issuer with seal (right) ──
  const blockTop = MARGIN + 88
  doc.font('bold').fontSize(14).text(t.recipient(d.recipientName), MARGIN, blockTop, { width: LEFT_WIDTH })
  const underlineY = doc.y + 2
  doc.moveTo(MARGIN, underlineY).lineTo(MARGIN + LEFT_WIDTH, underlineY).stroke()
  doc.font('regular').fontSize(9).text(t.lead[d.kind], MARGIN, underlineY + 8, { width: LEFT_WIDTH })
  const totalTop = doc.y + 8
  doc.rect(MARGIN, totalTop, LEFT_WIDTH, 30).fillAndStroke(SHADE, RULE).fillColor(INK)
  doc.font('regular').fontSize(9).text(t.totalLabel[d.kind], MARGIN + 8, totalTop + 10, { width: 130 })
  doc.font('bold').fontSize(15).text(money.format(d.total), MARGIN + 120, totalTop + 6, { width: LEFT_WIDTH - 128, align: 'right' })
  const leftBottom = totalTop + 30

  const issuerX = MARGIN + LEFT_WIDTH + 20
  // Text stops short of the seal, which sits at the block's right end.
  const issuerWidth = CONTENT_WIDTH - LEFT_WIDTH - 20 - (images.seal ? 60 : 0)
  let issuerY = blockTop
  if (issuerName) {
    doc.font('bold').fontSize(11).text(issuerName, issuerX, issuerY, { width: issuerWidth })
    issuerY = doc.y + 2
  }
  doc.font('regular').fontSize(8.5)
  const issuerLines = [settings.address, settings.phone ? `${t.phone}: ${settings.phone}` : null, registrationNumber ? `${t.registration}: ${registrationNumber}` : null]
  for (const line of issuerLines) {
    if (!line) continue
    doc.text(line, issuerX, issuerY, { width: issuerWidth })
    issuerY = doc.y + 1
  }
  // The seal (角印) sits over the right end of the issuer name, as a stamped one would.
  if (images.seal) doc.image(images.seal, A4.width - MARGIN - 58, blockTop - 6, { fit: [58, 58] })

  // ── Lines table with the header repeated on every page ──
  let y = Math.max(leftBottom, issuerY, blockTop + 58) + 18
  const drawHeader = () => {
    doc.rect(MARGIN, y, CONTENT_WIDTH, 18).fillAndStroke(SHADE, RULE).fillColor(INK)
    doc.font('bold').fontSize(8.5)
    let x = MARGIN
    t.columns.forEach((label, i) => {
      doc.text(label, x + CELL_PAD, y + 5, { width: COLUMN_WIDTHS[i]! - 2 * CELL_PAD, align: ALIGN[i] === 'right' ? 'right' : 'left', lineBreak: false })
      x += COLUMN_WIDTHS[i]!
    })
    y += 18
  }
  const newPage = () => {
    doc.addPage()
    y = MARGIN
  }
  drawHeader()
  doc.font('regular').fontSize(8.5)
  for (const line of d.lines) {
    const marked = line.reducedRate ? `${line.description} ※` : line.description
    const description = line.discount > 0 ? `${marked}\n${t.discount} -${price.format(line.discount)}` : marked
    const cells = [line.productCode ?? '', description, quantity.format(line.quantity), line.unit ?? '', price.format(line.unitPrice), money.format(line.amount)]
    const descriptionHeight = doc.heightOfString(description, { width: COLUMN_WIDTHS[1]! - 2 * CELL_PAD })
    const rowHeight = Math.max(16, descriptionHeight + 6)
    if (y + rowHeight > BOTTOM) {
      newPage()
      drawHeader()
      doc.font('regular').fontSize(8.5)
    }
    let x = MARGIN
    cells.forEach((cell, i) => {
      const width = COLUMN_WIDTHS[i]! - 2 * CELL_PAD
      doc.text(cell, x + CELL_PAD, y + 4, i === 1 ? { width } : { width, align: ALIGN[i], lineBreak: false, ellipsis: true, height: 12 })
      x += COLUMN_WIDTHS[i]!
    })
    y += rowHeight
    doc.moveTo(MARGIN, y).lineTo(MARGIN + CONTENT_WIDTH, y).stroke()
  }
  y += 4
  if (d.lines.some((l) => l.reducedRate)) {
    doc.font('regular').fontSize(8).text(t.reducedNote, MARGIN, y, { width: CONTENT_WIDTH })
    y = doc.y
  }

  // ── Totals per rate (the qualified-invoice requirement), then the grand total ──
  const rateRows = d.byRate.map((r) => [t.rate(r.rate), money.format(r.subtotal), money.format(r.tax), money.format(r.total)])
  const summaryRows = [
    [t.subtotal, money.format(d.subtotal)],
    [t.tax, money.format(d.taxTotal)],
    [t.total, money.format(d.total)],
  ]
  const totalsHeight = 18 * (rateRows.length + 1) + 16 * summaryRows.length + 24
  if (y + 10 + totalsHeight > BOTTOM) newPage()
  y += 10
  const rateX = MARGIN + CONTENT_WIDTH - 340
  const rateWidths = [85, 85, 85, 85]
  const row = (cells: string[], options: { header?: boolean; font?: string }) => {
    if (options.header) doc.rect(rateX, y, 340, 18).fillAndStroke(SHADE, RULE).fillColor(INK)
    doc.font(options.font ?? (options.header ? 'bold' : 'regular')).fontSize(8.5)
    let x = rateX
    cells.forEach((cell, i) => {
      doc.text(cell, x + CELL_PAD, y + 5, { width: rateWidths[i]! - 2 * CELL_PAD, align: i === 0 ? 'left' : 'right', lineBreak: false })
      x += rateWidths[i]!
    })
    y += 18
    doc.moveTo(rateX, y).lineTo(rateX + 340, y).stroke()
  }
  row(t.rateHeader, { header: true })
  for (const cells of rateRows) row(cells, {})
  y += 8
  for (const [index, [label, value]] of summaryRows.entries()) {
    const last = index === summaryRows.length - 1
    doc.font(last ? 'bold' : 'regular').fontSize(last ? 11 : 9)
    doc.text(label!, rateX + 85, y, { width: 130, lineBreak: false })
    doc.text(value!, rateX + 215, y, { width: 125 - CELL_PAD, align: 'right', lineBreak: false })
    y += last ? 18 : 15
  }
  doc.moveTo(rateX + 85, y - 2).lineTo(rateX + 340, y - 2).lineWidth(1).stroke().lineWidth(0.5)

  // ── Notes and bank details ──
  const paragraph = (label: string, body: string) => {
    doc.font('regular').fontSize(9)
    const height = doc.heightOfString(body, { width: CONTENT_WIDTH - 16 }) + 30
    if (y + 12 + Math.min(height, 200) > BOTTOM) newPage()
    y += 12
    doc.font('bold').fontSize(9).text(label, MARGIN, y)
    doc.font('regular').fontSize(9).text(body, MARGIN + 8, doc.y + 2, { width: CONTENT_WIDTH - 16 })
    y = doc.y
  }
  if (d.kind === 'invoice' && settings.bankAccount) paragraph(t.bank, settings.bankAccount)
  if (d.notes) paragraph(t.notes, d.notes)

  // ── Page numbers, once the page count is known ──
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins.bottom = 0
    doc.font('regular').fontSize(8).fillColor('#666666')
    doc.text(`${d.number}    ${t.page(i + 1, range.count)}`, MARGIN, A4.height - MARGIN - 6, { width: CONTENT_WIDTH, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}
