/**
 * Dates, numbers and yen in the user's language and time zone (session.user.timeZone;
 * before sign-in, the browser's). The API speaks UTC ISO strings only.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useSessionState } from '../auth/session.tsx'
import { currentLocale } from './index.ts'

export interface Formatters {
  timeZone: string
  dateTime(value: string | null | undefined): string
  date(value: string | null | undefined): string
  number(value: number | null | undefined): string
  yen(value: number | null | undefined): string
}

const intlLocale = { ja: 'ja-JP', en: 'en-US' } as const

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Tokyo'
}

export function makeFormatters(language: string, timeZone: string): Formatters {
  const locale = intlLocale[currentLocale(language)]
  const safeZone = isValidTimeZone(timeZone) ? timeZone : 'UTC'
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: safeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
  const dateFormat = new Intl.DateTimeFormat(locale, { timeZone: safeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const numberFormat = new Intl.NumberFormat(locale)
  const yenFormat = new Intl.NumberFormat(locale, { style: 'currency', currency: 'JPY', maximumFractionDigits: 0 })
  const parse = (value: string | null | undefined) => {
    if (!value) return null
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? null : date
  }
  return {
    timeZone: safeZone,
    dateTime: (value) => {
      const date = parse(value)
      return date ? dateTimeFormat.format(date) : '—'
    },
    date: (value) => {
      const date = parse(value)
      return date ? dateFormat.format(date) : '—'
    },
    number: (value) => (value === null || value === undefined ? '—' : numberFormat.format(value)),
    yen: (value) => (value === null || value === undefined ? '—' : yenFormat.format(value)),
  }
}

/** A file size as people read it: 512 B, 12.3 KB, 4.5 MB; whole megabytes without a decimal (a limit: 50 MB). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  const megabytes = bytes / (1024 * 1024)
  return Number.isInteger(megabytes) ? `${megabytes} MB` : `${megabytes.toFixed(1)} MB`
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation()
  const { session } = useSessionState()
  const zone = session?.user.timeZone ?? browserTimeZone()
  return useMemo(() => makeFormatters(i18n.language, zone), [i18n.language, zone])
}
