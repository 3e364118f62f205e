/** Documents (資料): no pages of their own — the attachments panel on record pages; this registers its translations. */
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

export const documentsModule: WebModule = {
  id: 'documents',
  locales: { namespace: 'documents', ja, en },
}
