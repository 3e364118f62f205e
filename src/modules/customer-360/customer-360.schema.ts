/** 360° customer page schemas: stages and type, comments with @mentions, the merged timeline and the overview. */
import { z } from 'zod'
import { Account } from '../accounts/accounts.schema.ts'
import { Contact, ContactAccountLink } from '../contacts/contacts.schema.ts'

export const LIFECYCLE_STAGES = ['reaching', 'acquisition', 'conversion', 'retention', 'inspiration'] as const
export const RELATIONSHIP_STAGES = ['awareness', 'exploration', 'expansion', 'commitment', 'dissolution'] as const
export const CUSTOMER_TYPES = [
  'loyal',
  'discount',
  'impulsive',
  'need_based',
  'wanderer',
  'high_volume',
  'high_future_value',
  'benchmark',
  'door_opener',
  'inspiring',
] as const
export const STAGE_FIELDS = ['lifecycleStage', 'relationshipStage', 'customerType'] as const
export type StageField = (typeof STAGE_FIELDS)[number]

export const CustomerRecordType = z.enum(['accounts', 'contacts'])
export type CustomerRecordType = z.infer<typeof CustomerRecordType>
export const CommentRecordType = z.enum(['accounts', 'contacts', 'deals'])
export type CommentRecordType = z.infer<typeof CommentRecordType>

export const StageChange = z
  .object({
    id: z.uuid(),
    field: z.enum(STAGE_FIELDS),
    from: z.string().nullable(),
    to: z.string().nullable(),
    changedBy: z.uuid().nullable(),
    changedByName: z.string().nullable(),
    changedAt: z.string(),
  })
  .meta({ id: 'CustomerStageChange' })
export type StageChange = z.infer<typeof StageChange>

export const CustomerStages = z
  .object({
    lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable(),
    relationshipStage: z.enum(RELATIONSHIP_STAGES).nullable(),
    customerType: z.enum(CUSTOMER_TYPES).nullable(),
    history: z.array(StageChange).describe('Newest first, at most 100'),
  })
  .meta({ id: 'CustomerStages' })
export type CustomerStages = z.infer<typeof CustomerStages>

export const StagesPatch = z
  .strictObject({
    lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable().optional(),
    relationshipStage: z.enum(RELATIONSHIP_STAGES).nullable().optional(),
    customerType: z.enum(CUSTOMER_TYPES).nullable().optional().describe('Set by hand; null clears it'),
  })
  .meta({ id: 'CustomerStagesPatch' })
export type StagesPatch = z.infer<typeof StagesPatch>

export const Mention = z.object({ userId: z.uuid(), name: z.string() }).meta({ id: 'CommentMention' })

export const Comment = z
  .object({
    id: z.uuid(),
    recordType: CommentRecordType,
    recordId: z.uuid(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    body: z.string(),
    mentions: z.array(Mention),
    editedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Comment' })
export type Comment = z.infer<typeof Comment>

const CommentBody = z.string().trim().min(1).max(10_000)
const MentionIds = z.array(z.uuid()).max(50).describe('Users of this tenant to notify; those who cannot see the record are not notified')

export const CommentCreate = z
  .strictObject({ recordType: CommentRecordType, recordId: z.uuid(), body: CommentBody, mentionUserIds: MentionIds.optional() })
  .meta({ id: 'CommentCreate' })
export type CommentCreate = z.infer<typeof CommentCreate>

export const CommentPatch = z.strictObject({ body: CommentBody, mentionUserIds: MentionIds.optional() }).meta({ id: 'CommentPatch' })
export type CommentPatch = z.infer<typeof CommentPatch>

export const CommentListQuery = z.strictObject({
  recordType: CommentRecordType,
  recordId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type CommentListQuery = z.infer<typeof CommentListQuery>

export const TIMELINE_KINDS = ['activity', 'change', 'deal', 'salesDocument', 'contract', 'document', 'comment', 'stage', 'event'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export const TimelineItem = z
  .object({
    id: z.string().describe('Id of the source row (activity, audit entry, stage change …); unique within the timeline'),
    kind: z.enum(TIMELINE_KINDS),
    subtype: z.string().nullable().describe('activity: task/call/…; change: create/update/…; deal: created/stage_changed/won/lost; salesDocument: quote/order/invoice; contract: created/<status>; event: confirmed/waitlisted/cancelled/attended'),
    at: z.string(),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    recordType: z.string().describe('What the item links to: activities, deals, salesDocuments, contracts, documents, comments …'),
    recordId: z.string(),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })).nullable(),
    details: z.record(z.string(), z.unknown()).describe('Kind-specific fields, minus those the role hides'),
  })
  .meta({ id: 'TimelineItem' })
export type TimelineItem = z.infer<typeof TimelineItem>

export const TimelinePage = z.object({ data: z.array(TimelineItem), nextCursor: z.string().nullable() }).meta({ id: 'TimelinePage' })
export type TimelinePage = z.infer<typeof TimelinePage>

export const TimelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
  kinds: z
    .string()
    .max(200)
    .optional()
    .describe(`Comma-separated subset of ${TIMELINE_KINDS.join(', ')}; all when absent`),
})
export type TimelineQuery = z.infer<typeof TimelineQuery>

export const RelatedAccount = z.object({ id: z.uuid(), name: z.string(), relation: z.enum(['parent', 'subsidiary']) }).meta({ id: 'RelatedAccount' })

export const DealSummary = z
  .object({
    openCount: z.number().int(),
    openAmount: z.number().describe('Sum of open deal amounts the viewer may see'),
    wonCount: z.number().int(),
    lostCount: z.number().int(),
    topOpen: z.array(z.object({ id: z.uuid(), name: z.string().nullable(), stageName: z.string(), amount: z.number().nullable(), expectedCloseDate: z.string().nullable() })),
  })
  .meta({ id: 'CustomerDealSummary' })
export type DealSummary = z.infer<typeof DealSummary>

export const RfmSnapshot = z
  .object({ segment: z.string(), r: z.number().nullable(), f: z.number().nullable(), m: z.number().nullable(), monetary: z.number(), lastPurchaseOn: z.string().nullable() })
  .meta({ id: 'CustomerRfmSnapshot' })

export const CustomerOverview = z
  .object({
    recordType: CustomerRecordType,
    account: Account.nullable(),
    contact: Contact.nullable(),
    canUpdate: z.boolean().describe('Whether the viewer may change stages and type'),
    stages: CustomerStages,
    contacts: z.array(ContactAccountLink).describe('Account: its current people. Contact: empty'),
    accounts: z.array(ContactAccountLink).describe('Contact: its companies (current and former). Account: empty'),
    relatedAccounts: z.array(RelatedAccount).describe('Account: parent and subsidiaries'),
    deals: DealSummary.nullable().describe('Null when the viewer may not read deals, or for a contact'),
    rfm: RfmSnapshot.nullable(),
    timeline: TimelinePage,
  })
  .meta({ id: 'CustomerOverview' })
export type CustomerOverview = z.infer<typeof CustomerOverview>
