/** Left navigation from the registry; items the role may not use are left out. */
import { NavLink, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { can, useSessionState } from '../../auth/session.tsx'
import { modules, type NavItem } from '../registry.ts'

export function useVisibleNav(): NavItem[] {
  const { session } = useSessionState()
  return modules
    .flatMap((m) => m.nav ?? [])
    .filter((item) => !item.permission || can(session, item.permission.object, item.permission.action ?? 'read'))
}

function isActive(pathname: string, path: string): boolean {
  return path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`)
}

export function NavLinks() {
  const { t } = useTranslation('shell')
  const { pathname } = useLocation()
  const items = useVisibleNav()
  const groups = [
    { id: 'main' as const, label: t('nav.main') },
    { id: 'admin' as const, label: t('nav.admin') },
  ]
  return (
    <Stack gap="md">
      {groups.map((group) => {
        const groupItems = items.filter((item) => item.group === group.id)
        if (groupItems.length === 0) return null
        return (
          <Stack gap={2} key={group.id} data-testid={`nav-group-${group.id}`}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
              {group.label}
            </Text>
            {groupItems.map((item) => (
              <NavLink
                key={item.path}
                component={Link}
                to={item.path}
                label={t(item.label)}
                leftSection={<item.icon size={18} stroke={1.7} />}
                active={isActive(pathname, item.path)}
                variant="light"
                style={{ borderRadius: 8 }}
                data-testid={item.testId}
              />
            ))}
          </Stack>
        )
      })}
    </Stack>
  )
}
