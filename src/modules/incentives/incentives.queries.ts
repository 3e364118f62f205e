/**
 * What commission is earned on: a rep's won deals (by the day they closed, in the company's time zone)
 * and paid invoices (by the day of their last payment, lines without tax). Read straight from the deals
 * and billing tables inside the tenant transaction: a statement covers every source of the rep, whoever reads it.
 */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'
import type { SourceLine } from './commission-math.ts'

export interface SourceQuery {
  userId: string
  from: string
  to: string
  currency: string
  basis: 'won_deals' | 'paid_invoices' | 'both'
}

export async function loadSources(tx: Tx, q: SourceQuery): Promise<SourceLine[]> {
  const out: SourceLine[] = []
  if (q.basis !== 'paid_invoices') {
    const tenant = await tx.selectFrom('tenants').select('timeZone').executeTakeFirstOrThrow()
    const closedDay = sql<string>`((d.closed_at at time zone ${tenant.timeZone})::date)::text`
    const deals = await tx
      .selectFrom('deals as d')
      .select(['d.id', 'd.name', 'd.amount', closedDay.as('day')])
      .where('d.ownerId', '=', q.userId)
      .where('d.status', '=', 'won')
      .where('d.currency', '=', q.currency)
      .where(sql<boolean>`(d.closed_at at time zone ${tenant.timeZone})::date between ${q.from}::date and ${q.to}::date`)
      .execute()
    for (const d of deals) {
      out.push({ sourceType: 'deal', sourceId: d.id, sourceLabel: d.name, date: d.day, productId: null, description: d.name, base: Number(d.amount ?? 0) })
    }
  }
  if (q.basis !== 'won_deals') {
    let invoices = tx
      .selectFrom('salesDocuments as sd')
      .innerJoin(
        (eb) => eb.selectFrom('invoicePayments').select(['documentId', sql<string>`max(paid_on)`.as('lastPaid')]).groupBy('documentId').as('p'),
        (join) => join.onRef('p.documentId', '=', 'sd.id'),
      )
      .select(['sd.id', 'sd.number', sql<string>`p.last_paid::text`.as('paidOn')])
      .where('sd.kind', '=', 'invoice')
      .where('sd.status', '=', 'paid')
      .where('sd.ownerId', '=', q.userId)
      .where('sd.currency', '=', q.currency)
      .where(sql<boolean>`p.last_paid between ${q.from}::date and ${q.to}::date`)
    // Both bases: the invoice of a won deal was already paid on through the deal.
    if (q.basis === 'both') {
      invoices = invoices.where((eb) => eb.or([eb('sd.dealId', 'is', null), eb('sd.dealId', 'not in', eb.selectFrom('deals').select('id').where('status', '=', 'won'))]))
    }
    const rows = await invoices.execute()
    if (rows.length > 0) {
      const lines = await tx
        .selectFrom('salesDocumentLines')
        .select(['documentId', 'productId', 'description', 'amount'])
        .where('documentId', 'in', rows.map((r) => r.id))
        .orderBy('documentId')
        .orderBy('position')
        .execute()
      for (const invoice of rows) {
        for (const line of lines.filter((l) => l.documentId === invoice.id)) {
          out.push({
            sourceType: 'invoice',
            sourceId: invoice.id,
            sourceLabel: invoice.number,
            date: invoice.paidOn,
            productId: line.productId,
            description: line.description,
            base: Number(line.amount),
          })
        }
      }
    }
  }
  return out
}
