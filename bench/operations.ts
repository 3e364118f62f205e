/**
 * One-shot operations of the benchmark: work a user starts and waits for (a background job),
 * timed end to end through the HTTP API — request, job pick-up, the work, completion seen by
 * polling — and the same work run directly in one database transaction (the limit).
 */
import type { Db } from '../src/platform/db/database.ts'
import { inTenantTransaction } from '../src/platform/db/transaction.ts'
import { computeCustomerScores } from '../src/modules/analytics/customer-scores.service.ts'
import { scanDuplicates } from '../src/modules/duplicates/duplicates.scan.ts'
import { type ImportSetUp, importThroughApi, setUpContactImport, tearDownContactImport, timeDatabaseFloor, timeRawCopy } from './lib/contact-import.ts'
import type { HttpLoad } from './lib/load.ts'
import type { ScenarioContext } from './scenarios.ts'

export interface Operation {
  name: string
  description: string
  /** The target an issue sets, in seconds. */
  targetSeconds?: number
  /** Or the target as a rate: the seconds are then this scale's rows at that rate. */
  targetRowsPerSecond?: number
  /** Rows the operation covers, for a rows/s figure. */
  rows(ctx: ScenarioContext): number
  /** The work through the API; returns its own seconds when only part of what it does is the figure. */
  api(http: HttpLoad, ctx: ScenarioContext): Promise<number | void>
  /** The same work (or its floor) in SQL; returns its own seconds likewise. */
  sql(db: Db, ctx: ScenarioContext): Promise<number | void>
}

// The import's file and database, made by its sql step (which runs first) and used by its api step.
let contactImport: ImportSetUp | null = null

interface JobRow {
  id: string
  status: string
  lastError: string | null
}

/** Polls the jobs list until the job is done; throws if it dies. */
async function waitForJob(http: HttpLoad, type: string, jobId: string, timeoutSeconds = 1800): Promise<void> {
  const deadline = performance.now() + timeoutSeconds * 1000
  while (performance.now() < deadline) {
    const page = (await http.send({ method: 'GET', path: `/api/v1/jobs?type=${type}&limit=20`, expectStatus: 200 })) as { data: JobRow[] }
    const job = page.data.find((j) => j.id === jobId)
    if (job?.status === 'done') return
    if (job?.status === 'dead') throw new Error(`${type} job died: ${job.lastError}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${type} job ${jobId} did not finish in ${timeoutSeconds} s`)
}

export const OPERATIONS: Operation[] = [
  {
    name: 'rfm-clv.refresh',
    description: 'RFM scores and segments, then the CLV fit (BG/NBD + Gamma-Gamma) and scoring, for every account from the order history (POST /api/v1/analytics/rfm/refresh → job)',
    targetSeconds: 10,
    rows: (ctx) => ctx.accountIds.length,
    async api(http) {
      const { jobId } = (await http.send({ method: 'POST', path: '/api/v1/analytics/rfm/refresh', expectStatus: 202 })) as { jobId: string | null }
      if (!jobId) throw new Error('An RFM refresh was already queued')
      await waitForJob(http, 'analytics.rfm', jobId)
    },
    async sql(db, ctx) {
      await inTenantTransaction(db, ctx.tenant.tenantId, (tx) => computeCustomerScores(tx))
    },
  },
  {
    name: 'duplicates.scan',
    description: '名寄せ scan of every contact: blocking keys, scored pairs into the queue (POST /api/v1/duplicates/scan → job)',
    targetSeconds: 60,
    rows: (ctx) => ctx.contactIds.length,
    async api(http) {
      const { jobId } = (await http.send({ method: 'POST', path: '/api/v1/duplicates/scan', body: { type: 'contacts' }, expectStatus: 202 })) as { jobId: string | null }
      if (!jobId) throw new Error('A duplicate scan was already queued')
      await waitForJob(http, 'duplicates.scan', jobId)
    },
    async sql(db, ctx) {
      await inTenantTransaction(db, ctx.tenant.tenantId, (tx) => scanDuplicates(tx, ctx.tenant.tenantId, 'contacts'))
    },
  },
  {
    name: 'contacts.import',
    description:
      'CSV import of generated Japanese contacts through the full validation path (raw upload → job → done; its own fresh database and server, so the data set stays as loaded); the SQL figure is a raw COPY of the same file into an unindexed table',
    targetRowsPerSecond: 30_000,
    rows: (ctx) => ctx.scale.importRows,
    async sql(_db, ctx) {
      contactImport = await setUpContactImport(ctx.backend, ctx.scale.importRows, 20261204)
      return timeRawCopy(contactImport)
    },
    async api(_http, ctx) {
      if (!contactImport) throw new Error('contacts.import: the sql step sets the import up first')
      try {
        const measured = await importThroughApi(contactImport, ctx.sparePort)
        if (measured.counts.created + measured.counts.skipped + measured.counts.errors !== ctx.scale.importRows) {
          throw new Error(`contacts.import: ${JSON.stringify(measured.counts)} do not add up to ${ctx.scale.importRows} rows`)
        }
        const floor = await timeDatabaseFloor(contactImport)
        if (floor) {
          const perTable = floor.tables.map((t) => `${t.table} ${t.rows} rows ${t.seconds.toFixed(2)} s`).join(', ')
          console.log(`contacts.import database floor (the stored rows copied with every index, no Node): ${floor.seconds.toFixed(1)} s, ${Math.round(ctx.scale.importRows / floor.seconds)} rows/s (${perTable})`)
        }
        return measured.importSeconds
      } finally {
        await tearDownContactImport(contactImport)
        contactImport = null
      }
    },
  },
]
