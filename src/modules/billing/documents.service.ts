/**
 * Quotes (見積書), orders (受注) and invoices (請求書): numbering, lines priced from products and
 * price lists, totals per tax rate, one-click conversion and the status rules of each kind.
 */
import { sql } from 'kysely'
import { assertWritableFields, authorize, withoutHiddenFields } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import type { RoundingMode, SalesDocumentKind, TaxCategory } from '../../platform/db/schema.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { describeConfiguration, evaluateProductConfiguration, findApplicablePriceListId, resolvePrice } from '../products/index.ts'
import type { ConvertInput, DocumentInput, DocumentListQuery, DocumentPatch, LineInput, SalesDocument, SalesDocumentDetail, TotalsInput } from './billing.schema.ts'
import { STATUSES } from './billing.schema.ts'
import { type DocumentRow, findDocument, type LineRow, listDerived, listLines, listPayments, nextDocumentNumber, OBJECT, selectDocuments } from './documents.queries.ts'
import { loadBillingSettings } from './settings.service.ts'
import { computeDocumentTotals } from './tax.ts'

const INITIAL_STATUS: Record<SalesDocumentKind, string> = { quote: 'draft', order: 'open', invoice: 'draft' }
/** Lines and amounts may change only while the document is still being prepared. */
const EDITABLE: Record<SalesDocumentKind, string[]> = { quote: ['draft', 'sent'], order: ['open'], invoice: ['draft'] }
const KIND_LABEL: Record<SalesDocumentKind, string> = { quote: 'Quote', order: 'Order', invoice: 'Invoice' }

interface ResolvedLine {
  productId: string | null
  description: string
  quantity: number
  unit: string | null
  unitPrice: number
  discount: number
  taxCategory: TaxCategory
  /** JSON of the configuration a configured line was priced with. */
  configuration: string | null
}

type StoredConfiguration = NonNullable<SalesDocumentDetail['lines'][number]['configuration']>

/** A stored line as the line input it came from (configured lines keep their selections). */
function asLineInput(l: LineRow): LineInput {
  const stored = l.configuration as StoredConfiguration | null
  return {
    productId: l.productId,
    description: l.description,
    quantity: Number(l.quantity),
    unit: l.unit,
    unitPrice: Number(l.unitPrice),
    discount: Number(l.discount),
    taxCategory: l.taxCategory,
    configuration: stored ? { selections: stored.selections } : null,
  }
}

