/** The header bell: unread count, the latest notifications in a popover, mark read, follow the link. */
import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconBell } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type Notification, useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, useUnreadCount } from './api.ts'

export function NotificationBell() {
  const { t } = useTranslation('activities')
  const format = useFormat()
  const navigate = useNavigate()
  const [opened, { toggle, close }] = useDisclosure(false)
  const unread = useUnreadCount()
  const list = useNotifications(opened)
  const markRead = useMarkNotificationRead()
  const markAll = useMarkAllNotificationsRead()
  const count = unread.data?.unread ?? 0

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id)
    close()
    if (n.link) void navigate(n.link)
  }

  return (
    <Popover opened={opened} onChange={(o) => !o && close()} position="bottom-end" width={340} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} color="red" disabled={count === 0} offset={4} data-testid="notification-count" data-count={count}>
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={t('bell.label')} data-testid="notification-bell">
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="notification-panel">
        <Group justify="space-between" mb="xs" px={4}>
          <Text fw={600} size="sm">
            {t('bell.title')}
          </Text>
          <Button size="compact-xs" variant="subtle" disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="notification-read-all">
            {t('bell.markAllRead')}
          </Button>
        </Group>
        {list.error ? <ErrorAlert error={list.error} /> : null}
        <ScrollArea.Autosize mah={360}>
          <Stack gap={2}>
            {(list.data?.data ?? []).map((n) => (
              <UnstyledButton
                key={n.id}
                onClick={() => open(n)}
                p={6}
                style={{ borderRadius: 6, background: n.readAt ? undefined : 'var(--mantine-color-blue-light)' }}
                data-testid="notification-item"
                data-read={n.readAt ? 'true' : 'false'}
              >
                <Text size="xs" c="dimmed">
                  {t(`bell.kinds.${n.kind}`, { defaultValue: n.kind })} ・ {format.dateTime(n.createdAt)}
                </Text>
                <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                  {n.title}
                </Text>
                {n.body ? (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.body}
                  </Text>
                ) : null}
              </UnstyledButton>
            ))}
            {list.data && list.data.data.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="md" data-testid="notification-empty">
                {t('bell.empty')}
              </Text>
            ) : null}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  )
}
