/**
 * Turns API failures into text a person can act on, in their language. Server messages
 * are English, so in Japanese we show our own wording per error code and per field rule.
 */
import type { TFunction } from 'i18next'
import { ApiError } from '../api/client.ts'
import { currentLocale } from '../i18n/index.ts'

const codeKeys: Record<string, string> = {
  network: 'errors.network',
  forbidden: 'errors.forbidden',
  not_found: 'errors.notFound',
  conflict: 'errors.conflict',
  rate_limited: 'errors.rateLimited',
  internal: 'errors.internal',
  invalid: 'errors.invalid',
  unauthenticated: 'errors.unauthenticated',
  payload_too_large: 'errors.payloadTooLarge',
}

/** One sentence for an error banner or notification. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('common:errors.internal')
  // English users get the server's own (more specific) wording for business-rule errors.
  if (currentLocale() === 'en' && (error.code === 'conflict' || error.code === 'invalid' || error.code === 'forbidden')) {
    if (error.message && !error.message.startsWith('HTTP ')) return error.message
  }
  return t(`common:${codeKeys[error.code] ?? 'errors.internal'}`)
}

/** A field error from the API, in the user's language. */
export function localizeFieldMessage(message: string, t: TFunction): string {
  if (currentLocale() === 'en') return message
  const m = message.toLowerCase()
  const atLeast = /at least (\d+) characters/.exec(m)
  if (atLeast) return t('common:fieldErrors.minChars', { count: Number(atLeast[1]) })
  const atMost = /at most (\d+) characters/.exec(m)
  if (atMost) return t('common:fieldErrors.maxChars', { count: Number(atMost[1]) })
  if (m.includes('same as the current')) return t('common:fieldErrors.samePassword')
  if (m.includes('time zone')) return t('common:fieldErrors.timeZone')
  if (m.includes('unknown field') || m.includes('unrecognized')) return t('common:fieldErrors.unknownField')
  if (m.includes('required') || m.includes('received undefined') || m.includes('received null')) return t('common:fieldErrors.required')
  if (m.includes('email')) return t('common:fieldErrors.email')
  if (m.includes('url')) return t('common:fieldErrors.url')
  if (m.includes('expected number') || m.includes('expected int') || m.includes('nan')) return t('common:fieldErrors.number')
  if (m.includes('too big') && m.includes('string')) return t('common:fieldErrors.tooLong')
  if (m.includes('too small') && m.includes('string')) return t('common:fieldErrors.tooShort')
  if (m.includes('too big')) return t('common:fieldErrors.tooBig')
  if (m.includes('too small')) return t('common:fieldErrors.tooSmall')
  return `${t('common:fieldErrors.invalid')}（${message}）`
}

/** Per-field errors for a Mantine form (keys are the body's top-level field names). */
export function formErrors(error: unknown, t: TFunction): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const errors: Record<string, string> = {}
  for (const [field, message] of Object.entries(error.fieldErrors())) errors[field] = localizeFieldMessage(message, t)
  return errors
}
