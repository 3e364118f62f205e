/** Language menu (data-testid="language-switch"); signed in, the choice is saved to the profile. */
import { Box, Button, Menu } from '@mantine/core'
import { IconCheck, IconLanguage } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client.ts'
import type { Locale, Session } from '../api/types.ts'
import { useSessionState, useSetSession } from '../auth/session.tsx'
import { currentLocale, LOCALES } from '../i18n/index.ts'

export function LanguageSwitch({ variant = 'subtle', compactOnPhone = false }: { variant?: 'subtle' | 'default'; compactOnPhone?: boolean }) {
  const { t, i18n } = useTranslation()
  const { session } = useSessionState()
  const setSession = useSetSession()
  const active = currentLocale(i18n.language)

  const choose = async (locale: Locale) => {
    await i18n.changeLanguage(locale)
    if (session && session.user.locale !== locale) {
      try {
        const user = await api.patch<Session['user']>('/api/v1/me', { locale })
        setSession({ ...session, user: { ...session.user, ...user } })
      } catch {
        // The page is already in the new language; saving it is a convenience.
      }
    }
  }

  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant={variant}
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} />}
          data-testid="language-switch"
          aria-label={t('language.label')}
        >
          <Box component="span" visibleFrom={compactOnPhone ? 'xs' : undefined}>
            {t(`language.${active}`)}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            data-testid={`language-option-${locale}`}
            onClick={() => void choose(locale)}
            rightSection={locale === active ? <IconCheck size={14} /> : null}
            lang={locale}
          >
            {t(`language.${locale}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
