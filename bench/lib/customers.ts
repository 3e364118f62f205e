/**
 * The people, history and purchases of the benchmark tenant: contacts linked to accounts,
 * activities on both, and orders with lines (seasonal, a minority of heavy buyers), all
 * deterministic for a seed and inserted in large multi-row statements.
 */
import type { Insertable } from 'kysely'
import type { Db } from '../../src/platform/db/database.ts'
import type { ActivitiesTable, ContactsTable, SalesDocumentLinesTable, SalesDocumentsTable } from '../../src/platform/db/schema.ts'
import { newId } from '../../src/platform/ids.ts'
import { buildSearchText, foldForSearch, normalizePhone } from '../../src/platform/japanese/index.ts'
import type { BenchTenant } from './dataset.ts'
import { Random } from './random.ts'
import { GIVEN_NAMES, PREFECTURES, SURNAMES } from './vocabulary.ts'

const BATCH = 1_000
/** Statements in flight at once while loading (PostgreSQL uses both cores; PGlite queues them). */
const PARALLEL = 3

const WESTERN_PEOPLE: readonly (readonly [string, string, string, string])[] = [
  ['Smith', 'スミス', 'John', 'ジョン'], ['Brown', 'ブラウン', 'Emily', 'エミリー'], ['Miller', 'ミラー', 'David', 'デビッド'],
  ['Garcia', 'ガルシア', 'Maria', 'マリア'], ['Martin', 'マーティン', 'Paul', 'ポール'], ['Lee', 'リー', 'Grace', 'グレース'],
]
const TITLES = ['部長', '課長', '係長', '主任', '担当', 'マネージャー', '取締役', '代表取締役']
const DEPARTMENTS = ['営業部', '購買部', '情報システム部', '総務部', '経営企画部', '製造部', '物流部']
const TAGS = ['展示会', '重要', 'キーマン', 'セミナー参加', '紹介', '既存顧客']

export interface LoadResult {
  rows: number
  rowsPerSecond: number
}

/** Runs `makeBatch(offset)` inserts for 0..count in batches, a few statements in flight. */
async function inBatches(count: number, batch: number, insert: (offset: number, size: number) => Promise<void>): Promise<LoadResult> {
  const started = performance.now()
  const offsets: number[] = []
  for (let offset = 0; offset < count; offset += batch) offsets.push(offset)
  let next = 0
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < offsets.length) {
        const offset = offsets[next++]!
        await insert(offset, Math.min(batch, count - offset))
      }
    }),
  )
  return { rows: count, rowsPerSecond: Math.round(count / ((performance.now() - started) / 1000)) }
}

/** One synthetic person (90% Japanese with readings, 10% Western with katakana readings). */
export function generateContact(random: Random, tenant: BenchTenant, n: number): Insertable<ContactsTable> {
  let family: string, familyKana: string, given: string, givenKana: string, displayName: string
  if (random.chance(0.9)) {
    ;[family, familyKana] = random.pick(SURNAMES)
    ;[given, givenKana] = random.pick(GIVEN_NAMES)
    displayName = `${family} ${given}`
  } else {
    ;[family, familyKana, given, givenKana] = random.pick(WESTERN_PEOPLE)
    displayName = `${given} ${family}`
  }
  const place = random.pick(PREFECTURES)
  const phone = `${place[2]}-${random.digits(4 - (place[2].length - 2))}-${random.digits(4)}`
  const mobile = `090-${random.digits(4)}-${random.digits(4)}`
  const email = `user${n}@example.co.jp`
  const owner = random.int(0, tenant.ownerIds.length - 1)
  const tags = random.chance(0.3) ? [random.pick(TAGS)] : []
  return {
    id: newId(),
    tenantId: tenant.tenantId,
    familyName: family,
    givenName: given,
    familyNameKana: familyKana,
    givenNameKana: givenKana,
    displayName,
    sortKana: foldForSearch(`${familyKana} ${givenKana}`),
    emails: JSON.stringify([{ type: 'work', address: email, primary: true }]),
    phones: JSON.stringify([
      { type: 'work', number: phone, primary: true },
      { type: 'mobile', number: mobile, primary: false },
    ]),
    addresses: JSON.stringify([{ type: 'work', country: 'JP', postalCode: `${random.digits(3)}-${random.digits(4)}`, prefecture: place[0], city: place[1], street: `${random.int(1, 9)}-${random.int(1, 30)}-${random.int(1, 20)}`, building: null, region: null, line1: null, line2: null, primary: true }]),
    primaryEmail: email,
    primaryPhoneDigits: normalizePhone(phone),
    department: random.pick(DEPARTMENTS),
    title: random.pick(TITLES),
    ownerId: tenant.ownerIds[owner]!,
    teamId: tenant.teamIds[owner % tenant.teamIds.length]!,
    tags: tags as unknown as string[],
    // As the contacts service writes it.
    searchText: buildSearchText([displayName, `${family}${given}`, family, given, `${familyKana}${givenKana}`, familyKana, givenKana, email, phone, mobile, ...tags]),
    createdBy: tenant.adminUserId,
  }
}

