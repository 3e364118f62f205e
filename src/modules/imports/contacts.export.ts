/**
 * Contacts (担当者) out as CSV (the import's columns, so a file goes back in unchanged) or as
 * vCard 4.0 — streamed page by page through the contacts list service, like every export.
 */
import { Readable } from 'node:stream'
import { z } from 'zod'
import type { App } from '../../app.ts'
import { authorize, fieldRules } from '../../platform/access/policy.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { type Contact, listContacts } from '../contacts/index.ts'
import { ContactListQuery } from '../contacts/contacts.schema.ts'
import { contactsImportTarget } from './contacts.target.ts'
import { encodeText, formatCsvRow, UTF8_BOM } from './csv.ts'
import type { RunInContext } from './exports.service.ts'
import { ExportFormat } from './imports.schema.ts'
import { formatVCard } from './vcard.ts'

const PAGE = 200
type Query = Omit<z.infer<typeof ContactListQuery>, 'limit' | 'cursor'>

/** The access field (what a role may hide) behind each export column. */
const ACCESS_FIELD: Record<string, string> = {
  email: 'emails',
  email2: 'emails',
  phone: 'phones',
  mobile: 'phones',
  fax: 'phones',
  postalCode: 'addresses',
  prefecture: 'addresses',
  city: 'addresses',
  street: 'addresses',
  building: 'addresses',
}

function cells(c: Contact): Record<string, string | null | undefined> {
  const emails = c.emails ?? []
  const firstEmail = emails.find((e) => e.primary) ?? emails[0]
  const phones = c.phones ?? []
  const phone = (type: string) => phones.find((p) => p.type === type)?.number
  const address = (c.addresses ?? []).find((a) => a.primary) ?? c.addresses?.[0]
  return {
    familyName: c.familyName,
    givenName: c.givenName,
    familyNameKana: c.familyNameKana,
    givenNameKana: c.givenNameKana,
    displayName: c.displayName,
    company: c.primaryAccount?.name,
    department: c.department,
    title: c.title,
    email: firstEmail?.address,
    email2: emails.find((e) => e !== firstEmail)?.address,
    phone: phone('work') ?? phone('home'),
    mobile: phone('mobile'),
    fax: phone('fax'),
    postalCode: address?.postalCode,
    prefecture: address?.prefecture,
    city: address?.city,
    street: address?.street,
    building: address?.building,
    occupation: c.occupation,
    birthday: c.birthday,
    anniversary: c.anniversary,
    tags: c.tags?.join(', '),
    notes: c.notes,
    ownerId: c.ownerName,
  }
}

async function* pages(run: RunInContext, query: Query): AsyncGenerator<Contact[]> {
  let cursor: string | undefined
  do {
    const page = await run((ctx) => listContacts(ctx, { ...query, limit: PAGE, cursor }))
    yield page.data
    cursor = page.nextCursor ?? undefined
  } while (cursor)
}

export async function* exportContactsCsv(run: RunInContext, query: Query, options: { encoding: 'utf-8-bom' | 'shift_jis'; lang: 'ja' | 'en' }): AsyncGenerator<Buffer> {
  const hidden = await run(async (ctx) => fieldRules(ctx, 'contacts'))
  const columns = contactsImportTarget.fields.filter((f) => f.key !== 'fullName' && f.key !== 'fullNameKana' && hidden[ACCESS_FIELD[f.key] ?? f.key] !== 'hidden')
  const encode = (text: string) => encodeText(text, options.encoding === 'shift_jis' ? 'cp932' : 'utf-8-bom')
  if (options.encoding === 'utf-8-bom') yield UTF8_BOM
  yield encode(formatCsvRow([...columns.map((c) => c.label[options.lang]), 'ID']))
  for await (const contacts of pages(run, query)) {
    let chunk = ''
    for (const contact of contacts) {
      const row = cells(contact)
      chunk += formatCsvRow([...columns.map((c) => row[c.key]), contact.id])
    }
    if (chunk) yield encode(chunk)
  }
}

export async function* exportContactsVCard(run: RunInContext, query: Query): AsyncGenerator<Buffer> {
  for await (const contacts of pages(run, query)) {
    let chunk = ''
    for (const c of contacts) {
      chunk += formatVCard({
        uid: c.id,
        familyName: c.familyName ?? null,
        givenName: c.givenName ?? null,
        familyNameKana: c.familyNameKana ?? null,
        givenNameKana: c.givenNameKana ?? null,
        fullName: c.displayName ?? [c.familyName, c.givenName].filter(Boolean).join(' '),
        organization: c.primaryAccount?.name ?? null,
        department: c.department ?? null,
        title: c.title ?? null,
        emails: (c.emails ?? []).map((e) => ({ value: e.address, type: e.type, primary: e.primary })),
        phones: (c.phones ?? []).map((p) => ({ value: p.number, type: p.type, primary: p.primary })),
        addresses: (c.addresses ?? []).map((a) => ({
          postalCode: a.postalCode,
          region: a.country === 'JP' ? a.prefecture : a.region,
          locality: a.city,
          street: a.country === 'JP' ? a.street : [a.line1, a.line2].filter(Boolean).join(' '),
          extended: a.country === 'JP' ? a.building : null,
          country: a.country === 'JP' ? '日本' : a.country,
          type: a.type,
        })),
        birthday: c.birthday ?? null,
        note: c.notes ?? null,
        updatedAt: c.updatedAt,
      })
    }
    if (chunk) yield Buffer.from(chunk, 'utf8')
  }
}

const ContactExportQuery = ContactListQuery.omit({ limit: true, cursor: true })
  .extend({ ...ExportFormat.shape, lang: z.enum(['ja', 'en']).default('ja') })

export function registerContactExportRoutes(http: HttpServer, app: App, tags: string[]): void {
  http.get(
    '/api/v1/exports/contacts',
    { schema: { tags, summary: 'Export contacts as CSV or vCard 4.0 (same filters as the list), streamed', querystring: ContactExportQuery, response: { ...errorResponses } } },
    async (request, reply) => {
      const run: RunInContext = (work) => withServiceContext(app.db, request, work)
      await run(async (ctx) => authorize(ctx, 'contacts', 'read'))
      const { format, encoding, lang, ...filters } = request.query
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, '')
      if (format === 'vcard') {
        return reply
          .header('content-type', 'text/vcard; charset=utf-8')
          .header('content-disposition', `attachment; filename="contacts-${day}.vcf"`)
          .send(Readable.from(exportContactsVCard(run, filters)) as never)
      }
      return reply
        .header('content-type', `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="contacts-${day}.csv"`)
        .send(Readable.from(exportContactsCsv(run, filters, { encoding, lang })) as never)
    },
  )
}
