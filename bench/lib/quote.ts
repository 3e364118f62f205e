/**
 * One 50-line quote for the `quote.pdf` scenario (the PDF figure of the sales-documents issue):
 * made once per data set with the same tax function the service uses, found again on --reuse.
 */
import type { Db } from '../../src/platform/db/database.ts'
import { inSystemTransaction } from '../../src/platform/db/transaction.ts'
import { newId } from '../../src/platform/ids.ts'
import { computeDocumentTotals } from '../../src/modules/billing/index.ts'
import type { BenchTenant } from './dataset.ts'

const NUMBER = 'Q-2026-BENCH50'

export async function ensureBenchQuote(db: Db, tenant: BenchTenant, accountId: string): Promise<string> {
  return inSystemTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('salesDocuments').select('id').where('tenantId', '=', tenant.tenantId).where('number', '=', NUMBER).executeTakeFirst()
    if (existing) return existing.id
    await tx
      .insertInto('billingSettings')
      .values({ tenantId: tenant.tenantId, legalName: '大福ベンチ株式会社', registrationNumber: 'T7000012050002', address: '東京都千代田区丸の内一丁目1番1号', bankAccount: '大福銀行 本店 普通 1234567' })
      .onConflict((oc) => oc.column('tenantId').doNothing())
      .execute()
    const lines = Array.from({ length: 50 }, (_, i) => ({
      description: i % 4 === 3 ? `会議用菓子 詰め合わせ（${i + 1}）` : `クラウド利用料 スタンダードプラン 第${i + 1}期`,
      quantity: (i % 7) + 1,
      unit: i % 4 === 3 ? '箱' : '月',
      unitPrice: i % 4 === 3 ? 1350 : 10500 + i * 10,
      discount: 0,
      taxCategory: (i % 4 === 3 ? 'reduced' : 'standard') as 'reduced' | 'standard',
    }))
    const totals = computeDocumentTotals(lines, { rounding: 'floor', currency: 'JPY' })
    const id = newId()
    const { name } = await tx.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirstOrThrow()
    await tx
      .insertInto('salesDocuments')
      .values({
        id,
        tenantId: tenant.tenantId,
        kind: 'quote',
        number: NUMBER,
        status: 'draft',
        accountId,
        recipientName: name,
        sourceDocumentId: null,
        dealId: null,
        contactId: null,
        priceListId: null,
        issueDate: '2026-11-25',
        validUntil: '2026-12-25',
        dueDate: null,
        transactionDate: null,
        notes: 'ベンチマーク用の見積書です。',
        subtotal: totals.subtotal,
        taxTotal: totals.taxTotal,
        total: totals.total,
        issuerName: null,
        issuerRegistrationNumber: null,
        ownerId: tenant.adminUserId,
        teamId: null,
        createdBy: tenant.adminUserId,
      })
      .execute()
    await tx
      .insertInto('salesDocumentLines')
      .values(lines.map((l, position) => ({ id: newId(), tenantId: tenant.tenantId, documentId: id, position, productId: null, ...l, amount: totals.lineAmounts[position]! })))
      .execute()
    return id
  })
}
