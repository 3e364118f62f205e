/**
 * Builds the benchmark tenant: an admin with an API token, a sales force in teams,
 * and the customer data of the chosen scale, inserted in large batches.
 */
import type { Insertable } from 'kysely'
import { inSystemTransaction } from '../../src/platform/db/transaction.ts'
import type { Db } from '../../src/platform/db/database.ts'
import type { AccountsTable, DealsTable } from '../../src/platform/db/schema.ts'
import { newApiToken } from '../../src/platform/auth/credentials.ts'
import { newId } from '../../src/platform/ids.ts'
import { buildSearchText } from '../../src/platform/japanese/index.ts'
import { addMembership, createTenant, createUserAccount } from '../../src/modules/tenancy/index.ts'
// Every module registers its tenant initialisers (e.g. the default pipeline) when imported.
import '../../src/modules/routes.ts'
import { Random } from './random.ts'
import {
  COMPANY_KINDS,
  COMPANY_STEMS,
  LEGAL_FORMS,
  PREFECTURES,
  WESTERN_COMPANIES,
  WESTERN_SUFFIXES,
} from './vocabulary.ts'

export interface Scale {
  name: 'small' | 'medium' | 'large'
  accounts: number
  contacts: number
  activities: number
  /** Deals in the default pipeline; OPEN_DEALS of them open, the rest won or lost. */
  deals: number
  /** Order lines (about 4 per order), the purchase history of RFM and CLV. */
  orderLines: number
  /** Rows of the CSV file the contacts.import operation imports (into a database of its own). */
  importRows: number
  /** Seconds each HTTP scenario runs after its warm-up. */
  seconds: number
  warmupSeconds: number
}

export const SCALES: Record<Scale['name'], Scale> = {
  small: { name: 'small', accounts: 5_000, contacts: 20_000, activities: 50_000, deals: 12_000, orderLines: 40_000, importRows: 5_000, seconds: 3, warmupSeconds: 1 },
  medium: { name: 'medium', accounts: 20_000, contacts: 100_000, activities: 500_000, deals: 100_000, orderLines: 1_000_000, importRows: 100_000, seconds: 10, warmupSeconds: 2 },
  large: { name: 'large', accounts: 200_000, contacts: 1_000_000, activities: 5_000_000, deals: 1_000_000, orderLines: 10_000_000, importRows: 1_000_000, seconds: 20, warmupSeconds: 3 },
}

export interface BenchTenant {
  tenantId: string
  adminUserId: string
  apiToken: string
  ownerIds: string[]
  teamIds: string[]
}

const SALES_REPS = 20

export async function createBenchTenant(db: Db): Promise<BenchTenant> {
  return inSystemTransaction(db, async (tx) => {
    const tenant = await createTenant(tx, { name: 'ベンチマーク株式会社', slug: `bench-${newId().slice(-12)}` })
    const adminUserId = await createUserAccount(tx, {
      email: `bench-admin-${newId().slice(-12)}@bench.local`,
      name: 'ベンチ管理者',
      password: 'benchmark-password-not-secret',
    })
    await addMembership(tx, { tenantId: tenant.id, userId: adminUserId, roleKey: 'admin' })
    const adminRole = await tx
      .selectFrom('roles')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .where('key', '=', 'admin')
      .executeTakeFirstOrThrow()
    const token = newApiToken()
    await tx
      .insertInto('apiTokens')
      .values({ id: newId(), tenantId: tenant.id, userId: adminUserId, roleId: adminRole.id, name: 'bench', prefix: token.prefix, tokenHash: token.hash })
      .execute()

    const teamIds = ['東京営業課', '大阪営業課', '名古屋営業課', '福岡営業課'].map(() => newId())
    await tx
      .insertInto('teams')
      .values(teamIds.map((id, i) => ({ id, tenantId: tenant.id, name: ['東京営業課', '大阪営業課', '名古屋営業課', '福岡営業課'][i]! })))
      .execute()
    // Sales reps share one password hash: hashing 20 times would only slow the set-up.
    const ownerIds: string[] = []
    const userRows = Array.from({ length: SALES_REPS }, (_, i) => ({ id: newId(), email: `rep${i}-${newId().slice(-8)}@bench.local`, name: `営業 ${i + 1}` }))
    const passwordHash = await tx.selectFrom('users').select('passwordHash').where('id', '=', adminUserId).executeTakeFirstOrThrow()
    await tx.insertInto('users').values(userRows.map((u) => ({ ...u, passwordHash: passwordHash.passwordHash }))).execute()
    for (const [i, user] of userRows.entries()) {
      await addMembership(tx, { tenantId: tenant.id, userId: user.id, roleKey: 'sales', teamId: teamIds[i % teamIds.length]! })
      ownerIds.push(user.id)
    }
    return { tenantId: tenant.id, adminUserId, apiToken: token.token, ownerIds, teamIds }
  })
}

