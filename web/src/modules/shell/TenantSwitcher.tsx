/** Organization name in the header; a menu to switch when the user belongs to several. */
import { Button, Menu, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconBuilding, IconCheck, IconSelector } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useSession, useSetSession } from '../../auth/session.tsx'
import { errorMessage } from '../../components/errors.ts'

export function TenantSwitcher() {
  const { t } = useTranslation('shell')
  const session = useSession()
  const setSession = useSetSession()
  const navigate = useNavigate()

  if (session.tenants.length < 2) {
    return (
      <Text size="sm" c="dimmed" truncate visibleFrom="xs" data-testid="tenant-name" maw={220}>
        {session.tenant.name}
      </Text>
    )
  }

  const switchTo = async (tenantId: string) => {
    if (tenantId === session.tenant.id) return
    try {
      const next = await api.post<Session>('/api/v1/auth/switch-tenant', { tenantId })
      setSession(next)
      void navigate('/')
      notifications.show({ color: 'teal', message: t('tenant.switched', { name: next.tenant.name }) })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <Menu position="bottom-start" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="compact-sm"
          leftSection={<IconBuilding size={14} />}
          rightSection={<IconSelector size={14} />}
          data-testid="tenant-switcher"
          aria-label={t('tenant.switch')}
          styles={{ label: { maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' } }}
        >
          {session.tenant.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('tenant.switch')}</Menu.Label>
        {session.tenants.map((tenant) => (
          <Menu.Item
            key={tenant.id}
            onClick={() => void switchTo(tenant.id)}
            rightSection={tenant.id === session.tenant.id ? <IconCheck size={14} /> : null}
            data-testid={`tenant-option-${tenant.id}`}
          >
            <Text size="sm">{tenant.name}</Text>
            <Text size="xs" c="dimmed">
              {tenant.roleName}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
