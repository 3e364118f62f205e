/**
 * PDF of a report result: A4 landscape, title, run time and filters, then the table with group
 * labels, bold subtotal and total rows, pivot columns, the header repeated on every page and page
 * numbers. Pure: takes the result and what to print around it, returns bytes. Same words as the CSV.
 */
import PDFDocument from 'pdfkit'
import { registerPdfFonts } from '../../platform/pdf/fonts.ts'
import { groupNames, measureNames, REPORT_WORDS } from './reports.csv.ts'
import { reportObject } from './reports.catalogue.ts'
import type { ReportDefinition, ReportResult, ReportResultRow } from './reports.schema.ts'

export interface ReportPdfOptions {
  /** The saved report's name, or a description of an unsaved one. */
  title?: string
  runAt?: Date
  /** The zone the run time is printed in (the tenant's). */
  timeZone?: string
  /** Filters already put into words (see describeReportFilters). */
  conditions?: string[]
}

const TEXT = {
  ja: {
    title: 'レポート',
    runAt: '実行日時',
    conditions: '条件',
    noConditions: 'すべてのレコード',
    truncated: (n: string) => `※ グループ数が多いため、先頭の ${n} 行のみ表示しています（総計はすべてのレコードの集計です）。`,
    page: (n: number, of: number) => `${n} / ${of}`,
  },
  en: {
    title: 'Report',
    runAt: 'Run at',
    conditions: 'Filters',
    noConditions: 'All records',
    truncated: (n: string) => `※ Too many groups: only the first ${n} rows are shown (the total covers all records).`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
}

const PAGE = { width: 841.89, height: 595.28 } // A4 landscape
const MARGIN = 36
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN
const BOTTOM = PAGE.height - MARGIN - 16
const PAD = 4
const INK = '#222222'
const RULE = '#bbbbbb'
const HEAD = '#e8ecf2'
const SUBTOTAL = '#f4f4f4'
const TOTAL = '#e4e4e4'

interface Column {
  header: string
  width: number
  align: 'left' | 'right'
}

export function reportToPdf(result: ReportResult, locale: 'ja' | 'en' = 'ja', options: ReportPdfOptions = {}): Promise<Buffer> {
  const t = TEXT[locale]
  const words = REPORT_WORDS[locale]
  const title = options.title ?? t.title
  const numbers = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 2 })
  const runAt = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: options.timeZone ?? 'Asia/Tokyo',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(options.runAt ?? new Date())

  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true, info: { Title: title, Creator: 'Daifuku', Producer: 'Daifuku' } })
  registerPdfFonts(doc)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.fillColor(INK).strokeColor(RULE).lineWidth(0.5)

  // ── Columns: groups on the left, measures (per pivot column, then the row total) on the right ──
  const measures = measureNames(result, locale)
  const groupHeaders = groupNames(result, locale)
  const valueHeaders = result.pivot ? [...result.pivotColumns.flatMap(() => measures), ...measures] : measures
  const groupShare = result.groups.length === 0 ? 0 : Math.min(CONTENT_WIDTH * (valueHeaders.length > 6 ? 0.3 : 0.45), result.groups.length * 170)
  // A report without groups still needs a label column for its one total row.
  const labelColumns = Math.max(1, result.groups.length)
  const labelWidth = (groupShare || 110) / labelColumns
  const valueWidth = (CONTENT_WIDTH - labelWidth * labelColumns) / valueHeaders.length
  const fontSize = valueWidth < 40 ? 6 : valueWidth < 56 ? 7 : 8.5
  const rowHeight = fontSize + 8
  const columns: Column[] = [
    ...(result.groups.length ? groupHeaders : ['']).map((header) => ({ header, width: labelWidth, align: 'left' as const })),
    ...valueHeaders.map((header) => ({ header, width: valueWidth, align: 'right' as const })),
  ]

  const cellText = (text: string, x: number, y: number, column: Column) =>
    doc.text(text, x + PAD, y + 4, { width: column.width - 2 * PAD, align: column.align, lineBreak: false, ellipsis: true, height: fontSize + 4 })

  // ── Title block (first page) ──
  doc.font('bold').fontSize(16).text(title, MARGIN, MARGIN, { width: CONTENT_WIDTH })
  doc.font('regular').fontSize(9).text(`${t.runAt}: ${runAt}`, MARGIN, doc.y + 4, { width: CONTENT_WIDTH })
  const conditions = options.conditions?.length ? options.conditions.join(locale === 'ja' ? '、' : '; ') : t.noConditions
  doc.text(`${t.conditions}: ${conditions}`, MARGIN, doc.y + 2, { width: CONTENT_WIDTH })
  let y = doc.y + 10

  // ── Header (repeated on every page): pivot labels above the measure names ──
  const drawHeader = () => {
    doc.font('bold').fontSize(fontSize)
    if (result.pivot) {
      const span = measures.length * valueWidth
      const labelsWidth = labelWidth * labelColumns
      doc.rect(MARGIN, y, CONTENT_WIDTH, rowHeight).fillAndStroke(HEAD, RULE).fillColor(INK)
      doc.text(result.pivot.label[locale], MARGIN + PAD, y + 4, { width: labelsWidth - 2 * PAD, lineBreak: false, ellipsis: true, height: fontSize + 4 })
      const spans = [...result.pivotColumns.map((c) => c.label ?? words.none), words.total]
      spans.forEach((label, i) => {
        const x = MARGIN + labelsWidth + i * span
        doc.text(label, x + PAD, y + 4, { width: span - 2 * PAD, align: 'center', lineBreak: false, ellipsis: true, height: fontSize + 4 })
        doc.moveTo(x, y).lineTo(x, y + rowHeight).stroke()
      })
      y += rowHeight
    }
    doc.rect(MARGIN, y, CONTENT_WIDTH, rowHeight).fillAndStroke(HEAD, RULE).fillColor(INK)
    let x = MARGIN
    for (const column of columns) {
      cellText(column.header, x, y, column)
      x += column.width
    }
    y += rowHeight
    doc.font('regular').fontSize(fontSize)
  }
  drawHeader()

  // ── Rows: an outer group's label is printed once per group (and again at the top of a page) ──
  let previous: ReportResultRow | null = null
  const detailLevel = result.groups.length
  for (const row of result.rows) {
    if (y + rowHeight > BOTTOM) {
      doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN })
      y = MARGIN
      drawHeader()
      previous = null
    }
    const summary = row.level < detailLevel || detailLevel === 0
    if (summary) {
      doc.rect(MARGIN, y, CONTENT_WIDTH, rowHeight).fill(row.level === 0 ? TOTAL : SUBTOTAL).fillColor(INK)
      doc.font('bold')
    } else doc.font('regular')
    const labels = Array.from({ length: labelColumns }, (_, i) => {
      if (row.level === 0 && i === 0) return words.total
      if (i < row.level) {
        const sameGroup = !summary && previous !== null && previous.level > i && row.keys.slice(0, i + 1).every((k, j) => k === previous!.keys[j])
        return sameGroup ? '' : (row.labels[i] ?? words.none)
      }
      if (i === row.level) return words.subtotal
      return ''
    })
    const values = result.pivot ? [...(row.cells ?? []).flat(), ...row.values] : row.values
    const cells = [...labels, ...values.map((v) => (v === null ? '' : numbers.format(v)))]
    let x = MARGIN
    cells.forEach((text, i) => {
      cellText(text, x, y, columns[i]!)
      x += columns[i]!.width
    })
    y += rowHeight
    doc.moveTo(MARGIN, y).lineTo(MARGIN + CONTENT_WIDTH, y).lineWidth(row.level === 0 ? 1 : 0.5).stroke().lineWidth(0.5)
    previous = row
  }
  if (result.truncated) {
    doc.font('regular').fontSize(8).text(t.truncated(numbers.format(result.rows.length - 1)), MARGIN, y + 6, { width: CONTENT_WIDTH })
  }

  // ── Footer: the title and page numbers, once the page count is known ──
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins.bottom = 0
    doc.font('regular').fontSize(7.5).fillColor('#666666')
    doc.text(title, MARGIN, PAGE.height - MARGIN - 4, { width: CONTENT_WIDTH / 2, lineBreak: false, ellipsis: true, height: 12 })
    doc.text(t.page(i + 1, range.count), MARGIN + CONTENT_WIDTH / 2, PAGE.height - MARGIN - 4, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}

