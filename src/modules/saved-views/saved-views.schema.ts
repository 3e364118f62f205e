/** Saved view (保存済みビュー) schemas: a named filter, sort and column set on a list, private or shared. */
import { z } from 'zod'
import { FilterGroup, LIST_OBJECTS } from './list-filter.schema.ts'

export const SHARING = ['private', 'tenant', 'team'] as const

const viewFields = {
  name: z.string().trim().min(1).max(100),
  sharing: z.enum(SHARING).describe('private: only you; tenant: everyone in the tenant; team: members of teamId'),
  teamId: z.uuid().nullable().optional().describe('Required when sharing is team'),
  filter: FilterGroup.nullable().optional(),
  sort: z.string().max(100).nullable().optional(),
  columns: z.array(z.string().min(1).max(100)).max(50).optional().describe('Field keys shown as columns, in order'),
}

export const SavedViewCreate = z.strictObject({ object: z.enum(LIST_OBJECTS), ...viewFields }).meta({ id: 'SavedViewCreate' })
export type SavedViewCreate = z.infer<typeof SavedViewCreate>

export const SavedViewPatch = z.strictObject(viewFields).partial().meta({ id: 'SavedViewPatch' })
export type SavedViewPatch = z.infer<typeof SavedViewPatch>

export const SavedView = z
  .object({
    id: z.uuid(),
    object: z.enum(LIST_OBJECTS),
    name: z.string(),
    sharing: z.enum(SHARING),
    teamId: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    filter: FilterGroup.nullable(),
    sort: z.string().nullable(),
    columns: z.array(z.string()),
    canEdit: z.boolean().describe('Whether you may change or delete it'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' })
export type SavedView = z.infer<typeof SavedView>

export const SavedViewListQuery = z.strictObject({ object: z.enum(LIST_OBJECTS) })
export type SavedViewListQuery = z.infer<typeof SavedViewListQuery>

export const ListObjectParams = z.strictObject({ object: z.enum(LIST_OBJECTS) })
