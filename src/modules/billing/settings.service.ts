/**
 * The issuer block of qualified invoices (適格請求書) and the tenant's tax rounding mode:
 * admins set them, everyone reads them. A tenant without a row gets the defaults (切り捨て).
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { invalid } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import type { BillingSettings, BillingSettingsPut } from './billing.schema.ts'
import { isValidRegistrationNumber } from './tax.ts'

const OBJECT = 'billingSettings'

export async function loadBillingSettings(ctx: ServiceContext): Promise<BillingSettings> {
  const row = await ctx.tx.selectFrom('billingSettings').selectAll().executeTakeFirst()
  return {
    legalName: row?.legalName ?? null,
    registrationNumber: row?.registrationNumber ?? null,
    address: row?.address ?? null,
    phone: row?.phone ?? null,
    bankAccount: row?.bankAccount ?? null,
    roundingMode: row?.roundingMode ?? 'floor',
  }
}

export async function getBillingSettings(ctx: ServiceContext): Promise<BillingSettings> {
  authorize(ctx, OBJECT, 'read')
  return loadBillingSettings(ctx)
}

export async function putBillingSettings(ctx: ServiceContext, input: BillingSettingsPut): Promise<BillingSettings> {
  authorize(ctx, OBJECT, 'update')
  // Full-width letters and digits typed in a Japanese IME are accepted and stored half-width.
  const registrationNumber = input.registrationNumber ? input.registrationNumber.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '') : input.registrationNumber
  if (registrationNumber && !isValidRegistrationNumber(registrationNumber)) {
    throw invalid('The registration number is not valid.', [{ path: 'registrationNumber', message: 'T followed by 13 digits with a correct check digit, e.g. T7000012050002.' }])
  }
  const before = await loadBillingSettings(ctx)
  const values = { ...input, ...(registrationNumber !== undefined ? { registrationNumber } : {}) }
  await ctx.tx
    .insertInto('billingSettings')
    .values({ tenantId: ctx.actor.tenantId, ...values })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet({ ...values, updatedAt: sql<Date>`now()` }))
    .execute()
  const after = await loadBillingSettings(ctx)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: ctx.actor.tenantId, action: 'update', before: { ...before }, after: { ...after } })
  if (changed) await emitEvent(ctx, 'billing_settings.updated', { objectType: OBJECT, objectId: ctx.actor.tenantId, payload: { fields: Object.keys(input) } })
  return after
}
