/** Avatar menu: who is signed in, personal settings, sign out. */
import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core'
import { IconKey, IconLogout, IconUserCircle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api/client.ts'
import { useSession, useSetSession } from '../../auth/session.tsx'

export function initials(name: string): string {
  // Japanese names read best as the first character of the family name (山田 太郎 → 山).
  if (/[\u3040-\u30ff\u3400-\u9fff]/.test(name)) return name.trim().charAt(0)
  const parts = name.trim().split(/\s+/)
  if (parts.length >= 2) return (parts[0]!.charAt(0) + parts[1]!.charAt(0)).toUpperCase()
  return name.trim().slice(0, 2).toUpperCase()
}

export function UserMenu() {
  const { t } = useTranslation('shell')
  const session = useSession()
  const setSession = useSetSession()
  const navigate = useNavigate()

  const signOut = async () => {
    try {
      await api.post('/api/v1/auth/logout', undefined, { expectUnauthenticated: true })
    } catch {
      // Signed out locally either way; the cookie expires on its own.
    }
    setSession(null)
    void navigate('/sign-in', { replace: true })
  }

  return (
    <Menu position="bottom-end" shadow="md" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label={session.user.name}>
          <Avatar color="brand" radius="xl" size={34}>
            {initials(session.user.name || session.user.email)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('userMenu.signedInAs')}</Menu.Label>
        <Text size="sm" fw={600} px="sm" truncate data-testid="user-menu-name">
          {session.user.name}
        </Text>
        <Text size="xs" c="dimmed" px="sm" pb="xs" truncate>
          {session.user.email} · {session.role.name}
        </Text>
        <Menu.Divider />
        <Menu.Item component={Link} to="/settings/profile" leftSection={<IconUserCircle size={16} />} data-testid="user-menu-settings">
          {t('userMenu.settings')}
        </Menu.Item>
        <Menu.Item component={Link} to="/settings/password" leftSection={<IconKey size={16} />} data-testid="user-menu-password">
          {t('userMenu.password')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void signOut()} data-testid="sign-out">
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
