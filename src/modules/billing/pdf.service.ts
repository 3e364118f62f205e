/**
 * A sales document as a PDF: read with the caller's permissions (hidden fields stay hidden,
 * records the caller may not see are 404), then drawn with the issuer settings, logo and seal.
 */
import type { ServiceContext } from '../../platform/context.ts'
import { getDocument } from './documents.service.ts'
import { loadPdfImages } from './images.service.ts'
import { type PdfLanguage, pdfTitle, renderDocumentPdf } from './pdf.render.ts'
import { loadBillingSettings } from './settings.service.ts'

export interface DocumentPdf {
  bytes: Buffer
  /** e.g. 請求書_INV-2026-000001.pdf or Invoice_INV-2026-000001.pdf */
  fileName: string
}

export async function renderSalesDocumentPdf(ctx: ServiceContext, id: string, lang: PdfLanguage): Promise<DocumentPdf> {
  const document = await getDocument(ctx, id)
  const settings = await loadBillingSettings(ctx)
  const images = await loadPdfImages(ctx)
  const bytes = await renderDocumentPdf({ document, settings, images, lang })
  return { bytes, fileName: `${pdfTitle(document.kind, lang).replace(/\s+/g, '')}_${document.number}.pdf` }
}

/** Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name (日本語のファイル名). */
export function pdfContentDisposition(fileName: string, download: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${download ? 'attachment' : 'inline'}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
