/** Pipeline (営業パイプライン) and stage schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'

export const STAGE_KINDS = ['open', 'won', 'lost'] as const

export const StageInput = z
  .strictObject({
    /** An existing stage keeps its id (and its deals); a stage without one is new. */
    id: z.uuid().optional(),
    name: z.string().trim().min(1).max(100),
    probability: z.number().int().min(0).max(100),
    kind: z.enum(STAGE_KINDS).default('open'),
  })
  .meta({ id: 'PipelineStageWrite' })

const stages = z
  .array(StageInput)
  .min(3)
  .max(30)
  .refine((list) => list.filter((s) => s.kind === 'won').length === 1 && list.filter((s) => s.kind === 'lost').length === 1, {
    message: 'A pipeline needs exactly one won stage and one lost stage.',
  })
  .refine((list) => list.some((s) => s.kind === 'open'), { message: 'A pipeline needs at least one open stage.' })

export const PipelineInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    isDefault: z.boolean().optional(),
    stages,
  })
  .meta({ id: 'PipelineCreate' })
export type PipelineInput = z.infer<typeof PipelineInput>

export const PipelinePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    /** Only `true`: making another pipeline the default unsets this one. */
    isDefault: z.literal(true).optional(),
    /** The whole ordered list: stages left out are removed (refused while deals are in them). */
    stages: stages.optional(),
  })
  .meta({ id: 'PipelinePatch' })
export type PipelinePatch = z.infer<typeof PipelinePatch>

export const PipelineStage = z
  .object({
    id: z.uuid(),
    name: z.string(),
    probability: z.number(),
    kind: z.enum(STAGE_KINDS),
    position: z.number(),
  })
  .meta({ id: 'PipelineStage' })
export type PipelineStage = z.infer<typeof PipelineStage>

export const Pipeline = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isDefault: z.boolean(),
    stages: z.array(PipelineStage),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Pipeline' })
export type Pipeline = z.infer<typeof Pipeline>