/** One synthetic account. Deterministic for a given random state. */
export function generateAccount(random: Random, tenant: BenchTenant, index: number): Insertable<AccountsTable> {
  const ownerIndex = random.int(0, tenant.ownerIds.length - 1)
  const place = random.pick(PREFECTURES)
  let name: string
  let nameKana: string | null
  let industry: string
  if (random.chance(0.9)) {
    const [stem, stemKana] = random.pick(COMPANY_STEMS)
    const [kind, kindKana, kindIndustry] = random.pick(COMPANY_KINDS)
    const legal = random.pick(LEGAL_FORMS)
    // A serial keeps names distinct enough for realistic search selectivity.
    const branch = index % 97 === 0 ? '' : String(index)
    name = random.chance(0.7) ? `${legal}${stem}${kind}${branch}` : `${stem}${kind}${branch}${legal}`
    nameKana = `${stemKana}${kindKana}`
    industry = kindIndustry
  } else {
    name = `${random.pick(WESTERN_COMPANIES)} ${random.pick(['Japan', 'Asia', 'Trading', 'Systems'])} ${index} ${random.pick(WESTERN_SUFFIXES)}`
    nameKana = null
    industry = 'サービス業'
  }
  const phone = `${place[2]}-${random.digits(4 - (place[2].length - 2))}-${random.digits(4)}`
  const email = `info${index}@example.co.jp`
  return {
    id: newId(),
    tenantId: tenant.tenantId,
    name,
    nameKana,
    industry,
    phone,
    email,
    // As the accounts service writes it (otherwise the SQL trigger computes it, slowly).
    searchText: buildSearchText([name, nameKana, phone, email]),
    website: `https://www${index}.example.co.jp`,
    annualRevenue: Math.round(random.logNormal(300_000_000, 1.5)),
    employeeCount: Math.max(1, Math.round(random.logNormal(80, 1.3))),
    notes: random.chance(0.3) ? `${place[0]}${place[1]}の取引先。展示会で名刺交換。` : null,
    ownerId: tenant.ownerIds[ownerIndex]!,
    teamId: tenant.teamIds[ownerIndex % tenant.teamIds.length]!,
    createdBy: tenant.adminUserId,
  }
}

const BATCH = 1_000

/** Inserts `count` accounts in batches; returns rows per second. */
export async function loadAccounts(db: Db, tenant: BenchTenant, count: number, seed: number): Promise<{ rows: number; rowsPerSecond: number; ids: string[] }> {
  const random = new Random(seed)
  const ids: string[] = []
  const started = performance.now()
  for (let offset = 0; offset < count; offset += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - offset) }, (_, i) => generateAccount(random, tenant, offset + i))
    await db.insertInto('accounts').values(rows).execute()
    for (const row of rows) ids.push(row.id as string)
  }
  const seconds = (performance.now() - started) / 1000
  return { rows: count, rowsPerSecond: Math.round(count / seconds), ids }
}

