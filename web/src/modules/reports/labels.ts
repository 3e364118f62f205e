/** How group keys read: enum values translated, empty groups named, dates as they come. */
import { useTranslation } from 'react-i18next'

export function useGroupLabel() {
  const { t, i18n } = useTranslation('reports')
  return (_group: { field: string }, key: string | null, label: string | null): string => {
    if (key === null) return t('none')
    const enumKey = `values.${key}`
    if (i18n.exists(`reports:${enumKey}`) && (label === key || label === null)) return t(enumKey)
    return label ?? key
  }
}
