/**
 * 名寄せ (duplicates): the queue of candidate pairs, "not a duplicate", the check before saving and the scan job.
 * The merge itself is duplicates.merge.ts.
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { inTenantTransaction, type Tx } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { enqueueJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { foldForSearch, normalizeCompanyName, normalizeEmail, normalizePersonName, normalizePhone } from '../../platform/japanese/index.ts'
import { scanDuplicates } from './duplicates.scan.ts'
import type { DuplicateCandidate, DuplicateCheckQuery, DuplicateCheckResult, DuplicateListQuery, DuplicateScanStatus } from './duplicates.schema.ts'
import { type DuplicateObject, levelOf, type MatchInput, POSSIBLE_THRESHOLD, scorePair } from './match.ts'

export const DUPLICATE_SCAN_JOB = 'duplicates.scan'

interface Summary {
  id: string
  name: string
  detail: string | null
}

async function summaries(ctx: ServiceContext, type: DuplicateObject, ids: string[]): Promise<Map<string, Summary>> {
  if (ids.length === 0) return new Map()
  if (type === 'accounts') {
    const rows = await ctx.tx.selectFrom('accounts').select(['id', 'name', 'phone', 'email']).where('id', 'in', ids).execute()
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, detail: [r.phone, r.email].filter(Boolean).join(' / ') || null }]))
  }
  const rows = await ctx.tx.selectFrom('contacts').select(['id', 'displayName', 'primaryEmail', 'primaryPhoneDigits']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.displayName, detail: [r.primaryEmail, r.primaryPhoneDigits].filter(Boolean).join(' / ') || null }]))
}

/** The queue, best score first. Pairs whose records no longer exist are left out. */
export async function listDuplicateCandidates(ctx: ServiceContext, query: DuplicateListQuery): Promise<Page<DuplicateCandidate>> {
  authorize(ctx, query.type, 'read')
  const after = decodeCursor(query.cursor, 2)
  let q = ctx.tx
    .selectFrom('duplicateCandidates')
    .selectAll()
    .where('objectType', '=', query.type)
    .where('status', '=', query.status)
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(query.limit + 1)
  if (after) {
    const [score, id] = [Number(after[0]), String(after[1])]
    q = q.where((eb) => eb.or([eb('score', '<', score), eb.and([eb('score', '=', score), eb('id', '>', id)])]))
  }
  const rows = await q.execute()
  const page = toPage(rows, query.limit, (row) => [row.score, row.id])
  const names = await summaries(ctx, query.type, page.data.flatMap((r) => [r.recordA, r.recordB]))
  const data: DuplicateCandidate[] = []
  for (const row of page.data) {
    const a = names.get(row.recordA)
    const b = names.get(row.recordB)
    if (!a || !b) continue
    data.push({ id: row.id, type: row.objectType, score: row.score, level: levelOf(row.score), reasons: row.reasons, status: row.status, a, b })
  }
  return { data, nextCursor: page.nextCursor }
}

/** "Not a duplicate": the pair stays dismissed; later scans leave it alone. */
export async function dismissDuplicateCandidate(ctx: ServiceContext, id: string): Promise<void> {
  const row = await ctx.tx.selectFrom('duplicateCandidates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound('Duplicate candidate')
  authorize(ctx, row.objectType, 'update')
  if (row.status !== 'open') throw invalid('Only an open pair can be dismissed.', [{ path: 'id', message: `The pair is ${row.status}.` }])
  await ctx.tx.updateTable('duplicateCandidates').set({ status: 'dismissed', decidedBy: ctx.actor.userId, decidedAt: new Date(), updatedAt: new Date() }).where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: row.objectType, objectId: row.recordA, action: 'dismiss_duplicate', changes: { notDuplicateOf: { before: null, after: row.recordB } } })
}

/** Loads what the engine compares, for the given records. */
export async function loadMatchInputs(ctx: { tx: Tx }, type: DuplicateObject, ids: string[]): Promise<MatchInput[]> {
  if (ids.length === 0) return []
  if (type === 'accounts') {
    const rows = await ctx.tx.selectFrom('accounts').select(['id', 'name', 'nameKana', 'email', 'phone']).where('id', 'in', ids).execute()
    return rows.map((r) => ({ id: r.id, name: r.name, kana: r.nameKana, emails: [r.email], phones: [r.phone] }))
  }
  const rows = await ctx.tx
    .selectFrom('contacts')
    .select(['id', 'familyName', 'givenName', 'displayName', 'familyNameKana', 'givenNameKana', 'emails', 'phones'])
    .where('id', 'in', ids)
    .execute()
  const links = await ctx.tx
    .selectFrom('accountContacts')
    .innerJoin('accounts', 'accounts.id', 'accountContacts.accountId')
    .select(['accountContacts.contactId', 'accounts.name'])
    .where('accountContacts.contactId', 'in', ids)
    .where('accountContacts.endedOn', 'is', null)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: `${r.familyName ?? ''}${r.givenName ?? ''}` || r.displayName,
    kana: `${r.familyNameKana ?? ''}${r.givenNameKana ?? ''}`,
    emails: r.emails.map((e) => e.address),
    phones: r.phones.map((p) => p.number),
    companies: links.filter((l) => l.contactId === r.id).map((l) => l.name),
  }))
}

