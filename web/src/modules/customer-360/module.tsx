/** Customer 360 (顧客360°): panels mounted on the account and contact pages; no routes of its own. */
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

export const customer360Module: WebModule = {
  id: 'customer360',
  locales: { namespace: 'customer360', ja, en },
}
