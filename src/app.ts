/**
 * Composition root: opens the database, applies migrations, and wires the mailer,
 * the HTTP server and the background worker. The CLI and the tests start here.
 */
import { loadConfig, type Config } from './platform/config.ts'
import { openDatabase, type Database, type Db } from './platform/db/database.ts'
import { migrate } from './platform/db/migrate.ts'
import { buildHttpServer } from './platform/http/server.ts'
import type { HttpServer } from './platform/http/types.ts'
import { createLogger, type Logger } from './platform/logger.ts'
import { createMailer, type Mailer } from './platform/mail/mailer.ts'
import { routeRegistrars } from './modules/routes.ts'
import { createWorker, type Worker, type WorkerOptions } from './platform/jobs/index.ts'

export interface App {
  config: Config
  database: Database
  db: Db
  logger: Logger
  mailer: Mailer
  /** Set when shutdown begins, so /ready turns 503 while requests drain. */
  state: { shuttingDown: boolean }
  close(): Promise<void>
}

export interface CreateAppOptions {
  config?: Config
  logger?: Logger
  mailer?: Mailer
  /** Skip migrations (the CLI's backup/restore open the database as it is). */
  migrate?: boolean
}

export async function createApp(options: CreateAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig()
  const logger = options.logger ?? createLogger(config.logLevel)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize })
  try {
    if (options.migrate !== false) {
      const result = await migrate(database.db)
      if (result.applied.length > 0) logger.info({ applied: result.applied }, 'migrations applied')
    }
  } catch (error) {
    await database.close()
    throw error
  }
  const closers: (() => Promise<void>)[] = []
  const app: App = {
    config,
    database,
    db: database.db,
    logger,
    mailer: options.mailer ?? createMailer(config.smtp, logger),
    state: { shuttingDown: false },
    close: async () => {
      for (const close of closers.reverse()) await close()
      await database.close()
    },
  }
  return app
}

/** The HTTP server with every module's routes, ready for `listen` or `inject`. */
export function createHttpServer(app: App): Promise<HttpServer> {
  return buildHttpServer(app, routeRegistrars)
}

export interface RunningServer {
  /** Null when this process runs only the worker. */
  http: HttpServer | null
  worker: Worker | null
  /** http://host:port actually bound (port 0 in tests picks a free one). */
  url: string | null
  /** Stop accepting, drain requests, stop the worker, close the database. Safe to call twice. */
  shutdown(reason?: string): Promise<void>
}

export interface StartServerOptions {
  /** Exit the process on SIGINT/SIGTERM after a clean shutdown (the CLI); tests leave this off. */
  handleSignals?: boolean
  /** Override the worker (tests). */
  worker?: Partial<WorkerOptions>
}

/**
 * Runs what config.role asks for: the HTTP server (all|api) and the job worker (all|worker).
 * On SIGINT/SIGTERM it shuts down in order and exits 0; a second signal exits at once.
 */
export async function startServer(app: App, options: StartServerOptions = {}): Promise<RunningServer> {
  const { config, logger } = app
  let http: HttpServer | null = null
  let worker: Worker | null = null
  let url: string | null = null
  if (config.role === 'all' || config.role === 'api') {
    http = await createHttpServer(app)
    url = await http.listen({ host: config.host, port: config.port })
  }
  if (config.role === 'all' || config.role === 'worker') {
    worker = createWorker({
      db: app.db,
      kind: app.database.kind,
      logger,
      // PGlite has one connection: a second loop would only queue behind the first.
      concurrency: app.database.kind === 'postgres' ? 4 : 1,
      ...options.worker,
    })
    worker.start()
  }

  let closing: Promise<void> | null = null
  const shutdown = (reason = 'shutdown') => {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down: draining requests and jobs')
      app.state.shuttingDown = true
      // Fastify stops accepting, answers 503 to requests arriving on open connections and
      // waits for the ones in flight.
      if (http) await http.close()
      if (worker) await worker.stop()
      await app.close()
      logger.info('stopped')
    })()
    return closing
  }

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        logger.warn({ signal }, 'second signal: exiting without waiting')
        process.exit(1)
      }
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }
  return { http, worker, url, shutdown }
}
