/** Catalogue labels come in both languages from the server; this picks the one of the UI language. */
import { useTranslation } from 'react-i18next'
import type { Label } from './api.ts'

export function useLabel(): (label: Label) => string {
  const { i18n } = useTranslation()
  return (label) => (i18n.language.startsWith('ja') ? label.ja : label.en)
}
