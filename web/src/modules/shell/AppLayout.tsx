/**
 * The signed-in frame: header (menu button on phones, brand, tenant switcher, search box, language,
 * user menu), the left navigation from the module registry, and the page.
 */
import { AppShell, Burger, Group, ScrollArea } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Suspense, useEffect } from 'react'
import { Outlet, useLocation } from 'react-router'
import { Brand } from '../../components/Brand.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { NotificationBell } from '../activities/NotificationBell.tsx'
import { GlobalSearch } from './GlobalSearch.tsx'
import { NavLinks } from './NavLinks.tsx'
import { TenantSwitcher } from './TenantSwitcher.tsx'
import { UserMenu } from './UserMenu.tsx'

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure()
  const location = useLocation()
  // On phones the navigation is a drawer: close it once the user has picked a page.
  useEffect(() => close(), [location.pathname, close])

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
      styles={{ main: { background: 'var(--daifuku-page-bg)' } }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" data-testid="nav-toggle" />
            <Brand hideTextOnPhone />
            <TenantSwitcher />
          </Group>
          <Group gap={4} wrap="nowrap">
            <GlobalSearch />
            <NotificationBell />
            <LanguageSwitch compactOnPhone />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" data-testid="nav">
        <AppShell.Section grow component={ScrollArea}>
          <NavLinks />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<CenteredLoader />}>
          <div style={{ maxWidth: 1200, margin: '0 auto' }}>
            <Outlet />
          </div>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  )
}
