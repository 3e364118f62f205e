/** Territory input and output schemas: validation, types and the OpenAPI document. */
import { z } from 'zod'
import { PREFECTURES } from './prefectures.ts'

export const TerritoryInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
    prefectures: z.array(z.enum(PREFECTURES)).max(47).default([]).describe('都道府県 names; empty = any prefecture'),
    industries: z.array(z.string().trim().min(1).max(100)).max(100).default([]).describe('Empty = any industry'),
    memberUserIds: z.array(z.uuid()).max(500).default([]),
    memberTeamIds: z.array(z.uuid()).max(200).default([]),
  })
  .meta({ id: 'TerritoryCreate' })
export type TerritoryInput = z.infer<typeof TerritoryInput>

export const TerritoryPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    prefectures: z.array(z.enum(PREFECTURES)).max(47).optional(),
    industries: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    memberUserIds: z.array(z.uuid()).max(500).optional(),
    memberTeamIds: z.array(z.uuid()).max(200).optional(),
  })
  .meta({ id: 'TerritoryPatch' })
export type TerritoryPatch = z.infer<typeof TerritoryPatch>

export const TerritoryMember = z
  .object({ userId: z.string().nullable(), userName: z.string().nullable(), teamId: z.string().nullable(), teamName: z.string().nullable() })
  .meta({ id: 'TerritoryMember' })

export const Territory = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    prefectures: z.array(z.string()),
    industries: z.array(z.string()),
    members: z.array(TerritoryMember),
    accountCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Territory' })
export type Territory = z.infer<typeof Territory>

export const TerritoryList = z.object({ data: z.array(Territory) }).meta({ id: 'TerritoryList' })

export const PrefectureCatalog = z
  .object({
    prefectures: z.array(z.object({ code: z.string().describe('JIS X 0401'), name: z.string(), nameEn: z.string(), region: z.string() })),
    regions: z.array(z.object({ key: z.string(), ja: z.string(), en: z.string(), prefectures: z.array(z.string()) })),
  })
  .meta({ id: 'PrefectureCatalog' })

export const ReassignResult = z.object({ jobId: z.string().nullable() }).meta({ id: 'TerritoryReassignQueued' })
