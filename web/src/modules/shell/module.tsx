/** The app frame's own texts (navigation headings, user menu, tenant switcher). */
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

export const shellModule: WebModule = { id: 'shell', locales: { namespace: 'shell', ja, en } }
