/** List views (一覧ビュー): filter builder, saved views, column chooser and bulk actions used by the 取引先 and 担当者 lists. */
import type { WebModule } from '../registry.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

export const savedViewsModule: WebModule = {
  id: 'savedViews',
  locales: { namespace: 'savedViews', ja, en },
}