/** Contacts, 85% of them working at one of the accounts (a primary link). */
export async function loadContacts(db: Db, tenant: BenchTenant, accountIds: string[], count: number, seed: number): Promise<LoadResult & { ids: string[]; employer: Map<string, string> }> {
  const random = new Random(seed)
  const ids: string[] = new Array(count)
  const employer = new Map<string, string>()
  const result = await inBatches(count, BATCH, async (offset, size) => {
    const contacts = Array.from({ length: size }, (_, i) => generateContact(random, tenant, offset + i))
    const links = contacts.flatMap((c) => {
      if (!random.chance(0.85)) return []
      const accountId = accountIds[random.int(0, accountIds.length - 1)]!
      employer.set(c.id as string, accountId)
      return [{ id: newId(), tenantId: tenant.tenantId, accountId, contactId: c.id as string, title: c.title ?? null, isPrimary: true }]
    })
    contacts.forEach((c, i) => (ids[offset + i] = c.id as string))
    await db.insertInto('contacts').values(contacts).execute()
    if (links.length) await db.insertInto('accountContacts').values(links).execute()
  })
  return { ...result, ids, employer }
}

const CALL_SUBJECTS = ['定例の電話', '見積もりのご相談', '納期確認', '新製品のご案内', 'ご契約内容の確認', 'お問い合わせ対応']
const MEETING_SUBJECTS = ['定例打ち合わせ', '製品デモ', '要件ヒアリング', '提案説明', '契約更新のご相談']

/** Activities over the last two years on contacts (and their companies): calls, meetings, notes, tasks, emails. */
export async function loadActivities(db: Db, tenant: BenchTenant, contactIds: string[], employer: Map<string, string>, count: number, seed: number): Promise<LoadResult> {
  const random = new Random(seed)
  const now = Date.UTC(2026, 10, 30)
  return inBatches(count, BATCH, async (_offset, size) => {
    const rows: Insertable<ActivitiesTable>[] = Array.from({ length: size }, () => {
      const contactId = contactIds[random.int(0, contactIds.length - 1)]!
      const owner = random.int(0, tenant.ownerIds.length - 1)
      const at = new Date(now - random.int(0, 730 * 24) * 3_600_000)
      const roll = random.next()
      const kind: ActivitiesTable['kind'] = roll < 0.35 ? 'call' : roll < 0.55 ? 'meeting' : roll < 0.75 ? 'note' : roll < 0.9 ? 'task' : 'email'
      const base = {
        id: newId(),
        tenantId: tenant.tenantId,
        kind,
        ownerId: tenant.ownerIds[owner]!,
        teamId: tenant.teamIds[owner % tenant.teamIds.length]!,
        contactId,
        accountId: employer.get(contactId) ?? null,
        createdBy: tenant.ownerIds[owner]!,
        createdAt: at,
        updatedAt: at,
      }
      switch (kind) {
        case 'call':
          return { ...base, subject: random.pick(CALL_SUBJECTS), direction: random.chance(0.6) ? 'outbound' : 'inbound', durationSeconds: random.int(60, 1800), startsAt: at }
        case 'meeting':
          return { ...base, subject: random.pick(MEETING_SUBJECTS), startsAt: at, endsAt: new Date(at.getTime() + 3_600_000), place: '先方会議室' }
        case 'task':
          return { ...base, subject: '見積書を送付する', dueAt: at, assigneeId: base.ownerId, priority: 'normal', status: at.getTime() < now - 7 * 86_400_000 ? 'done' : 'open' }
        case 'email':
          return { ...base, subject: 'お見積もりの件', emailFrom: 'sales@bench.local', emailTo: 'user@example.co.jp', sentAt: at, body: 'いつもお世話になっております。' }
        default:
          return { ...base, subject: '商談メモ', body: '先方の課題と次回までの宿題を記録。' }
      }
    })
    await db.insertInto('activities').values(rows).execute()
  })
}

