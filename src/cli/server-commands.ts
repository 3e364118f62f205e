/** `daifuku start` and `daifuku worker`: long-running processes that stop cleanly on SIGINT/SIGTERM. */
import { createApp, startServer } from '../app.ts'
import { isDatabaseEmpty, seedDemo, type DemoSeedResult } from '../modules/demo/index.ts'
import { loadConfig, type Config } from '../platform/config.ts'
import { createLogger } from '../platform/logger.ts'
import { printDemoCredentials } from './database-commands.ts'
import { say } from './output.ts'

export interface StartOptions {
  /** Seed the demo company when the database is empty (npm start does). */
  demoIfEmpty?: boolean
  port?: string
}

export async function startCommand(options: StartOptions, role?: Config['role']): Promise<void> {
  const started = Date.now()
  const config = loadConfig(process.env, {
    ...(options.port ? { port: Number.parseInt(options.port, 10) } : {}),
    ...(role ? { role } : {}),
  })
  if (options.port && !options.port.includes(':') && !process.env.DAIFUKU_PUBLIC_URL) config.publicUrl = `http://localhost:${config.port}`
  const app = await createApp({ config, logger: createLogger(config.logLevel) })
  let seeded: DemoSeedResult | null = null
  let empty = false
  try {
    if (await isDatabaseEmpty(app.db)) {
      if (options.demoIfEmpty) seeded = await seedDemo(app.db)
      else empty = true
    }
  } catch (error) {
    await app.close()
    throw error
  }
  let server
  try {
    server = await startServer(app, { handleSignals: true })
  } catch (error) {
    await app.close()
    throw error
  }
  const role_ = config.role === 'all' ? 'API, web UI and background worker' : config.role === 'api' ? 'API and web UI (no worker)' : 'background worker only'
  say('')
  say(`  Daifuku is running (${role_}) — ready in ${Date.now() - started} ms`)
  if (server.url) say(`  URL:        ${config.publicUrl}${server.url.includes('127.0.0.1') || server.url.includes('localhost') ? '' : `  (listening on ${server.url})`}`)
  if (app.database.kind === 'pglite') {
    say('  Database:   PGlite (embedded PostgreSQL)')
    say(`  Data dir:   ${config.dataDir}`)
  } else say(`  Database:   PostgreSQL ${app.database.location.replace(/^postgres:\/\//, '')}`)
  if (seeded) printDemoCredentials(seeded)
  else if (empty) {
    say('')
    say('  The database is empty. Add the demo company with `npx daifuku seed --demo`, or create your own:')
    say('    npx daifuku tenant create --name "Your Company" --slug your-company')
    say('    npx daifuku user create --tenant your-company --role admin --email you@example.com')
  }
  say('  Stop with Ctrl+C.')
  say('')
}

export function workerCommand(): Promise<void> {
  return startCommand({}, 'worker')
}