/** The filters of a definition in words, for the line under the title ("状態: 受注、金額 ≥ 1,000"); valueNames words enum keys and ids. */
export function describeReportFilters(definition: ReportDefinition, locale: 'ja' | 'en', valueNames: ReadonlyMap<string, string> = new Map()): string[] {
  const fields = reportObject(definition.object).fields
  const ja = locale === 'ja'
  return (definition.filters ?? []).map((f) => {
    const label = fields.find((field) => field.key === f.field)?.label[locale] ?? f.field
    const list = (Array.isArray(f.value) ? f.value : f.value === null || f.value === undefined ? [] : [f.value]).map((v) => valueNames.get(String(v)) ?? String(v))
    const joined = list.join(ja ? '、' : ', ')
    switch (f.op) {
      case 'eq':
      case 'in':
        return ja ? `${label}: ${joined}` : list.length > 1 ? `${label} is one of ${joined}` : `${label} = ${joined}`
      case 'neq':
      case 'notIn':
        return ja ? `${label}: ${joined} 以外` : `${label} is not ${joined}`
      case 'gt':
        return `${label} > ${joined}`
      case 'gte':
        return `${label} ≥ ${joined}`
      case 'lt':
        return `${label} < ${joined}`
      case 'lte':
        return `${label} ≤ ${joined}`
      case 'between':
        return ja ? `${label}: ${list[0]} 〜 ${list[1]}` : `${label} ${list[0]} – ${list[1]}`
      case 'contains':
        return ja ? `${label} に「${joined}」を含む` : `${label} contains "${joined}"`
      case 'isNull':
        return ja ? `${label} が未入力` : `${label} is empty`
      case 'notNull':
        return ja ? `${label} が入力済み` : `${label} is not empty`
    }
  })
}
