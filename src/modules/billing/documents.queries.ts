/** The only file that reads sales documents, their lines and payments, and the numbering counters. */
import { sql } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { SalesDocumentKind } from '../../platform/db/schema.ts'

export const OBJECT = 'salesDocuments'

const PREFIX: Record<SalesDocumentKind, string> = { quote: 'Q', order: 'SO', invoice: 'INV' }

/**
 * The next number of a kind in a year, e.g. INV-2026-000123. The counter row is created or
 * incremented in the caller's transaction: its row lock makes concurrent creators wait, and a
 * rollback undoes the increment, so numbers have no gaps and no duplicates.
 */
export async function nextDocumentNumber(ctx: ServiceContext, kind: SalesDocumentKind, issueDate: string): Promise<string> {
  const year = Number(issueDate.slice(0, 4))
  const result = await sql<{ lastNumber: number }>`
    insert into document_counters (tenant_id, kind, year, last_number)
    values (${ctx.actor.tenantId}, ${kind}, ${year}, 1)
    on conflict (tenant_id, kind, year) do update set last_number = document_counters.last_number + 1
    returning last_number`.execute(ctx.tx)
  const n = result.rows[0]!.lastNumber
  return `${PREFIX[kind]}-${year}-${String(n).padStart(6, '0')}`
}

export function selectDocuments(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('salesDocuments as d')
    .leftJoin('accounts as a', 'a.id', 'd.accountId')
    .leftJoin('deals as deal', 'deal.id', 'd.dealId')
    .leftJoin('salesDocuments as src', 'src.id', 'd.sourceDocumentId')
    .selectAll('d')
    .select(['a.name as accountName', 'deal.name as dealName', 'src.number as sourceNumber'])
    .where(visibleRecordsCondition(ctx, OBJECT, 'd'))
}

export type DocumentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectDocuments>['executeTakeFirst']>>>

export async function findDocument(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
  let query = selectDocuments(ctx).where('d.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('d')
  return query.executeTakeFirst()
}

export function listLines(ctx: ServiceContext, documentId: string) {
  return ctx.tx
    .selectFrom('salesDocumentLines as l')
    .leftJoin('products as p', 'p.id', 'l.productId')
    .selectAll('l')
    .select('p.code as productCode')
    .where('l.documentId', '=', documentId)
    .orderBy('l.position')
    .execute()
}
export type LineRow = Awaited<ReturnType<typeof listLines>>[number]

export function listPayments(ctx: ServiceContext, documentId: string) {
  return ctx.tx.selectFrom('invoicePayments').selectAll().where('documentId', '=', documentId).orderBy('paidOn').orderBy('id').execute()
}

export function listDerived(ctx: ServiceContext, documentId: string) {
  return ctx.tx.selectFrom('salesDocuments').select(['id', 'kind', 'number']).where('sourceDocumentId', '=', documentId).orderBy('id').execute()
}
