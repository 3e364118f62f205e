/** `daifuku migrate | seed | backup | restore`: one-shot commands on the configured database. */
import { createApp, type App, type CreateAppOptions } from '../app.ts'
import { seedDemo, type DemoSeedResult } from '../modules/demo/index.ts'
import { backupDatabase, restoreDatabase } from '../platform/db/backup.ts'
import { migrate } from '../platform/db/migrate.ts'
import { loadConfig } from '../platform/config.ts'
import { createLogger } from '../platform/logger.ts'
import { invalid } from '../platform/errors.ts'
import { say } from './output.ts'

/** Opens the app quietly (warnings only) for a one-shot command, and always closes it. */
export async function withApp<T>(work: (app: App) => Promise<T>, options: CreateAppOptions = {}): Promise<T> {
  const config = loadConfig()
  const app = await createApp({ config, logger: createLogger(process.env.LOG_LEVEL ?? 'warn'), ...options })
  try {
    return await work(app)
  } finally {
    await app.close()
  }
}

export function describeDatabase(app: App): string {
  return app.database.kind === 'pglite' ? `PGlite (embedded), ${app.database.location}` : `PostgreSQL, ${app.database.location}`
}

export async function migrateCommand(): Promise<void> {
  await withApp(
    async (app) => {
      const result = await migrate(app.db)
      if (result.applied.length === 0) say(`Database is up to date (${result.alreadyApplied} migrations applied). — ${describeDatabase(app)}`)
      else {
        say(`Applied ${result.applied.length} migration(s) to ${describeDatabase(app)}:`)
        for (const name of result.applied) say(`  ${name}`)
      }
    },
    { migrate: false },
  )
}

export function printDemoCredentials(seeded: DemoSeedResult): void {
  say('')
  say(`  デモ企業「${seeded.tenantName}」を作成しました。 Demo company created.`)
  say(`  ログイン / Sign in:  ${seeded.adminEmail}`)
  say(`  パスワード / Password: ${seeded.password}`)
  say('  このパスワードは今回だけ表示されます。他のデモユーザー（suzuki@, takahashi@, tanaka@, ito@, watanabe@, yamamoto@daifuku.local）も同じパスワードです。')
  say('  Shown only this once; every demo user has the same password. To set a new one:')
  say(`    npx daifuku user create --email ${seeded.adminEmail} --tenant daifuku-demo --role admin`)
  say('')
}

export async function seedCommand(options: { demo?: boolean }): Promise<void> {
  if (!options.demo) throw invalid('Say what to seed: `daifuku seed --demo` adds the demo company to an empty database.')
  await withApp(async (app) => {
    const seeded = await seedDemo(app.db)
    printDemoCredentials(seeded)
  })
}

export async function backupCommand(file: string): Promise<void> {
  await withApp(
    async (app) => {
      const started = Date.now()
      const result = await backupDatabase(app.db, app.database.kind, file)
      const rows = Object.values(result.tables).reduce((a, b) => a + b, 0)
      say(`Backed up ${rows} rows from ${Object.keys(result.tables).length} tables (${describeDatabase(app)}) to ${file} in ${Date.now() - started} ms.`)
    },
    { migrate: false },
  )
}

export async function restoreCommand(file: string, options: { force?: boolean }): Promise<void> {
  // Migrating first turns an empty data directory or database into one the backup fits.
  await withApp(async (app) => {
    const started = Date.now()
    const result = await restoreDatabase(app.db, file, { force: options.force })
    const rows = Object.values(result.tables).reduce((a, b) => a + b, 0)
    say(`Restored ${rows} rows into ${Object.keys(result.tables).length} tables (${describeDatabase(app)}) in ${Date.now() - started} ms.`)
  })
}
