/**
 * CSV import throughput through the real HTTP API (issue: 1,000,000 contacts through the full validation path at
 * ≥ 30,000 rows/s on PostgreSQL, with the ratio to a raw COPY of the same file measured in the same run).
 * `node --import tsx bench/import-throughput.ts --backend postgres|pglite --rows 100000`
 *
 * Generates a deterministic CSV of Japanese contacts (bench/lib/contacts-csv.ts: 1% in-file duplicates, 0.1% bad
 * emails, rows/20 companies), loads a fresh database with a bench tenant, starts the server as a separate process,
 * uploads the file (POST /api/v1/imports/file), checks the guessed mapping, runs it (POST …/run) and polls
 * GET …/:id until done — timing each poll, since a long import must not freeze other requests. Then times a raw
 * `COPY` of the same file into a scratch table (13 text columns, no index) and prints rows/s of both and their
 * ratio; on PostgreSQL also the database floor: the rows the import stored, copied by the database alone into
 * empty copies of their tables with every index (bench/lib/contact-import.ts; `npm run bench` runs the same as its
 * `contacts.import` operation). Nothing is written to bench/results: copy the printed lines there.
 */
import { parseArgs } from 'node:util'
import { importThroughApi, setUpContactImport, tearDownContactImport, timeDatabaseFloor, timeRawCopy } from './lib/contact-import.ts'

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3930' },
    seed: { type: 'string', default: '20261204' },
    keep: { type: 'boolean', default: false },
  },
})
const backend = args.backend === 'pglite' ? 'pglite' : 'postgres'
const rows = Number(args.rows)

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

const started = performance.now()
const setUp = await setUpContactImport(backend, rows, Number(args.seed))
const { stats } = setUp
console.log(`CSV: ${rows} rows, ${stats.companies} companies, ${stats.plantedDuplicates} planted duplicates, ${stats.plantedBadEmails} bad emails (set-up ${((performance.now() - started) / 1000).toFixed(1)} s)`)
const measured = await importThroughApi(setUp, Number(args.port), (line) => console.log(line))
const copySeconds = await timeRawCopy(setUp)
const floor = await timeDatabaseFloor(setUp)
if (!args.keep) await tearDownContactImport(setUp)

const importRate = rows / measured.importSeconds
const copyRate = rows / copySeconds
const sortedPolls = [...measured.pollMs].sort((a, b) => a - b)
const result = {
  backend,
  rows,
  counts: measured.counts,
  importSeconds: Number(measured.importSeconds.toFixed(2)),
  importRowsPerSecond: Math.round(importRate),
  wallSecondsFromRunToDone: Number(measured.wallSecondsFromRunToDone.toFixed(2)),
  rawCopySeconds: Number(copySeconds.toFixed(2)),
  rawCopyRowsPerSecond: Math.round(copyRate),
  copyToImportRatio: Number((copyRate / importRate).toFixed(1)),
  // The same rows stored again by the database alone, with every index: the most any import could reach here.
  databaseFloor: floor && {
    seconds: Number(floor.seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / floor.seconds),
    tables: floor.tables.map((t) => ({ ...t, seconds: Number(t.seconds.toFixed(2)), microsecondsPerRow: Math.round((t.seconds * 1e6) / Math.max(1, t.rows)) })),
  },
  pollLatencyMs: { p50: Math.round(percentile(sortedPolls, 50)), p95: Math.round(percentile(sortedPolls, 95)), max: Math.round(sortedPolls.at(-1) ?? 0), polls: sortedPolls.length },
  server: measured.server,
}
console.log(JSON.stringify(result, null, 2))
console.log(
  `| ${backend} | ${rows.toLocaleString('en')} | ${result.importSeconds} s | ${result.importRowsPerSecond.toLocaleString('en')} | ${result.rawCopySeconds} s | ${result.rawCopyRowsPerSecond.toLocaleString('en')} | ${result.copyToImportRatio}× | ${result.databaseFloor ? `${result.databaseFloor.seconds} s (${result.databaseFloor.rowsPerSecond.toLocaleString('en')} rows/s)` : '—'} | ${result.pollLatencyMs.p95} / ${result.pollLatencyMs.max} ms | ${result.server.peakRssMb.toLocaleString('en')} MB / ${Math.round(result.server.cpuSeconds)} s |`,
)
