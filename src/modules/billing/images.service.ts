/**
 * The company logo and seal (社印) printed on quote, order and invoice PDFs: admins upload and
 * remove them, everyone who may read the issuer settings may see them. PNG or JPEG, size-limited.
 */
import { sql } from 'kysely'
import PDFDocument from 'pdfkit'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { BillingImageKind } from '../../platform/db/schema.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import type { PdfImages } from './pdf.render.ts'

const OBJECT = 'billingSettings'
export const BILLING_IMAGE_KINDS = ['logo', 'seal'] as const satisfies readonly BillingImageKind[]
/** Enough for a crisp print-size logo; keeps every PDF render's database read small. */
export const BILLING_IMAGE_MAX_BYTES = 1024 * 1024
export const BILLING_IMAGE_TYPES = ['image/png', 'image/jpeg'] as const

export interface BillingImageInfo {
  kind: BillingImageKind
  contentType: string
  size: number
  updatedAt: string
}

/** The type from the first bytes, whatever the client declared. */
function sniff(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return null
}

/** pdfkit must be able to draw it, or every later PDF would fail: try once on a throwaway document. */
function assertDrawable(bytes: Buffer): void {
  try {
    const probe = new PDFDocument({ autoFirstPage: true })
    probe.image(bytes, 0, 0, { fit: [10, 10] })
  } catch {
    throw invalid('The image could not be read.', [{ path: 'body', message: 'Upload a PNG or JPEG image that opens in an image viewer.' }])
  }
}

export async function putBillingImage(ctx: ServiceContext, kind: BillingImageKind, bytes: Buffer): Promise<BillingImageInfo> {
  authorize(ctx, OBJECT, 'update')
  if (bytes.length === 0) throw invalid('The image is empty.', [{ path: 'body', message: 'Send the image as the request body.' }])
  if (bytes.length > BILLING_IMAGE_MAX_BYTES) throw invalid(`The image is larger than ${BILLING_IMAGE_MAX_BYTES} bytes.`, [{ path: 'body', message: `At most ${BILLING_IMAGE_MAX_BYTES} bytes.` }])
  const contentType = sniff(bytes)
  if (!contentType) throw invalid('Only PNG and JPEG images can be used.', [{ path: 'body', message: 'A PNG or JPEG image.' }])
  assertDrawable(bytes)
  const before = await findInfo(ctx, kind)
  await ctx.tx
    .insertInto('billingImages')
    .values({ tenantId: ctx.actor.tenantId, kind, contentType, content: bytes, size: bytes.length, updatedBy: ctx.actor.userId })
    .onConflict((oc) => oc.columns(['tenantId', 'kind']).doUpdateSet({ contentType, content: bytes, size: bytes.length, updatedBy: ctx.actor.userId, updatedAt: sql<Date>`now()` }))
    .execute()
  const after = (await findInfo(ctx, kind))!
  await recordAudit(ctx, { objectType: OBJECT, objectId: ctx.actor.tenantId, action: 'update', before: before ? { [kind]: before } : { [kind]: null }, after: { [kind]: after } })
  await emitEvent(ctx, 'billing_settings.updated', { objectType: OBJECT, objectId: ctx.actor.tenantId, payload: { fields: [kind] } })
  return after
}

export async function deleteBillingImage(ctx: ServiceContext, kind: BillingImageKind): Promise<void> {
  authorize(ctx, OBJECT, 'update')
  const before = await findInfo(ctx, kind)
  if (!before) throw notFound('Image')
  await ctx.tx.deleteFrom('billingImages').where('kind', '=', kind).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: ctx.actor.tenantId, action: 'update', before: { [kind]: before }, after: { [kind]: null } })
  await emitEvent(ctx, 'billing_settings.updated', { objectType: OBJECT, objectId: ctx.actor.tenantId, payload: { fields: [kind] } })
}

export async function listBillingImages(ctx: ServiceContext): Promise<BillingImageInfo[]> {
  authorize(ctx, OBJECT, 'read')
  const rows = await ctx.tx.selectFrom('billingImages').select(['kind', 'contentType', 'size', 'updatedAt']).orderBy('kind').execute()
  return rows.map(present)
}

export async function getBillingImage(ctx: ServiceContext, kind: BillingImageKind): Promise<{ contentType: string; content: Buffer }> {
  authorize(ctx, OBJECT, 'read')
  const row = await ctx.tx.selectFrom('billingImages').select(['contentType', 'content']).where('kind', '=', kind).executeTakeFirst()
  if (!row) throw notFound('Image')
  return { contentType: row.contentType, content: Buffer.from(row.content) }
}

/** Both images for drawing a PDF (no permission check: the caller has checked the document). */
export async function loadPdfImages(ctx: ServiceContext): Promise<PdfImages> {
  const rows = await ctx.tx.selectFrom('billingImages').select(['kind', 'content']).execute()
  return Object.fromEntries(rows.map((r) => [r.kind, Buffer.from(r.content)]))
}

async function findInfo(ctx: ServiceContext, kind: BillingImageKind): Promise<BillingImageInfo | undefined> {
  const row = await ctx.tx.selectFrom('billingImages').select(['kind', 'contentType', 'size', 'updatedAt']).where('kind', '=', kind).executeTakeFirst()
  return row ? present(row) : undefined
}

function present(row: { kind: BillingImageKind; contentType: string; size: number; updatedAt: Date }): BillingImageInfo {
  return { kind: row.kind, contentType: row.contentType, size: row.size, updatedAt: row.updatedAt.toISOString() }
}
