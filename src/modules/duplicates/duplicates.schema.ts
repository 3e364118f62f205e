/** 名寄せ (duplicates) request and response schemas. */
import { z } from 'zod'

export const DuplicateType = z.enum(['contacts', 'accounts'])

export const DuplicateListQuery = z.strictObject({
  type: DuplicateType,
  status: z.enum(['open', 'dismissed', 'merged']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type DuplicateListQuery = z.infer<typeof DuplicateListQuery>

const RecordSummary = z.object({ id: z.uuid(), name: z.string(), detail: z.string().nullable() })

export const DuplicateCandidate = z
  .object({
    id: z.uuid(),
    type: DuplicateType,
    score: z.number(),
    level: z.enum(['likely', 'possible', 'none']),
    reasons: z.array(z.string()),
    status: z.enum(['open', 'dismissed', 'merged']),
    a: RecordSummary,
    b: RecordSummary,
  })
  .meta({ id: 'DuplicateCandidate' })
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>

export const DuplicateCheckQuery = z.strictObject({
  type: DuplicateType,
  name: z.string().max(200).optional().describe('Contacts: 姓名 (or display name); accounts: company name'),
  kana: z.string().max(200).optional(),
  company: z.string().max(200).optional().describe('Contacts: the company they work at'),
  email: z.string().max(254).optional(),
  phone: z.string().max(40).optional(),
})
export type DuplicateCheckQuery = z.infer<typeof DuplicateCheckQuery>

export const DuplicateMatch = z
  .object({ id: z.uuid(), name: z.string(), score: z.number(), level: z.enum(['likely', 'possible', 'none']), reasons: z.array(z.string()) })
  .meta({ id: 'DuplicateMatch' })
export const DuplicateCheckResult = z.object({ data: z.array(DuplicateMatch) }).meta({ id: 'DuplicateCheckResult' })
export type DuplicateCheckResult = z.infer<typeof DuplicateCheckResult>

export const DuplicateMerge = z
  .strictObject({
    type: DuplicateType,
    survivorId: z.uuid(),
    mergedIds: z.array(z.uuid()).min(1).max(20),
    fields: z
      .record(z.string(), z.union([z.uuid(), z.literal('all')]))
      .default({})
      .describe("field → id of the record whose value the survivor takes; 'all' keeps every entry of a list field (emails, phones, addresses, tags)"),
  })
  .meta({ id: 'DuplicateMerge' })
export type DuplicateMerge = z.infer<typeof DuplicateMerge>

export const DuplicateMergeResult = z
  .object({ type: DuplicateType, survivorId: z.uuid(), mergedIds: z.array(z.uuid()), repointed: z.record(z.string(), z.number()) })
  .meta({ id: 'DuplicateMergeResult' })
export type DuplicateMergeResult = z.infer<typeof DuplicateMergeResult>

export const DuplicateScanRequest = z.strictObject({ type: DuplicateType }).meta({ id: 'DuplicateScan' })
export const DuplicateScanQueued = z.object({ jobId: z.uuid().nullable() }).meta({ id: 'DuplicateScanQueued' })

export const DuplicateScanStatusQuery = z.strictObject({ type: DuplicateType })
export const DuplicateScanStatus = z
  .object({
    type: DuplicateType,
    status: z.enum(['idle', 'pending', 'running', 'done', 'failed']).describe('idle: never scanned'),
    jobId: z.uuid().nullable(),
    requestedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    openCandidates: z.number().int().describe('Open pairs in the queue now'),
  })
  .meta({ id: 'DuplicateScanStatus' })
export type DuplicateScanStatus = z.infer<typeof DuplicateScanStatus>
