/**
 * Converting a lead into an account (取引先), a contact (担当者) and optionally a deal (商談), in one
 * transaction. Existing records are found with the 名寄せ engine and linked, so conversion never
 * creates a duplicate; anything that fails rolls the whole conversion back.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { createAccount, getAccount } from '../accounts/index.ts'
import { createContact, getContact, linkContactToAccount, listContactAccounts } from '../contacts/index.ts'
import { createDeal } from '../deals/index.ts'
import { checkDuplicates } from '../duplicates/index.ts'
import type { LeadConversion, LeadConvert, LeadMatches } from './lead-convert.schema.ts'
import { presentLead } from './leads.presenter.ts'
import { findLeadById, findVisibleLead, type LeadRow, updateLeadRow } from './leads.queries.ts'
import { auditableLead, leadForChange, OBJECT } from './leads.service.ts'

async function findMatches(ctx: ServiceContext, lead: LeadRow): Promise<LeadMatches> {
  const accounts = lead.companyName ? (await checkDuplicates(ctx, { type: 'accounts', name: lead.companyName })).data : []
  const person = `${lead.familyName ?? ''}${lead.givenName ?? ''}`
  const kana = `${lead.familyNameKana ?? ''}${lead.givenNameKana ?? ''}`
  const contacts = (
    await checkDuplicates(ctx, {
      type: 'contacts',
      ...(person ? { name: person } : {}),
      ...(kana ? { kana } : {}),
      ...(lead.companyName ? { company: lead.companyName } : {}),
      ...(lead.email ? { email: lead.email } : {}),
      ...(lead.phone ? { phone: lead.phone } : {}),
    })
  ).data
  return { accounts, contacts }
}

/** What conversion would link to: existing companies and people like the lead (the convert dialog shows them). */
export async function findLeadMatches(ctx: ServiceContext, id: string): Promise<LeadMatches> {
  authorize(ctx, OBJECT, 'read')
  const lead = await findVisibleLead(ctx, id)
  if (!lead) throw notFound('Lead')
  return findMatches(ctx, lead)
}

/** A record the caller named must exist and be visible to them; a 404 from the other module becomes a 400 on the field. */
async function named<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw invalid('The record to link to does not exist.', [{ path, message: 'No such record.' }])
    throw error
  }
}

export async function convertLead(ctx: ServiceContext, id: string, input: LeadConvert): Promise<LeadConversion> {
  authorize(ctx, OBJECT, 'update')
  const lead = await leadForChange(ctx, id)
  const matches = await findMatches(ctx, lead)

  let account: LeadConversion['account'] = null
  if (input.accountId) {
    const existing = await named('accountId', () => getAccount(ctx, input.accountId!))
    account = { id: existing.id, name: existing.name ?? '', outcome: 'linked' }
  } else if (lead.companyName) {
    const likely = matches.accounts.find((m) => m.level === 'likely')
    if (likely) account = { id: likely.id, name: likely.name, outcome: 'linked' }
    else {
      const created = await createAccount(ctx, { name: lead.companyName, industry: lead.industry, website: lead.website, ownerId: lead.ownerId })
      account = { id: created.id, name: created.name ?? lead.companyName, outcome: 'created' }
    }
  }

  let contact: LeadConversion['contact']
  const contactId = input.contactId ?? matches.contacts.find((m) => m.level === 'likely')?.id
  if (contactId) {
    const existing = await named('contactId', () => getContact(ctx, contactId))
    contact = { id: existing.id, name: existing.displayName ?? '', outcome: 'linked' }
    // The person now (also) works at the converted company: add the link unless it is already there.
    if (account && !(await listContactAccounts(ctx, existing.id)).some((l) => l.current && l.accountId === account!.id)) {
      await linkContactToAccount(ctx, existing.id, { accountId: account.id, title: lead.title ?? null })
    }
  } else {
    const created = await createContact(ctx, {
      familyName: lead.familyName ?? (lead.givenName ? null : (lead.companyName ?? lead.email)),
      givenName: lead.givenName,
      familyNameKana: lead.familyNameKana,
      givenNameKana: lead.givenNameKana,
      title: lead.title,
      emails: lead.email ? [{ type: 'work', address: lead.email, primary: true }] : [],
      phones: lead.phone ? [{ type: 'work', number: lead.phone, primary: true }] : [],
      ownerId: lead.ownerId,
      notes: lead.message,
      ...(account ? { accountId: account.id } : {}),
    })
    contact = { id: created.id, name: created.displayName ?? '', outcome: 'created' }
  }

  let deal: LeadConversion['deal'] = null
  if (input.deal) {
    const name = input.deal.name ?? [lead.companyName ?? contact.name, '商談'].join(' ')
    const created = await createDeal(ctx, {
      name,
      ...(input.deal.pipelineId ? { pipelineId: input.deal.pipelineId } : {}),
      ...(input.deal.stageId ? { stageId: input.deal.stageId } : {}),
      amount: input.deal.amount ?? null,
      expectedCloseDate: input.deal.expectedCloseDate ?? null,
      accountId: account?.id ?? null,
      ownerId: lead.ownerId,
    })
    deal = { id: created.id, name: created.name ?? name }
  }

  await updateLeadRow(ctx.tx, id, {
    status: 'converted',
    convertedAccountId: account?.id ?? null,
    convertedContactId: contact.id,
    convertedDealId: deal?.id ?? null,
    convertedAt: new Date(),
    convertedBy: ctx.actor.userId,
  })
  const after = await findLeadById(ctx.tx, id)
  if (!after) throw notFound('Lead')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'convert', before: auditableLead(lead), after: auditableLead(after) })
  await emitEvent(ctx, 'lead.converted', {
    objectType: OBJECT,
    objectId: id,
    payload: { accountId: account?.id ?? null, accountOutcome: account?.outcome ?? null, contactId: contact.id, contactOutcome: contact.outcome, dealId: deal?.id ?? null },
  })
  return { lead: presentLead(ctx, after), account, contact, deal }
}
