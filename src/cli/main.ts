/**
 * The `daifuku` command line: start the server or the worker, migrate, seed the demo,
 * create users, back up and restore. Errors exit with the code of their kind (platform/errors.ts).
 */
import { Command, CommanderError } from 'commander'
import { backupCommand, migrateCommand, restoreCommand, seedCommand } from './database-commands.ts'
import { reportError } from './output.ts'
import { startCommand, workerCommand } from './server-commands.ts'
import { tenantCreateCommand, userCreateCommand } from './user-commands.ts'

/** Runs a one-shot command and exits; long-running ones (start, worker) keep the process alive. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void>, options: { exits?: boolean } = { exits: true }) {
  return async (...args: A) => {
    try {
      await action(...args)
      if (options.exits) process.exit(0)
    } catch (error) {
      process.exit(reportError(error))
    }
  }
}

const program = new Command()
  .name('daifuku')
  .description('Daifuku CRM. Settings come from the environment (DATABASE_URL, DAIFUKU_DATA_DIR, PORT, …; see README).')
  .showHelpAfterError()
  .exitOverride()

program
  .command('start')
  .description('Apply migrations and start the server (API, web UI and, unless DAIFUKU_ROLE=api, the background worker).')
  .option('--demo-if-empty', 'seed the demo company 大福商事 when the database is empty (npm start does this)')
  .option('-p, --port <port>', 'HTTP port (default: PORT or 3000)')
  .action(run((options: { demoIfEmpty?: boolean; port?: string }) => startCommand(options), { exits: false }))

program
  .command('worker')
  .description('Run only the background worker (jobs, schedules, event delivery).')
  .action(run(() => workerCommand(), { exits: false }))

program.command('migrate').description('Apply pending database migrations and exit.').action(run(() => migrateCommand()))

program
  .command('seed')
  .description('Add sample data to an empty database.')
  .option('--demo', 'the demo company 大福商事株式会社 with teams, users and accounts')
  .action(run((options: { demo?: boolean }) => seedCommand(options)))

const tenant = program.command('tenant').description('Manage tenants.')
tenant
  .command('create')
  .description('Create a tenant with the built-in roles.')
  .requiredOption('--name <name>', 'company name, e.g. "大福商事株式会社"')
  .option('--slug <slug>', 'short id used on the command line, e.g. daifuku')
  .option('--locale <ja|en>', 'default language', 'ja')
  .action(run((options: { name: string; slug?: string; locale?: string }) => tenantCreateCommand(options)))

const user = program.command('user').description('Manage users.')
user
  .command('create')
  .description('Create a user in a tenant with a role, or, if the email exists, set a new password and that role.')
  .requiredOption('--email <email>', 'email address (the sign-in name)')
  .requiredOption('--tenant <slug|id>', 'tenant slug or id, e.g. daifuku-demo')
  .requiredOption('--role <key>', 'role key: admin, manager, sales, marketing, support, readonly, or a custom role key')
  .option('--password <password>', 'at least 10 characters; omit to generate one and print it')
  .option('--name <name>', 'display name (new users; default: the part of the email before @)')
  .action(run((options: { email: string; tenant: string; role: string; password?: string; name?: string }) => userCreateCommand(options)))

program
  .command('backup <file>')
  .description('Write every table to a gzip\'d JSON-lines file (works on PGlite and PostgreSQL; stop the server first on PGlite).')
  .action(run((file: string) => backupCommand(file)))

program
  .command('restore <file>')
  .description('Restore a backup into this database (migrated to the same version) in one transaction.')
  .option('--force', 'replace all data the database already holds')
  .action(run((file: string, options: { force?: boolean }) => restoreCommand(file, options)))

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2)
  process.exit(reportError(error))
}