/** The board figure of the SFA issue: one pipeline holding this many open deals. */
export const OPEN_DEALS = 10_000

const DEAL_TOPICS = ['基幹システム更改', '生産管理刷新', '営業支援ツール導入', '物流センター新設', 'コールセンター刷新', 'EC 基盤構築', '研修プログラム', '保守契約更新', 'ライセンス追加', 'セキュリティ診断']

export interface LoadedDeals {
  rows: number
  rowsPerSecond: number
  pipelineId: string
  openStageIds: string[]
}

/**
 * Deals of the default pipeline: the first OPEN_DEALS spread over its open stages (more in
 * the early ones, as in life), the rest closed as won or lost.
 */
export async function loadDeals(db: Db, tenant: BenchTenant, accountIds: string[], count: number, seed: number): Promise<LoadedDeals> {
  const random = new Random(seed)
  const stages = await db
    .selectFrom('pipelineStages as s')
    .innerJoin('pipelines as p', 'p.id', 's.pipelineId')
    .select(['s.id', 's.kind', 's.pipelineId'])
    .where('p.tenantId', '=', tenant.tenantId)
    .where('p.isDefault', '=', true)
    .orderBy('s.position')
    .execute()
  const open = stages.filter((s) => s.kind === 'open')
  const won = stages.find((s) => s.kind === 'won')!
  const lost = stages.find((s) => s.kind === 'lost')!
  const pipelineId = stages[0]!.pipelineId
  const positions = new Map<string, number>()
  const started = performance.now()
  for (let offset = 0; offset < count; offset += BATCH) {
    const rows: Insertable<DealsTable>[] = []
    for (let i = offset; i < Math.min(offset + BATCH, count); i++) {
      const isOpen = i < OPEN_DEALS
      // Early stages hold more deals: weights 5:4:3:2:1 over the open stages.
      const stage = isOpen ? open[weightedStage(random, open.length)]! : random.chance(0.35) ? won : lost
      const position = (positions.get(stage.id) ?? 0) + 1024
      positions.set(stage.id, position)
      const ownerIndex = random.int(0, tenant.ownerIds.length - 1)
      // Open deals are expected to close over the next two years; closed ones closed over the
      // last three (a closed deal dated in the future would crowd the board's 90-day window).
      const close = isOpen ? new Date(Date.UTC(2026, 0, 1) + random.int(0, 730) * 86_400_000) : new Date(Date.UTC(2023, 11, 1) + random.int(0, 1095) * 86_400_000)
      rows.push({
        id: newId(),
        tenantId: tenant.tenantId,
        name: `${random.pick(DEAL_TOPICS)} ${i}`,
        pipelineId,
        stageId: stage.id,
        status: stage.kind,
        amount: Math.round(random.logNormal(3_000_000, 1.2)),
        currency: 'JPY',
        expectedCloseDate: close.toISOString().slice(0, 10),
        accountId: accountIds[random.int(0, accountIds.length - 1)]!,
        boardPosition: position,
        closedAt: isOpen ? null : close,
        ownerId: tenant.ownerIds[ownerIndex]!,
        teamId: tenant.teamIds[ownerIndex % tenant.teamIds.length]!,
        createdBy: tenant.adminUserId,
      })
    }
    await db.insertInto('deals').values(rows).execute()
  }
  const seconds = (performance.now() - started) / 1000
  return { rows: count, rowsPerSecond: Math.round(count / seconds), pipelineId, openStageIds: open.map((s) => s.id) }
}

function weightedStage(random: Random, stages: number): number {
  const weights = Array.from({ length: stages }, (_, i) => stages - i)
  let roll = random.next() * weights.reduce((a, b) => a + b, 0)
  for (const [i, w] of weights.entries()) {
    roll -= w
    if (roll < 0) return i
  }
  return stages - 1
}
