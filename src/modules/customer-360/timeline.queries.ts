/**
 * The merged 360° timeline as ONE SQL statement: each source (activities, the audit trail, deal stage
 * changes, sales documents, contracts, documents, comments, stage changes, event registrations) contributes its newest
 * `limit + 1` rows after the cursor, read through an index on (tenant, record, id desc); the outer query
 * merges them by id. Ids are UUIDv7, so id order is time order across tables and a single id is the
 * keyset. A read model over other modules' tables, kept in this one file on purpose: a per-module
 * service call each would cost a round trip per source on every page (docs/decisions/0015).
 */
import { sql, type RawBuilder } from 'kysely'
import { can, fieldRules, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { PREPARED } from '../../platform/db/prepared.ts'
import type { CustomerRecordType, TimelineKind } from './customer-360.schema.ts'

export interface TimelineRow {
  id: string
  kind: TimelineKind
  subtype: string | null
  at: Date
  actorId: string | null
  actorName: string | null
  recordType: string
  recordId: string
  changes: Record<string, { before: unknown; after: unknown }> | null
  details: Record<string, unknown>
}

interface Scope {
  type: CustomerRecordType
  id: string
  /** Exclusive upper bound on ids (the last id of the previous page). */
  before: string | null
  take: number
}

const TEXT_PREVIEW = 500

function after(scope: Scope, column: string): RawBuilder<unknown> {
  return scope.before ? sql`and ${sql.ref(column)} < ${scope.before}::uuid` : sql``
}

function tail(scope: Scope, column: string): RawBuilder<unknown> {
  return sql`order by ${sql.ref(column)} desc limit ${scope.take}`
}

function activities(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (!can(ctx, 'activities', 'read')) return null
  const ofRecord =
    s.type === 'accounts'
      ? sql`a.account_id = ${s.id}`
      : // A contact's activities: those filed under them and meetings they attended.
        sql`a.id in (select x.id from activities x where x.contact_id = ${s.id} union select t.activity_id from activity_attendees t where t.contact_id = ${s.id})`
  return sql`(select a.id, 'activity'::text as kind, a.kind::text as subtype, a.created_at as at, a.created_by as actor_id,
      'activities'::text as record_type, a.id as record_id, null::jsonb as changes,
      jsonb_build_object('subject', a.subject, 'body', left(a.body, ${TEXT_PREVIEW}), 'status', a.status, 'dueAt', a.due_at,
        'startsAt', a.starts_at, 'direction', a.direction, 'outcome', a.outcome, 'ownerId', a.owner_id) as details
    from activities a where ${ofRecord} and ${visibleRecordsCondition(ctx, 'activities', 'a')} ${after(s, 'a.id')} ${tail(s, 'a.id')})`
}

function auditChanges(ctx: ServiceContext, s: Scope): RawBuilder<unknown> {
  const hidden = Object.entries(fieldRules(ctx, s.type)).flatMap(([field, rule]) => (rule === 'hidden' ? [field] : []))
  // An edit that touched only hidden fields is left out entirely: even its existence is not shown.
  const someVisibleField = hidden.length > 0 ? sql`and exists (select 1 from jsonb_object_keys(l.changes) k where k not in (${sql.join(hidden)}))` : sql``
  return sql`(select l.id, 'change'::text, l.action::text, l.created_at, l.actor_user_id, ${s.type}::text, l.object_id, l.changes, '{}'::jsonb
    from audit_log l where l.object_type = ${s.type} and l.object_id = ${s.id} and l.action in ('create', 'update', 'merge')
    ${someVisibleField} ${after(s, 'l.id')} ${tail(s, 'l.id')})`
}

function deals(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (s.type !== 'accounts' || !can(ctx, 'deals', 'read')) return null
  return sql`(select c.id, 'deal'::text,
      (case when ts.kind = 'won' then 'won' when ts.kind = 'lost' then 'lost' when c.from_stage_id is null then 'created' else 'stage_changed' end)::text,
      c.changed_at, c.changed_by, 'deals'::text, d.id, null::jsonb,
      jsonb_build_object('name', d.name, 'amount', d.amount, 'currency', d.currency, 'stageId', ts.id, 'fromStage', fs.name, 'toStage', ts.name, 'status', d.status)
    from deal_stage_changes c join deals d on d.id = c.deal_id
      left join pipeline_stages fs on fs.id = c.from_stage_id left join pipeline_stages ts on ts.id = c.to_stage_id
    where d.account_id = ${s.id} and ${visibleRecordsCondition(ctx, 'deals', 'd')} ${after(s, 'c.id')} ${tail(s, 'c.id')})`
}

function salesDocuments(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (!can(ctx, 'salesDocuments', 'read')) return null
  const ofRecord = s.type === 'accounts' ? sql`sd.account_id = ${s.id}` : sql`sd.contact_id = ${s.id}`
  return sql`(select sd.id, 'salesDocument'::text, sd.kind::text, sd.created_at, sd.created_by, 'salesDocuments'::text, sd.id, null::jsonb,
      jsonb_build_object('number', sd.number, 'status', sd.status, 'total', sd.total, 'currency', sd.currency, 'issueDate', sd.issue_date, 'recipientName', sd.recipient_name)
    from sales_documents sd where ${ofRecord} and ${visibleRecordsCondition(ctx, 'salesDocuments', 'sd')} ${after(s, 'sd.id')} ${tail(s, 'sd.id')})`
}

function contracts(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (s.type !== 'accounts' || !can(ctx, 'contracts', 'read')) return null
  return sql`(select h.id, 'contract'::text, (case when h.from_status is null then 'created' else h.to_status end)::text,
      h.changed_at, h.changed_by, 'contracts'::text, k.id, null::jsonb,
      jsonb_build_object('title', k.title, 'number', k.number, 'fromStatus', h.from_status, 'toStatus', h.to_status, 'endDate', k.end_date, 'value', k.value, 'currency', k.currency)
    from contract_status_changes h join contracts k on k.id = h.contract_id
    where k.account_id = ${s.id} and ${visibleRecordsCondition(ctx, 'contracts', 'k')} ${after(s, 'h.id')} ${tail(s, 'h.id')})`
}

function documents(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (!can(ctx, 'documents', 'read')) return null
  // A document is visible through its parent record, which the caller has already checked.
  return sql`(select f.id, 'document'::text, f.category::text, f.created_at, f.created_by, 'documents'::text, f.id, null::jsonb,
      jsonb_build_object('name', f.name, 'description', f.description)
    from documents f where f.record_type = ${s.type === 'accounts' ? 'account' : 'contact'} and f.record_id = ${s.id} ${after(s, 'f.id')} ${tail(s, 'f.id')})`
}

function comments(s: Scope): RawBuilder<unknown> {
  const column = s.type === 'accounts' ? 'rc.account_id' : 'rc.contact_id'
  return sql`(select rc.id, 'comment'::text, null::text, rc.created_at, rc.author_id, 'comments'::text, rc.id, null::jsonb,
      jsonb_build_object('body', rc.body, 'editedAt', rc.edited_at, 'mentions',
        (select coalesce(jsonb_agg(jsonb_build_object('userId', mu.id, 'name', mu.name)), '[]'::jsonb) from users mu where mu.id = any(rc.mention_user_ids)))
    from record_comments rc where ${sql.ref(column)} = ${s.id} ${after(s, 'rc.id')} ${tail(s, 'rc.id')})`
}

function stageChanges(s: Scope): RawBuilder<unknown> {
  const column = s.type === 'accounts' ? 'sc.account_id' : 'sc.contact_id'
  return sql`(select sc.id, 'stage'::text, sc.field::text, sc.changed_at, sc.changed_by, ${s.type}::text, ${s.id}::uuid, null::jsonb,
      jsonb_build_object('from', sc.from_value, 'to', sc.to_value)
    from customer_stage_changes sc where ${sql.ref(column)} = ${s.id} ${after(s, 'sc.id')} ${tail(s, 'sc.id')})`
}

function events(ctx: ServiceContext, s: Scope): RawBuilder<unknown> | null {
  if (!can(ctx, 'events', 'read')) return null
  // A contact's registrations; an account's are those of its current contacts.
  const ofRecord =
    s.type === 'contacts'
      ? sql`r.contact_id = ${s.id}`
      : sql`r.contact_id in (select ac.contact_id from account_contacts ac where ac.account_id = ${s.id} and ac.ended_on is null)`
  return sql`(select r.id, 'event'::text, (case when r.checked_in_at is not null then 'attended' else r.status end)::text, r.created_at, null::uuid,
      'events'::text, e.id, null::jsonb,
      jsonb_build_object('title', e.title, 'kind', e.kind, 'startsAt', e.starts_at, 'eventStatus', e.status, 'name', r.name, 'checkedInAt', r.checked_in_at)
    from event_registrations r join events e on e.id = r.event_id where ${ofRecord} ${after(s, 'r.id')} ${tail(s, 'r.id')})`
}

/** Up to `take` newest rows of the chosen kinds, older than `before`; the caller checked the record is visible. */
export async function selectTimeline(ctx: ServiceContext, scope: Scope, kinds: ReadonlySet<TimelineKind>): Promise<TimelineRow[]> {
  const sources: Record<TimelineKind, () => RawBuilder<unknown> | null> = {
    activity: () => activities(ctx, scope),
    change: () => auditChanges(ctx, scope),
    deal: () => deals(ctx, scope),
    salesDocument: () => salesDocuments(ctx, scope),
    contract: () => contracts(ctx, scope),
    document: () => documents(ctx, scope),
    comment: () => comments(scope),
    stage: () => stageChanges(scope),
    event: () => events(ctx, scope),
  }
  const branches = [...kinds].flatMap((kind) => sources[kind]() ?? [])
  if (branches.length === 0) return []
  // Prepared: planning the nine branches cost more than running them.
  const result = await sql<TimelineRow>`${sql.raw(PREPARED)}select t.id, t.kind, t.subtype, t.at, t.actor_id, u.name as actor_name, t.record_type, t.record_id, t.changes, t.details
    from (${sql.join(branches, sql` union all `)}) as t (id, kind, subtype, at, actor_id, record_type, record_id, changes, details)
    left join users u on u.id = t.actor_id
    order by t.id desc limit ${scope.take}`.execute(ctx.tx)
  return result.rows
}
