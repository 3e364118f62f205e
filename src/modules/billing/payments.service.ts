/**
 * Payments against invoices: the outstanding balance is total − paid, the status follows
 * (partially_paid / paid), and a payment larger than the balance is refused.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { PaymentInput, SalesDocumentDetail } from './billing.schema.ts'
import { findDocument, OBJECT } from './documents.queries.ts'
import { getDocument } from './documents.service.ts'
import { toScaled } from './tax.ts'

export async function recordPayment(ctx: ServiceContext, invoiceId: string, input: PaymentInput): Promise<SalesDocumentDetail> {
  authorize(ctx, OBJECT, 'update')
  // The row lock makes two payments arriving together check the balance one after the other.
  const invoice = await findDocument(ctx, invoiceId, { forUpdate: true })
  if (!invoice) throw notFound('Sales document')
  if (invoice.kind !== 'invoice') throw conflict('Payments are recorded against invoices only.', [{ path: 'kind', message: invoice.kind }])
  if (!['issued', 'partially_paid'].includes(invoice.status)) {
    throw conflict(`A ${invoice.status} invoice takes no payments; issue it first.`, [{ path: 'status', message: invoice.status }])
  }
  // Compare in hundredths as integers: 0.1 + 0.2 must not make a full payment look like an overpayment.
  const total = toScaled(invoice.total, 2)
  const paid = toScaled(invoice.paidAmount, 2) + toScaled(input.amount, 2)
  if (paid > total) {
    const balance = Number(total - toScaled(invoice.paidAmount, 2)) / 100
    throw conflict(`The payment is larger than the outstanding balance of ${balance}.`, [{ path: 'amount', message: `At most ${balance}.` }])
  }
  const id = newId()
  await ctx.tx
    .insertInto('invoicePayments')
    .values({ id, tenantId: ctx.actor.tenantId, documentId: invoiceId, paidOn: input.paidOn, amount: input.amount, method: input.method ?? 'bank_transfer', note: input.note ?? null, createdBy: ctx.actor.userId })
    .execute()
  const status = paid === total ? 'paid' : 'partially_paid'
  await ctx.tx
    .updateTable('salesDocuments')
    .set({ paidAmount: Number(paid) / 100, status, updatedAt: sql<Date>`now()` })
    .where('id', '=', invoiceId)
    .execute()
  await recordAudit(ctx, { objectType: 'invoicePayments', objectId: id, action: 'create', after: { invoiceId, ...input } })
  await recordAudit(ctx, { objectType: OBJECT, objectId: invoiceId, action: 'update', before: { status: invoice.status, paidAmount: Number(invoice.paidAmount) }, after: { status, paidAmount: Number(paid) / 100 } })
  await emitEvent(ctx, 'invoice.payment_recorded', { objectType: OBJECT, objectId: invoiceId, payload: { paymentId: id, amount: input.amount, status } })
  return getDocument(ctx, invoiceId)
}
