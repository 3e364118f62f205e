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

export interface App {
  config: Config
  database: Database
  db: Db
  logger: Logger
  mailer: Mailer
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
