/**
 * Grouped reports over the 10,000,000 order lines of the customer-scores data set (issue: "a grouped report over
 * 10,000,000 rows: ≤ 2 s"). Load the set first with
 * `node --import tsx bench/customer-scores.ts --backend postgres --accounts 1000000 --lines 10000000`, then
 * `node --import tsx bench/report-lines.ts` runs each definition through the report service as the bench
 * tenant's admin (the SQL the report builder sends, with the role's row rules), once to warm up and three times
 * timed, and prints the table for bench/results. All three shapes are read from the daily line totals since
 * decision 0032; the same report over the large set is the `report.lines` scenario of `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../src/platform/db/database.ts'
import { inTenantTransaction } from '../src/platform/db/transaction.ts'
import { resolveMembershipActor } from '../src/platform/auth/actor.ts'
// The access objects the report's fields are guarded by (each module registers its own).
import '../src/modules/billing/index.ts'
import '../src/modules/products/index.ts'
import { runReport } from '../src/modules/reports/index.ts'
import type { ReportDefinition } from '../src/modules/reports/reports.schema.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const manifestPath = path.join(root, 'bench', 'data', 'customer-scores-postgres.json')
if (!existsSync(manifestPath)) throw new Error('Load the data set first: bench/customer-scores.ts --backend postgres --accounts 1000000 --lines 10000000')
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { tenant: { tenantId: string; adminUserId: string }; lines: number }

const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
url.pathname = '/daifuku_customer_scores'
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' })
const actor = (await resolveMembershipActor(database.db, manifest.tenant.adminUserId, manifest.tenant.tenantId))!

const count = { aggregate: 'count' as const }
const amount = { aggregate: 'sum' as const, field: 'amount' }
const DEFINITIONS: { name: string; definition: ReportDefinition }[] = [
  { name: 'lines by issue month × tax category (count, sum)', definition: { object: 'salesDocumentLines', groups: [{ field: 'issueDate', bucket: 'month' }, { field: 'taxCategory' }], measures: [count, amount] } },
  { name: 'lines by product (count, sum, average unit price)', definition: { object: 'salesDocumentLines', groups: [{ field: 'product' }], measures: [count, amount, { aggregate: 'avg', field: 'unitPrice' }] } },
  { name: 'order lines of one year by quarter (filter, count, sum)', definition: { object: 'salesDocumentLines', groups: [{ field: 'issueDate', bucket: 'quarter' }], measures: [count, amount], filters: [{ field: 'documentKind', op: 'eq', value: 'order' }, { field: 'issueDate', op: 'between', value: ['2025-01-01', '2025-12-31'] }] } },
]

const run = (definition: ReportDefinition) =>
  inTenantTransaction(database.db, manifest.tenant.tenantId, (tx) => runReport({ actor, tx, requestId: 'bench', ip: null }, definition))

console.log(`| report over ${manifest.lines.toLocaleString('en')} order lines | groups | runs (s) | best (s) |`)
console.log('| --- | ---: | --- | ---: |')
for (const { name, definition } of DEFINITIONS) {
  await run(definition)
  const times: number[] = []
  let groups = 0
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const result = await run(definition)
    times.push((performance.now() - started) / 1000)
    groups = result.rows.filter((r) => r.level === definition.groups!.length).length
  }
  console.log(`| ${name} | ${groups} | ${times.map((t) => t.toFixed(2)).join(', ')} | ${Math.min(...times).toFixed(2)} |`)
}
await database.close()
