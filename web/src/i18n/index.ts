/**
 * i18next set-up: one namespace per area (common + each module's own ja/en files).
 * Language: the signed-in user's setting, else the last choice on this browser, else the browser's.
 */
import i18n from 'i18next'
import LanguageDetector from 'i18next-browser-languagedetector'
import { initReactI18next } from 'react-i18next'
import type { Locale } from '../api/types.ts'
import en from './locales/en.json'
import ja from './locales/ja.json'

export const LOCALES: readonly Locale[] = ['ja', 'en']
export const LANGUAGE_STORAGE_KEY = 'daifuku.language'

export interface LocaleBundle {
  /** i18next namespace, usually the module id. */
  namespace: string
  ja: Record<string, unknown>
  en: Record<string, unknown>
}

export function initI18n(bundles: LocaleBundle[]): typeof i18n {
  const resources: Record<Locale, Record<string, Record<string, unknown>>> = {
    ja: { common: ja },
    en: { common: en },
  }
  for (const bundle of bundles) {
    resources.ja[bundle.namespace] = bundle.ja
    resources.en[bundle.namespace] = bundle.en
  }
  void i18n
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      supportedLngs: [...LOCALES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: 'ja',
      defaultNS: 'common',
      ns: ['common', ...bundles.map((b) => b.namespace)],
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
      },
      returnNull: false,
    })
  const syncHtmlLang = (lng: string) => {
    document.documentElement.lang = currentLocale(lng)
  }
  syncHtmlLang(i18n.language)
  i18n.on('languageChanged', syncHtmlLang)
  return i18n
}

/** 'ja' | 'en' for whatever i18next resolved ("en-US" → "en"). */
export function currentLocale(language: string | undefined = i18n.language): Locale {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'ja'
}

export { i18n }
