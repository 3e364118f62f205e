/**
 * Sales documents: quotes (見積書) → orders (受注) → qualified invoices (適格請求書), payments,
 * gapless numbering and the issuer settings. Other modules use only what this file exports.
 */
import { registerAccessObject } from '../../platform/access/objects.ts'
import { DOCUMENT_FIELDS } from './billing.schema.ts'

registerAccessObject({
  name: 'salesDocuments',
  label: { ja: '見積書・受注・請求書', en: 'Quotes, orders and invoices' },
  fields: DOCUMENT_FIELDS,
  fieldLabels: {
    recipientName: { ja: '宛名', en: 'Recipient name' },
    notes: { ja: '備考', en: 'Notes' },
  },
  ownedRecords: true,
})
registerAccessObject({
  name: 'billingSettings',
  label: { ja: '請求書の発行者設定', en: 'Invoice issuer settings' },
  fields: [],
  administrative: true,
  readableByEveryone: true,
})

export { registerBillingRoutes } from './billing.routes.ts'
export * from './documents.service.ts'
export { recordPayment } from './payments.service.ts'
export { getBillingSettings, putBillingSettings } from './settings.service.ts'
export { computeDocumentTotals, isValidRegistrationNumber } from './tax.ts'
export { renderSalesDocumentPdf } from './pdf.service.ts'
export type { SalesDocument, SalesDocumentDetail, DocumentInput } from './billing.schema.ts'
