/** Converting a lead (商談化): request and result. */
import { z } from 'zod'
import { DuplicateMatch } from '../duplicates/duplicates.schema.ts'
import { Lead } from './leads.schema.ts'

export const LeadConvert = z
  .strictObject({
    accountId: z.uuid().nullable().optional().describe('Link to this existing account; omitted = the 名寄せ match, else a new account'),
    contactId: z.uuid().nullable().optional().describe('Link to this existing contact; omitted = the 名寄せ match, else a new contact'),
    deal: z
      .strictObject({
        name: z.string().trim().min(1).max(200).optional().describe('Default: 「会社名 リード名」'),
        pipelineId: z.uuid().optional(),
        stageId: z.uuid().optional(),
        amount: z.number().min(0).max(1e15).nullable().optional(),
        expectedCloseDate: z.iso.date().nullable().optional(),
      })
      .nullable()
      .optional()
      .describe('Also open a deal (商談); null or omitted = none'),
  })
  .meta({ id: 'LeadConvert' })
export type LeadConvert = z.infer<typeof LeadConvert>

const Outcome = z.enum(['created', 'linked'])
const ConvertedRecord = z.object({ id: z.uuid(), name: z.string(), outcome: Outcome })

export const LeadConversion = z
  .object({
    lead: Lead,
    account: ConvertedRecord.nullable().describe('null when the lead names no company'),
    contact: ConvertedRecord,
    deal: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'LeadConversion' })
export type LeadConversion = z.infer<typeof LeadConversion>

export const LeadMatches = z
  .object({
    accounts: z.array(DuplicateMatch).describe('Existing companies like the lead, best first; a likely one is linked by default'),
    contacts: z.array(DuplicateMatch),
  })
  .meta({ id: 'LeadMatches' })
export type LeadMatches = z.infer<typeof LeadMatches>
