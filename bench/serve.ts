/**
 * The server the benchmark measures: the real app and HTTP stack, configured from the
 * environment like `daifuku start`, without the demo seed. BENCH_WORKER=1 also runs the job
 * worker in the same process (as `daifuku start` does), for benchmarks of background jobs.
 */
import { createApp, createHttpServer } from '../src/app.ts'
import { createWorker } from '../src/platform/jobs/index.ts'

const app = await createApp()
const http = await createHttpServer(app)
await http.listen({ host: app.config.host, port: app.config.port })
const worker =
  process.env.BENCH_WORKER === '1'
    ? createWorker({ db: app.db, kind: app.database.kind, logger: app.logger, concurrency: app.database.kind === 'postgres' ? 4 : 1, pollIntervalMs: 200 })
    : null
worker?.start()

const stop = async () => {
  await http.close()
  await worker?.stop()
  await app.close()
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