const MONTH_WEIGHTS = [0.8, 0.9, 1.5, 1.0, 0.9, 1.1, 1.0, 0.8, 1.2, 1.0, 1.1, 1.6] // 決算期の3月と年末に山

/**
 * Orders over three years: 60% of the accounts buy; a heavy tail of frequent buyers;
 * order dates follow a seasonal curve. Each order has 1–7 lines (4 on average).
 */
export async function loadOrders(db: Db, tenant: BenchTenant, accountIds: string[], orderLines: number, seed: number): Promise<LoadResult & { orders: number }> {
  const random = new Random(seed)
  const buyers = accountIds.filter(() => random.chance(0.6))
  const orders = Math.ceil(orderLines / 4)
  const monthCdf = MONTH_WEIGHTS.map((_, i) => MONTH_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0) / MONTH_WEIGHTS.reduce((a, b) => a + b, 0))
  let lines = 0
  const result = await inBatches(orders, 500, async (offset, size) => {
    const documents: Insertable<SalesDocumentsTable>[] = []
    const documentLines: Insertable<SalesDocumentLinesTable>[] = []
    for (let i = 0; i < size; i++) {
      // Squaring the roll favours the first buyers: a few accounts place many of the orders.
      const accountId = buyers[Math.floor(random.next() ** 2 * buyers.length)]!
      const monthRoll = random.next()
      const month = monthCdf.findIndex((c) => monthRoll < c)
      const day = `${2024 + random.int(0, 2)}-${String(month + 1).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`
      const owner = random.int(0, tenant.ownerIds.length - 1)
      const id = newId()
      const lineCount = random.int(1, 7)
      let subtotal = 0
      for (let position = 1; position <= lineCount; position++) {
        const quantity = random.int(1, 20)
        const unitPrice = Math.round(random.logNormal(8_000, 1)) + 100
        const reduced = random.chance(0.15)
        subtotal += quantity * unitPrice
        documentLines.push({ id: newId(), tenantId: tenant.tenantId, documentId: id, position, description: reduced ? '飲料 (軽減税率)' : '消耗品', quantity: String(quantity), unitPrice: String(unitPrice), taxCategory: reduced ? 'reduced' : 'standard', amount: String(quantity * unitPrice) })
      }
      const tax = Math.floor(subtotal * 0.1)
      documents.push({
        id,
        tenantId: tenant.tenantId,
        kind: 'order',
        number: `BO-${offset + i + 1}`,
        status: random.chance(0.03) ? 'cancelled' : 'fulfilled',
        accountId,
        recipientName: '御中',
        issueDate: day,
        subtotal: String(subtotal),
        taxTotal: String(tax),
        total: String(subtotal + tax),
        ownerId: tenant.ownerIds[owner]!,
        teamId: tenant.teamIds[owner % tenant.teamIds.length]!,
        createdBy: tenant.adminUserId,
      })
    }
    lines += documentLines.length
    await db.insertInto('salesDocuments').values(documents).execute()
    for (let at = 0; at < documentLines.length; at += BATCH) await db.insertInto('salesDocumentLines').values(documentLines.slice(at, at + BATCH)).execute()
  })
  return { ...result, orders, rows: lines, rowsPerSecond: Math.round((lines / orders) * result.rowsPerSecond) }
}