export function presentDocument(ctx: Pick<ServiceContext, 'actor'>, row: DocumentRow): SalesDocument {
  const total = Number(row.total)
  const paid = Number(row.paidAmount)
  const hidden = withoutHiddenFields(ctx, OBJECT, { notes: row.notes, recipientName: row.recipientName })
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    accountId: row.accountId,
    accountName: row.accountName,
    recipientName: hidden.recipientName ?? '',
    dealId: row.dealId,
    dealName: row.dealName,
    contactId: row.contactId,
    sourceDocumentId: row.sourceDocumentId,
    sourceNumber: row.sourceNumber,
    priceListId: row.priceListId,
    issueDate: row.issueDate,
    validUntil: row.validUntil,
    dueDate: row.dueDate,
    transactionDate: row.transactionDate,
    currency: row.currency.trim(),
    notes: hidden.notes ?? null,
    subtotal: Number(row.subtotal),
    taxTotal: Number(row.taxTotal),
    total,
    paidAmount: paid,
    balance: Math.round((total - paid) * 100) / 100,
    roundingMode: row.roundingMode,
    issuerName: row.issuerName,
    issuerRegistrationNumber: row.issuerRegistrationNumber,
    ownerId: row.ownerId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(row: DocumentRow): Record<string, unknown> {
  const { accountName: _a, dealName: _d, sourceNumber: _s, tenantId: _t, ...fields } = row
  return fields
}

export async function listDocuments(ctx: ServiceContext, query: DocumentListQuery): Promise<Page<SalesDocument>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  let select = selectDocuments(ctx)
  if (query.kind) select = select.where('d.kind', '=', query.kind)
  if (query.status) select = select.where('d.status', '=', query.status)
  if (query.accountId) select = select.where('d.accountId', '=', query.accountId)
  if (query.dealId) select = select.where('d.dealId', '=', query.dealId)
  if (query.from) select = select.where('d.issueDate', '>=', query.from)
  if (query.to) select = select.where('d.issueDate', '<=', query.to)
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`
    select = select.where((eb) => eb.or([eb('d.number', 'ilike', like), eb('d.recipientName', 'ilike', like)]))
  }
  if (after) select = select.where('d.id', '<', String(after[0]))
  const rows = await select.orderBy('d.id', 'desc').limit(query.limit + 1).execute()
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map((row) => presentDocument(ctx, row)), nextCursor: page.nextCursor }
}

export async function getDocument(ctx: ServiceContext, id: string): Promise<SalesDocumentDetail> {
  authorize(ctx, OBJECT, 'read')
  const row = await findDocument(ctx, id)
  if (!row) throw notFound('Sales document')
  return detail(ctx, row)
}

async function detail(ctx: ServiceContext, row: DocumentRow): Promise<SalesDocumentDetail> {
  const [lines, payments, derived] = [await listLines(ctx, row.id), await listPayments(ctx, row.id), await listDerived(ctx, row.id)]
  // The per-rate breakdown is always recomputed from the stored lines by the one shared function.
  const totals = computeDocumentTotals(lines, { rounding: row.roundingMode, currency: row.currency.trim() })
  return {
    ...presentDocument(ctx, row),
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      productId: l.productId,
      productCode: l.productCode,
      description: l.description,
      quantity: Number(l.quantity),
      unit: l.unit,
      unitPrice: Number(l.unitPrice),
      discount: Number(l.discount),
      taxCategory: l.taxCategory,
      reducedRate: l.taxCategory === 'reduced',
      amount: Number(l.amount),
      configuration: (l.configuration as StoredConfiguration | null) ?? null,
    })),
    byRate: totals.byRate,
    payments: payments.map((p) => ({ id: p.id, paidOn: p.paidOn, amount: Number(p.amount), method: p.method, note: p.note, createdAt: p.createdAt.toISOString() })),
    derived,
  }
}

/** Totals of unsaved lines (the editor's live preview), by the same function documents use. */
export async function previewTotals(ctx: ServiceContext, input: TotalsInput) {
  authorize(ctx, OBJECT, 'read')
  const roundingMode = input.roundingMode ?? (await loadBillingSettings(ctx)).roundingMode
  return { ...computeDocumentTotals(input.lines, { rounding: roundingMode, currency: input.currency ?? 'JPY' }), roundingMode }
}

async function assertReferences(ctx: ServiceContext, input: DocumentPatch): Promise<void> {
  const details = []
  const exists = async (table: 'accounts' | 'deals' | 'contacts' | 'priceLists', id: string) =>
    Boolean(await ctx.tx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())
  if (input.accountId && !(await exists('accounts', input.accountId))) details.push({ path: 'accountId', message: 'No such account in this tenant.' })
  if (input.dealId && !(await exists('deals', input.dealId))) details.push({ path: 'dealId', message: 'No such deal in this tenant.' })
  if (input.contactId && !(await exists('contacts', input.contactId))) details.push({ path: 'contactId', message: 'No such contact in this tenant.' })
  if (input.priceListId && !(await exists('priceLists', input.priceListId))) details.push({ path: 'priceListId', message: 'No such price list in this tenant.' })
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

/** Fills lines from their products (price from the price list on the issue date), refusing unknown products. */
async function resolveLines(ctx: ServiceContext, lines: LineInput[], pricing: { priceListId: string | null; date: string; currency: string }): Promise<ResolvedLine[]> {
  const productIds = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))]
  const products = productIds.length > 0 ? await ctx.tx.selectFrom('products').selectAll().where('id', 'in', productIds).execute() : []
  const byId = new Map(products.map((p) => [p.id, p]))
  const details: { path: string; message: string }[] = []
  const resolved: ResolvedLine[] = []
  for (const [index, line] of lines.entries()) {
    const product = line.productId ? byId.get(line.productId) : undefined
    if (line.productId && !product) {
      details.push({ path: `lines.${index}.productId`, message: 'No such product in this tenant.' })
      continue
    }
    if (!product && (line.description === undefined || line.unitPrice === undefined)) {
      details.push({ path: `lines.${index}`, message: 'A free-text line needs a description and a unit price.' })
      continue
    }
    let configuration: string | null = null
    let configuredPrice: number | undefined
    let configuredDescription: string | undefined
    if (line.configuration) {
      if (!product) {
        details.push({ path: `lines.${index}.configuration`, message: 'Only a product line can be configured.' })
        continue
      }
      const result = await evaluateProductConfiguration(ctx, product, line.configuration.selections, { priceListId: pricing.priceListId, currency: pricing.currency, date: pricing.date })
      if (!result.valid) {
        details.push({ path: `lines.${index}.configuration`, message: result.errors.map((e) => e.message.en).join(' ') })
        continue
      }
      const described = await describeConfiguration(ctx, product.id, product.name, result.selections)
      configuredDescription = described.description
      configuration = JSON.stringify({
        selections: result.selections,
        options: described.options,
        breakdown: result.breakdown,
        unitPrice: result.unitPrice,
      })
      configuredPrice = result.unitPrice
    }
    const unitPrice = line.unitPrice ?? configuredPrice ?? (await resolvePrice(ctx, product!, { priceListId: pricing.priceListId ?? undefined, date: pricing.date })).unitPrice
    const gross = Math.round(line.quantity * unitPrice * 100) / 100
    if ((line.discount ?? 0) > gross) {
      details.push({ path: `lines.${index}.discount`, message: 'The discount is larger than the line.' })
      continue
    }
    resolved.push({
      productId: product?.id ?? null,
      description: line.description ?? configuredDescription ?? product!.name,
      quantity: line.quantity,
      unit: line.unit === undefined ? (product?.unit ?? null) : line.unit,
      unitPrice,
      discount: line.discount ?? 0,
      taxCategory: line.taxCategory ?? product?.taxCategory ?? 'standard',
      configuration,
    })
  }
  if (details.length > 0) throw invalid('Some lines are not valid.', details)
  return resolved
}

/** Replaces a document's lines and stores its totals; returns nothing, the caller re-reads. */
async function writeLines(ctx: ServiceContext, documentId: string, lines: ResolvedLine[], rounding: RoundingMode, currency: string): Promise<void> {
  const totals = computeDocumentTotals(lines, { rounding, currency })
  await ctx.tx.deleteFrom('salesDocumentLines').where('documentId', '=', documentId).execute()
  if (lines.length > 0) {
    await ctx.tx
      .insertInto('salesDocumentLines')
      .values(lines.map((l, position) => ({ id: newId(), tenantId: ctx.actor.tenantId, documentId, position, ...l, amount: totals.lineAmounts[position]! })))
      .execute()
  }
  await ctx.tx
    .updateTable('salesDocuments')
    .set({ subtotal: totals.subtotal, taxTotal: totals.taxTotal, total: totals.total, updatedAt: sql<Date>`now()` })
    .where('id', '=', documentId)
    .execute()
}

function assertStatus(kind: SalesDocumentKind, status: string | undefined): void {
  if (status === undefined) return
  if (!(STATUSES[kind] as readonly string[]).includes(status) || status === 'paid' || status === 'partially_paid') {
    throw invalid(`A ${kind} cannot have the status "${status}".`, [{ path: 'status', message: `One of: ${STATUSES[kind].filter((s) => s !== 'paid' && s !== 'partially_paid').join(', ')}.` }])
  }
}

const today = () => new Date().toISOString().slice(0, 10)

export async function createDocument(ctx: ServiceContext, input: DocumentInput): Promise<SalesDocumentDetail> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { notes: input.notes, recipientName: input.recipientName })
  assertStatus(input.kind, input.status)
  await assertReferences(ctx, input)
  const account = (await ctx.tx.selectFrom('accounts').select('name').where('id', '=', input.accountId).executeTakeFirst())!
  const issueDate = input.issueDate ?? today()
  const currency = input.currency ?? 'JPY'
  // No list named: the one that applies to the account's customer group, currency and date.
  const priceListId = input.priceListId !== undefined ? input.priceListId : (await findApplicablePriceListId(ctx, { accountId: input.accountId, currency, date: issueDate })).id
  const lines = await resolveLines(ctx, input.lines, { priceListId, date: issueDate, currency })
  const settings = await loadBillingSettings(ctx)
  const id = await insertDocument(ctx, {
    kind: input.kind,
    status: input.status ?? INITIAL_STATUS[input.kind],
    accountId: input.accountId,
    recipientName: input.recipientName ?? account.name,
    dealId: input.dealId ?? null,
    contactId: input.contactId ?? null,
    sourceDocumentId: null,
    priceListId,
    issueDate,
    validUntil: input.validUntil ?? null,
    dueDate: input.dueDate ?? null,
    transactionDate: input.transactionDate ?? (input.kind === 'invoice' ? issueDate : null),
    currency,
    notes: input.notes ?? null,
    roundingMode: settings.roundingMode,
  })
  await writeLines(ctx, id, lines, settings.roundingMode, currency)
  return afterCreate(ctx, id)
}

type NewDocument = {
  kind: SalesDocumentKind
  status: string
  accountId: string
  recipientName: string
  dealId: string | null
  contactId: string | null
  sourceDocumentId: string | null
  priceListId: string | null
  issueDate: string
  validUntil: string | null
  dueDate: string | null
  transactionDate: string | null
  currency: string
  notes: string | null
  roundingMode: RoundingMode
}

async function insertDocument(ctx: ServiceContext, values: NewDocument): Promise<string> {
  const id = newId()
  const issuer = values.kind === 'invoice' ? await loadBillingSettings(ctx) : null
  await ctx.tx
    .insertInto('salesDocuments')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      number: await nextDocumentNumber(ctx, values.kind, values.issueDate),
      ...values,
      issuerName: issuer?.legalName ?? null,
      issuerRegistrationNumber: issuer?.registrationNumber ?? null,
      ownerId: ctx.actor.userId,
      teamId: ctx.actor.teamId,
      createdBy: ctx.actor.userId,
    })
    .execute()
  return id
}

async function afterCreate(ctx: ServiceContext, id: string): Promise<SalesDocumentDetail> {
  const row = await findDocument(ctx, id)
  if (!row) throw notFound('Sales document')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(row) })
  await emitEvent(ctx, `${row.kind}.created`, {
    objectType: OBJECT,
    objectId: id,
    payload: { kind: row.kind, number: row.number, accountId: row.accountId, total: Number(row.total), sourceDocumentId: row.sourceDocumentId },
  })
  return detail(ctx, row)
}

export async function updateDocument(ctx: ServiceContext, id: string, patch: DocumentPatch): Promise<SalesDocumentDetail> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, { notes: patch.notes, recipientName: patch.recipientName })
  const before = await findDocument(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Sales document')
  assertStatus(before.kind, patch.status)
  const { lines, status, ...fields } = patch
  const changesContent = lines !== undefined || Object.values(fields).some((v) => v !== undefined)
  if (changesContent && !EDITABLE[before.kind].includes(before.status)) {
    throw conflict(`This ${before.kind} is ${before.status} and can no longer be edited.`, [{ path: 'status', message: before.status }])
  }
  if (status !== undefined && status !== before.status && before.kind === 'invoice' && Number(before.paidAmount) > 0) {
    throw conflict('An invoice with payments keeps the status its payments give it.', [{ path: 'status', message: before.status }])
  }
  if (patch.issueDate !== undefined && patch.issueDate.slice(0, 4) !== before.issueDate.slice(0, 4)) {
    throw invalid('The issue date must stay in the year of the document number.', [{ path: 'issueDate', message: `Year ${before.issueDate.slice(0, 4)}.` }])
  }
  await assertReferences(ctx, patch)
  const set = Object.fromEntries(Object.entries({ ...fields, status }).filter(([, v]) => v !== undefined))
  if (Object.keys(set).length > 0) {
    await ctx.tx
      .updateTable('salesDocuments')
      .set({ ...set, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
  }
  if (lines !== undefined || patch.currency !== undefined) {
    const currentLines = lines ?? (await listLines(ctx, id)).map(asLineInput)
    const resolved = await resolveLines(ctx, currentLines, {
      priceListId: patch.priceListId !== undefined ? patch.priceListId : before.priceListId,
      date: patch.issueDate ?? before.issueDate,
      currency: patch.currency ?? before.currency.trim(),
    })
    await writeLines(ctx, id, resolved, before.roundingMode, patch.currency ?? before.currency.trim())
  }
  const after = (await findDocument(ctx, id))!
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) {
    await emitEvent(ctx, status !== undefined && status !== before.status ? `${before.kind}.status_changed` : `${before.kind}.updated`, {
      objectType: OBJECT,
      objectId: id,
      payload: { fields: Object.keys(patch), from: before.status, to: after.status },
    })
  }
  return detail(ctx, after)
}

// Only along the chain, so one quote can never be invoiced twice (directly and through its order).
const CONVERSIONS: Record<SalesDocumentKind, SalesDocumentKind[]> = { quote: ['order'], order: ['invoice'], invoice: [] }
const CLOSED: Record<SalesDocumentKind, string[]> = { quote: ['rejected', 'expired'], order: ['cancelled'], invoice: [] }

/**
 * quote → order → invoice in the caller's one transaction: the lines are
 * copied as they are, links kept, the new document numbered in its own sequence. A document
 * converts at most once into each kind (checked under the source's row lock, backed by a unique index).
 */
export async function convertDocument(ctx: ServiceContext, id: string, input: ConvertInput): Promise<SalesDocumentDetail> {
  authorize(ctx, OBJECT, 'create')
  const source = await findDocument(ctx, id, { forUpdate: true })
  if (!source) throw notFound('Sales document')
  if (!CONVERSIONS[source.kind].includes(input.to)) {
    throw invalid(`A ${source.kind} cannot become a ${input.to}.`, [{ path: 'to', message: `Allowed: ${CONVERSIONS[source.kind].join(', ') || 'none'}.` }])
  }
  if (CLOSED[source.kind].includes(source.status)) throw conflict(`A ${source.status} ${source.kind} cannot be converted.`, [{ path: 'status', message: source.status }])
  const existing = await ctx.tx.selectFrom('salesDocuments').select(['id', 'number']).where('sourceDocumentId', '=', id).where('kind', '=', input.to).executeTakeFirst()
  if (existing) throw conflict(`${KIND_LABEL[source.kind]} ${source.number} was already converted into ${existing.number}.`, [{ path: 'to', message: existing.id }])
  const settings = await loadBillingSettings(ctx)
  const issueDate = today()
  const createdId = await insertDocument(ctx, {
    kind: input.to,
    status: INITIAL_STATUS[input.to],
    accountId: source.accountId,
    recipientName: source.recipientName,
    dealId: source.dealId,
    contactId: source.contactId,
    sourceDocumentId: source.id,
    priceListId: source.priceListId,
    issueDate,
    validUntil: null,
    dueDate: null,
    transactionDate: input.to === 'invoice' ? issueDate : null,
    currency: source.currency.trim(),
    notes: source.notes,
    roundingMode: settings.roundingMode,
  })
  const lines = (await listLines(ctx, id)).map((l) => ({
    productId: l.productId,
    description: l.description,
    quantity: Number(l.quantity),
    unit: l.unit,
    unitPrice: Number(l.unitPrice),
    discount: Number(l.discount),
    taxCategory: l.taxCategory,
    configuration: l.configuration === null ? null : JSON.stringify(l.configuration),
  }))
  await writeLines(ctx, createdId, lines, settings.roundingMode, source.currency.trim())
  if (source.kind === 'quote' && source.status !== 'accepted') {
    await ctx.tx.updateTable('salesDocuments').set({ status: 'accepted', updatedAt: sql<Date>`now()` }).where('id', '=', id).execute()
    const after = (await findDocument(ctx, id))!
    await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(source), after: auditable(after) })
    await emitEvent(ctx, 'quote.status_changed', { objectType: OBJECT, objectId: id, payload: { from: source.status, to: 'accepted' } })
  }
  return afterCreate(ctx, createdId)
}
