/** Deal (商談) schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import { CustomValues } from '../custom-fields/custom-fields.schema.ts'
import { Pipeline, PipelineStage } from './pipelines.schema.ts'

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional()

export const DealInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** Default: the tenant's default pipeline. */
    pipelineId: z.uuid().optional(),
    /** Default: the first open stage of the pipeline. */
    stageId: z.uuid().optional(),
    amount: z.number().min(0).max(1e15).multipleOf(0.01).nullable().optional().describe('In `currency`; up to 2 decimals'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as JPY or USD.')
      .optional(),
    expectedCloseDate: z.iso.date().nullable().optional(),
    accountId: z.uuid().nullable().optional(),
    competitors: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    closeReason: optionalText(1000),
    notes: optionalText(10_000),
    ownerId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
    custom: CustomValues.optional(),
  })
  .meta({ id: 'DealCreate' })
export type DealInput = z.infer<typeof DealInput>

export const DealPatch = DealInput.omit({ pipelineId: true, stageId: true }).partial().meta({ id: 'DealPatch' })
export type DealPatch = z.infer<typeof DealPatch>

export const DealMove = z
  .strictObject({
    stageId: z.uuid(),
    /** The card this deal goes right after in the column; null or absent puts it on top. */
    afterId: z.uuid().nullable().optional(),
    /** Why it was won or lost (moving to a won/lost stage). */
    closeReason: optionalText(1000),
  })
  .meta({ id: 'DealMove' })
export type DealMove = z.infer<typeof DealMove>

export const Deal = z
  .object({
    id: z.uuid(),
    name: z.string().optional(),
    pipelineId: z.uuid(),
    stageId: z.uuid().optional(),
    stageName: z.string().optional(),
    probability: z.number().optional(),
    status: z.enum(['open', 'won', 'lost']),
    amount: z.number().nullable().optional(),
    currency: z.string().optional(),
    expectedCloseDate: z.string().nullable().optional(),
    accountId: z.string().nullable().optional(),
    accountName: z.string().nullable().optional(),
    competitors: z.array(z.string()).optional(),
    closeReason: z.string().nullable().optional(),
    closedAt: z.string().nullable(),
    stageEnteredAt: z.string(),
    notes: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    ownerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    custom: CustomValues,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Deal', description: 'Fields hidden from your role are omitted.' })
export type Deal = z.infer<typeof Deal>

/** What a kanban card shows; the full deal is one click away. Keeps a board of hundreds of cards light. */
export const DealCard = Deal.pick({
  id: true,
  name: true,
  stageId: true,
  status: true,
  amount: true,
  currency: true,
  expectedCloseDate: true,
  accountId: true,
  accountName: true,
  ownerId: true,
  ownerName: true,
  closedAt: true,
  stageEnteredAt: true,
}).meta({ id: 'DealCard', description: 'A deal as its kanban card shows it. Fields hidden from your role are omitted.' })
export type DealCard = z.infer<typeof DealCard>

export const DealListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(200).optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  ownerId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  /** `board`: kanban order within an open stage; `-closedAt`: latest closed first (won/lost columns). */
  sort: z.enum(['-createdAt', 'name', 'board', '-closedAt']).default('-createdAt'),
  /** Only deals closed at or after this moment (the board's won/lost window). */
  closedSince: z.iso.datetime({ offset: true }).optional(),
})
export type DealListQuery = z.infer<typeof DealListQuery>

export const BoardQuery = z.strictObject({
  perStage: z.coerce.number().int().min(1).max(200).default(50),
  /** Won and lost columns show deals closed within this many days. */
  closedWithinDays: z.coerce.number().int().min(1).max(3650).default(90),
  ownerId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
})
export type BoardQuery = z.infer<typeof BoardQuery>

const Total = z.object({ currency: z.string(), amount: z.number(), weightedAmount: z.number() }).meta({ id: 'DealTotal' })

export const Board = z
  .object({
    pipeline: Pipeline,
    /** Start of the won/lost window (ISO time). */
    closedSince: z.string(),
    columns: z.array(
      z.object({
        stage: PipelineStage,
        count: z.number(),
        totals: z.array(Total),
        deals: z.array(DealCard),
        /** Next page of this column: GET /api/v1/deals?stageId=…&sort=board&cursor=… (won/lost: sort=-closedAt&closedSince=…) */
        nextCursor: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DealBoard' })
export type Board = z.infer<typeof Board>

export const StageChange = z
  .object({
    id: z.uuid(),
    fromStageId: z.string().nullable(),
    fromStageName: z.string().nullable(),
    toStageId: z.string().nullable(),
    toStageName: z.string().nullable(),
    secondsInFromStage: z.number().nullable(),
    changedBy: z.string().nullable(),
    changedByName: z.string().nullable(),
    changedAt: z.string(),
  })
  .meta({ id: 'DealStageChange' })
export type StageChange = z.infer<typeof StageChange>

/** Fields that roles may hide or make read-only. */
export const DEAL_FIELDS = [
  'name',
  'amount',
  'currency',
  'expectedCloseDate',
  'accountId',
  'competitors',
  'closeReason',
  'notes',
  'ownerId',
  'teamId',
  'stageId',
] as const
