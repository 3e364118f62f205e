/** The files' words for enum values are the web app's words: one vocabulary, checked so the two cannot drift. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { VALUE_LABELS } from './reports.values.ts'

const webValues = (locale: 'ja' | 'en') =>
  (JSON.parse(readFileSync(new URL(`../../../web/src/modules/reports/locales/${locale}.json`, import.meta.url), 'utf8')) as { values: Record<string, string> }).values

describe('report value labels', () => {
  it.each(['ja', 'en'] as const)('match the web app in %s', (locale) => {
    expect(Object.fromEntries(Object.entries(VALUE_LABELS).map(([key, label]) => [key, label[locale]]))).toEqual(webValues(locale))
  })
})
