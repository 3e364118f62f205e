/**
 * Exports of list views: the object's own list service, page by page (keyset, 200 at a time,
 * each page its own short transaction), encoded as it goes — the file is streamed, never
 * built in memory. Same filters, same visibility and hidden-field rules as the list API.
 */
import { fieldRules } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { listAccounts } from '../accounts/index.ts'
import type { AccountListQuery } from '../accounts/accounts.schema.ts'
import { encodeText, formatCsvRow, UTF8_BOM } from './csv.ts'
import { findImportTarget } from './targets.ts'

export type RunInContext = <T>(work: (ctx: ServiceContext) => Promise<T>) => Promise<T>

export interface CsvExportOptions {
  encoding: 'utf-8-bom' | 'shift_jis'
  lang: 'ja' | 'en'
}

const PAGE = 200

/** Column headers for the fields the user may see, in the field order of the import target (so an export imports back as is). */
async function visibleColumns(run: RunInContext, objectType: string, lang: 'ja' | 'en'): Promise<{ key: string; header: string; type: string }[]> {
  const target = findImportTarget(objectType)!
  const hidden = await run(async (ctx) => fieldRules(ctx, objectType))
  return target.fields.filter((f) => hidden[f.key] !== 'hidden').map((f) => ({ key: f.key, header: f.label[lang], type: f.type }))
}

function encoder(encoding: CsvExportOptions['encoding']): (text: string) => Buffer {
  return (text) => encodeText(text, encoding === 'shift_jis' ? 'cp932' : 'utf-8-bom')
}

export async function* exportAccountsCsv(run: RunInContext, query: Omit<AccountListQuery, 'limit' | 'cursor'>, options: CsvExportOptions): AsyncGenerator<Buffer> {
  const columns = await visibleColumns(run, 'accounts', options.lang)
  const encode = encoder(options.encoding)
  const extra = options.lang === 'ja' ? ['ID', '作成日時', '更新日時'] : ['ID', 'Created at', 'Updated at']
  if (options.encoding === 'utf-8-bom') yield UTF8_BOM
  yield encode(formatCsvRow([...columns.map((c) => c.header), ...extra]))
  let cursor: string | undefined
  do {
    const page = await run((ctx) => listAccounts(ctx, { ...query, limit: PAGE, cursor }))
    let chunk = ''
    for (const account of page.data) {
      const record = account as Record<string, unknown>
      // A user column carries the person's name (what the import resolves back), not the id.
      const cell = (c: { key: string; type: string }) => (c.type === 'user' ? account.ownerName : (record[c.key] as string | number | null))
      chunk += formatCsvRow([...columns.map(cell), account.id, account.createdAt, account.updatedAt])
    }
    if (chunk) yield encode(chunk)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
}
