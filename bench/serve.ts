/**
 * The server the benchmark measures: the real app and HTTP stack, configured from the
 * environment like `daifuku start`, without the demo seed.
 */
import { createApp, createHttpServer } from '../src/app.ts'

const app = await createApp()
const http = await createHttpServer(app)
await http.listen({ host: app.config.host, port: app.config.port })

const stop = async () => {
  await http.close()
  await app.close()
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
