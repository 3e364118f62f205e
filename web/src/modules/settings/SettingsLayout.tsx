/** Header and tabs shared by the settings pages. */
import { Tabs } from '@mantine/core'
import { IconCalendar, IconKey, IconUserCircle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router'
import { PageHeader } from '../../components/PageHeader.tsx'

export function SettingsLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('settings')
  const { pathname } = useLocation()
  const navigate = useNavigate()
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Tabs value={pathname} onChange={(value) => value && void navigate(value)} mb="lg">
        <Tabs.List>
          <Tabs.Tab value="/settings/profile" leftSection={<IconUserCircle size={16} />} data-testid="settings-tab-profile">
            {t('tabs.profile')}
          </Tabs.Tab>
          <Tabs.Tab value="/settings/password" leftSection={<IconKey size={16} />} data-testid="settings-tab-password">
            {t('tabs.password')}
          </Tabs.Tab>
          <Tabs.Tab value="/settings/calendar" leftSection={<IconCalendar size={16} />} data-testid="settings-tab-calendar">
            {t('activities:feed.tab')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {children}
    </>
  )
}
