/** Job admin API schemas: the list filter and the job as admins see it. */
import { z } from 'zod'

/** `failed` = waiting for a retry after an error (pending with a last error). */
export const JOB_STATUSES = ['pending', 'running', 'failed', 'done', 'dead'] as const
export type JobApiStatus = (typeof JOB_STATUSES)[number]

export const JobListQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  type: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type JobListQuery = z.infer<typeof JobListQuery>

export const Job = z
  .object({
    id: z.uuid(),
    type: z.string(),
    status: z.enum(JOB_STATUSES),
    attempts: z.number(),
    maxAttempts: z.number(),
    runAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' })
export type Job = z.infer<typeof Job>
