/**
 * The daily contract run, tenant by tenant: auto-renew contracts that reached their end date,
 * expire the others once past it, and remind owners N days before the renewal date — once per
 * contract period (reminded_for_end_date), so running it again the same day does nothing.
 */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { createNotification } from '../notifications/index.ts'
import { updateContractRow } from './contracts.queries.ts'
import { IN_FORCE } from './contracts.schema.ts'
import { recordStatusChange, renewInPlace, todayInJapan } from './contracts.service.ts'

export const CONTRACTS_DAILY_JOB = 'contracts.daily'

export interface ContractRunResult {
  renewed: number
  expired: number
  reminded: number
}

/** One tenant's run for the calendar day `today` (YYYY-MM-DD). */
export async function runContractDay(tx: Tx, tenantId: string, today: string): Promise<ContractRunResult> {
  const result: ContractRunResult = { renewed: 0, expired: 0, reminded: 0 }
  const ending = await tx
    .selectFrom('contracts')
    .select(['id', 'tenantId', 'status', 'endDate', 'renewalDate', 'autoRenew', 'renewalTermMonths'])
    .where('status', 'in', [...IN_FORCE])
    .where('endDate', '<=', today)
    .orderBy('endDate')
    .forUpdate()
    .execute()
  for (const row of ending) {
    if (row.autoRenew) {
      // A contract that missed several runs catches up period by period, each in the history.
      let current = { ...row }
      while (current.endDate <= today) {
        const period = await renewInPlace(tx, current, row.renewalTermMonths, null, null)
        current = { ...current, ...period, status: 'renewed' }
      }
      result.renewed++
    } else if (row.endDate < today) {
      await recordStatusChange(tx, row, 'expired', null, null)
      result.expired++
    }
  }

  const due = await tx
    .selectFrom('contracts as c')
    .leftJoin('users as u', 'u.id', 'c.ownerId')
    .select(['c.id', 'c.tenantId', 'c.title', 'c.number', 'c.status', 'c.endDate', 'c.renewalDate', 'c.ownerId', 'c.autoRenew', 'u.locale'])
    .where('c.status', 'in', [...IN_FORCE])
    .where('c.endDate', '>=', today)
    .where(sql<boolean>`coalesce(c.renewal_date, c.end_date) - c.notice_days <= ${today}::date`)
    .where(sql<boolean>`c.reminded_for_end_date is distinct from c.end_date`)
    .forUpdate('c')
    .execute()
  for (const row of due) {
    const noticeDate = row.renewalDate ?? row.endDate
    if (row.ownerId) {
      const en = row.locale === 'en'
      const name = row.number ? `${row.title}（${row.number}）` : row.title
      await createNotification(tx, {
        tenantId,
        userId: row.ownerId,
        kind: 'contract_renewal',
        title: en ? `Contract renewal coming up: ${name}` : `契約の更新日が近づいています：${name}`,
        body: en
          ? `Renewal date ${noticeDate}, end date ${row.endDate}${row.autoRenew ? ' (renews automatically)' : ''}`
          : `更新日 ${noticeDate}／契約終了日 ${row.endDate}${row.autoRenew ? '（自動更新）' : ''}`,
        link: `/contracts/${row.id}`,
        objectType: 'contracts',
        objectId: row.id,
        email: true,
      })
      result.reminded++
    }
    await updateContractRow(tx, row.id, { remindedForEndDate: row.endDate })
    if (row.status !== 'expiring') await recordStatusChange(tx, row, 'expiring', null, null)
  }
  return result
}

/** Every tenant, one transaction each, so one tenant's failure does not hold the others back. */
export async function runContractDayForAllTenants(db: Db, today = todayInJapan()): Promise<ContractRunResult> {
  const total: ContractRunResult = { renewed: 0, expired: 0, reminded: 0 }
  const tenants = await db.selectFrom('tenants').select('id').execute()
  for (const { id } of tenants) {
    const r = await inTenantTransaction(db, id, (tx) => runContractDay(tx, id, today))
    total.renewed += r.renewed
    total.expired += r.expired
    total.reminded += r.reminded
  }
  return total
}

registerJobHandler(CONTRACTS_DAILY_JOB, async ({ db, logger }) => {
  const result = await runContractDayForAllTenants(db)
  logger.info(result, 'contracts: daily renewals, expiries and reminders')
})
// Hourly, and idempotent: the day's work happens within an hour of midnight in Japan.
defineRecurringJob({ name: 'contracts-daily', type: CONTRACTS_DAILY_JOB, intervalSeconds: 3600 })
