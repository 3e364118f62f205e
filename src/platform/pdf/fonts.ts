/**
 * Noto Sans JP for PDFs (quotes, invoices, reports): regular and bold, embedded as a subset, so a
 * page of Japanese stays small. Shared here so every PDF uses the same parsed font objects.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'

const require = createRequire(import.meta.url)
export type PdfFonts = { regular: fontkit.Font; bold: fontkit.Font }
let fonts: PdfFonts | undefined

/**
 * The TTFs are 5 MB each: read and parsed once per process. fontkit caches glyphs and layout on
 * the font object, so sharing it makes every later document fast; pdfkit still makes a fresh
 * subset (only the glyphs used) for each document.
 */
export function loadPdfFonts(): PdfFonts {
  const open = (file: string) => fontkit.create(readFileSync(require.resolve(`@expo-google-fonts/noto-sans-jp/${file}`))) as fontkit.Font
  fonts ??= { regular: open('400Regular/NotoSansJP_400Regular.ttf'), bold: open('700Bold/NotoSansJP_700Bold.ttf') }
  return fonts
}

/** Registers the fonts as 'regular' and 'bold' on a pdfkit document. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  const { regular, bold } = loadPdfFonts()
  // pdfkit accepts a fontkit font object in place of the file (its types only list paths and buffers).
  doc.registerFont('regular', regular as unknown as Buffer)
  doc.registerFont('bold', bold as unknown as Buffer)
}
