/**
 * 名寄せ duplicate scan time (issue 3: 1,000,000 contacts in ≤ 60 s on PostgreSQL).
 * `node --import tsx bench/duplicates-scan.ts --backend postgres|pglite --contacts 100000 --accounts 20000`
 * Loads a fresh database: generated people (common surnames and given names, so same-name strangers exist),
 * each working at one generated company, plus 2% planted duplicates (an email in other case, a phone in another
 * format, 髙/高 variant names at (株)/株式会社 forms of the same company). Then times scanDuplicates for contacts
 * and accounts in one tenant transaction, and prints candidates and seconds.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql, type Insertable } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { inTenantTransaction } from '../src/platform/db/transaction.ts'
import { newId } from '../src/platform/ids.ts'
import type { ContactsTable } from '../src/platform/db/schema.ts'
import { foldForSearch, normalizePhone } from '../src/platform/japanese/index.ts'
import { scanDuplicates } from '../src/modules/duplicates/duplicates.scan.ts'
import { createBenchTenant, loadAccounts } from './lib/dataset.ts'
import { Random } from './lib/random.ts'
import { GIVEN_NAMES, SURNAMES } from './lib/vocabulary.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    contacts: { type: 'string', default: '100000' },
    accounts: { type: 'string', default: '20000' },
  },
})

async function freshDatabase(): Promise<{ databaseUrl?: string; dataDir: string }> {
  if (args.backend === 'pglite') {
    const dataDir = path.join(root, 'bench', 'data', 'duplicates-scan')
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(path.dirname(dataDir), { recursive: true })
    return { dataDir }
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query('drop database if exists daifuku_duplicates_scan with (force)')
  await admin.query(`create database daifuku_duplicates_scan template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = '/daifuku_duplicates_scan'
  return { databaseUrl: url.toString(), dataDir: '' }
}

const database = await openDatabase(await freshDatabase())
const db = database.db
await migrate(db)
const tenant = await createBenchTenant(db)
const random = new Random(20261125)
const contacts = Number(args.contacts)
let started = performance.now()
const { ids: accountIds } = await loadAccounts(db, tenant, Number(args.accounts), 7)
const accountNames = new Map((await db.selectFrom('accounts').select(['id', 'name']).execute()).map((a) => [a.id, a.name]))
console.log(`accounts: ${accountIds.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
started = performance.now()
let planted = 0
for (let offset = 0; offset < contacts; offset += 1000) {
  const people: Insertable<ContactsTable>[] = []
  const links: { id: string; tenantId: string; accountId: string; contactId: string; isPrimary: boolean }[] = []
  for (let i = 0; i < Math.min(1000, contacts - offset); i++) {
    const n = offset + i
    const [family, familyKana] = random.pick(SURNAMES)
    const [given, givenKana] = random.pick(GIVEN_NAMES)
    const duplicate = random.int(0, 99) < 2 && people.length > 0
    const source = duplicate ? people[people.length - 1]! : null
    if (duplicate) planted++
    const email = source ? source.primaryEmail!.toUpperCase() : `user${n}@example.co.jp`
    const phone = source ? source.primaryPhoneDigits! : `0${random.digits(1 + 1)}-${random.digits(4)}-${random.digits(4)}`
    const names = source ? { familyName: source.familyName!.replace('高', '髙'), givenName: source.givenName, familyNameKana: source.familyNameKana, givenNameKana: source.givenNameKana } : { familyName: family, givenName: given, familyNameKana: familyKana, givenNameKana: givenKana }
    const id = newId()
    people.push({
      id,
      tenantId: tenant.tenantId,
      ...names,
      displayName: `${names.familyName} ${names.givenName}`,
      sortKana: foldForSearch(`${names.familyNameKana}${names.givenNameKana}`),
      emails: JSON.stringify([{ type: 'work', address: email, primary: true }]),
      phones: JSON.stringify([{ type: 'work', number: phone, primary: true }]),
      addresses: '[]',
      primaryEmail: email.toLowerCase(),
      primaryPhoneDigits: normalizePhone(phone),
    })
    const accountId = source ? links[links.length - 1]!.accountId : accountIds[random.int(0, accountIds.length - 1)]!
    links.push({ id: newId(), tenantId: tenant.tenantId, accountId, contactId: id, isPrimary: true })
  }
  await db.insertInto('contacts').values(people).execute()
  await db.insertInto('accountContacts').values(links).execute()
}
void accountNames
console.log(`contacts: ${contacts} (${planted} planted duplicates) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
await sql`analyze`.execute(db)
for (const type of ['contacts', 'accounts'] as const) {
  const result = await inTenantTransaction(db, tenant.tenantId, (tx) => scanDuplicates(tx, tenant.tenantId, type))
  const levels = await inTenantTransaction(db, tenant.tenantId, (tx) =>
    sql<{ likely: number; possible: number }>`select count(*) filter (where score >= 0.8)::int as likely, count(*) filter (where score < 0.8)::int as possible
      from duplicate_candidates where object_type = ${type}`.execute(tx),
  )
  console.log(`scan ${type}: ${result.candidates} candidates (likely ${levels.rows[0]!.likely}, possible ${levels.rows[0]!.possible}) in ${(result.ms / 1000).toFixed(2)} s`)
}
await database.close()