/** What the index lookup needs to find records like one being entered (or just saved). */
export interface SimilarProbe {
  name?: string | null
  kana?: string | null
  emails?: ReadonlyArray<string | null>
  phones?: ReadonlyArray<string | null>
}

/**
 * Ids of records sharing an indexed key with the probe (folded name, reading, company name, primary email / phone).
 * The tenant is named explicitly so the same lookup serves a request (RLS) and the event handler (system transaction).
 */
export async function findSimilarIds(tx: Tx, tenantId: string, type: DuplicateObject, probe: SimilarProbe): Promise<string[]> {
  const emails = [...new Set((probe.emails ?? []).map((e) => normalizeEmail(e)).filter(Boolean))]
  const phones = [...new Set((probe.phones ?? []).map((p) => normalizePhone(p)).filter((p) => p.length >= 6))]
  if (type === 'accounts') {
    const company = normalizeCompanyName(probe.name)
    const rows = await tx
      .selectFrom('accounts')
      .select('id')
      .where('tenantId', '=', tenantId)
      .where((eb) =>
        eb.or([
          ...(company ? [eb(sql`match_company`, '=', company)] : []),
          ...emails.map((email) => eb(sql`daifuku_email_key(email)`, '=', email)),
          ...phones.map((phone) => eb(sql`daifuku_phone_digits(phone)`, '=', phone)),
          eb.val(false),
        ]),
      )
      .limit(50)
      .execute()
    return rows.map((r) => r.id)
  }
  const name = normalizePersonName(probe.name)
  const kana = foldForSearch(probe.kana)
  const rows = await tx
    .selectFrom('contacts')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(name ? [eb(sql`match_name`, '=', name)] : []),
        ...(kana ? [eb(sql`match_kana`, '=', kana)] : []),
        ...(emails.length > 0 ? [eb('primaryEmail', 'in', emails)] : []),
        ...(phones.length > 0 ? [eb('primaryPhoneDigits', 'in', phones)] : []),
        eb.val(false),
      ]),
    )
    .limit(50)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Before saving: existing records that look like the one being entered, likely first. Finds candidates by index
 * (primary email / phone, folded name, reading, company name) and scores them with the engine.
 */
export async function checkDuplicates(ctx: ServiceContext, query: DuplicateCheckQuery): Promise<DuplicateCheckResult> {
  authorize(ctx, query.type, 'read')
  const probe: MatchInput = {
    id: '00000000-0000-0000-0000-000000000000',
    name: query.name ?? null,
    kana: query.kana ?? null,
    companies: query.company ? [query.company] : [],
    emails: [query.email ?? null],
    phones: [query.phone ?? null],
  }
  const ids = await findSimilarIds(ctx.tx, ctx.actor.tenantId, query.type, probe)
  const existing = await loadMatchInputs(ctx, query.type, ids)
  const names = await summaries(ctx, query.type, ids)
  const data = existing
    .map((record) => ({ id: record.id, name: names.get(record.id)?.name ?? '', ...scorePair(query.type, probe, record) }))
    .filter((m) => m.score >= POSSIBLE_THRESHOLD)
    .map((m) => ({ ...m, level: levelOf(m.score) }))
    .sort((x, y) => y.score - x.score)
  return { data }
}

/** Queues a scan of the tenant (one at a time per tenant and type). */
export async function requestDuplicateScan(ctx: ServiceContext, type: DuplicateObject): Promise<{ jobId: string | null }> {
  authorize(ctx, type, 'update')
  const jobId = await enqueueJob(ctx.tx, {
    type: DUPLICATE_SCAN_JOB,
    payload: { tenantId: ctx.actor.tenantId, type },
    uniqueKey: `duplicates:${ctx.actor.tenantId}:${type}`,
    maxAttempts: 3,
  })
  return { jobId }
}

/** The latest scan of this tenant and type, for the "scan now" button: queued, running, finished or failed. */
export async function getDuplicateScanStatus(ctx: ServiceContext, type: DuplicateObject): Promise<DuplicateScanStatus> {
  authorize(ctx, type, 'read')
  // Row-level security limits jobs to the actor's tenant.
  const job = await ctx.tx
    .selectFrom('jobs')
    .select(['id', 'status', 'lastError', 'createdAt', 'finishedAt'])
    .where('type', '=', DUPLICATE_SCAN_JOB)
    .where(sql`payload->>'type'`, '=', type)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  const open = await ctx.tx
    .selectFrom('duplicateCandidates')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('objectType', '=', type)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow()
  const status = !job ? 'idle' : job.status === 'dead' ? 'failed' : job.status
  return {
    type,
    status,
    jobId: job?.id ?? null,
    requestedAt: job ? job.createdAt.toISOString() : null,
    finishedAt: job?.finishedAt ? job.finishedAt.toISOString() : null,
    error: job?.status === 'dead' ? job.lastError : null,
    openCandidates: Number(open.n),
  }
}

registerJobHandler(DUPLICATE_SCAN_JOB, async ({ db, payload, logger }) => {
  const tenantId = String(payload.tenantId)
  const type = payload.type === 'accounts' ? 'accounts' : 'contacts'
  const result = await inTenantTransaction(db, tenantId, (tx) => scanDuplicates(tx, tenantId, type))
  logger.info({ tenantId, ...result }, 'duplicate scan done')
})
