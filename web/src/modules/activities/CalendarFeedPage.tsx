/** Settings › カレンダー連携: create, rotate or turn off the secret iCalendar feed URL. */
import { Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { SettingsLayout } from '../settings/SettingsLayout.tsx'
import { useCalendarFeed, useRevokeCalendarFeed, useRotateCalendarFeed } from './api.ts'

export default function CalendarFeedPage() {
  const { t } = useTranslation('activities')
  const format = useFormat()
  const feed = useCalendarFeed()
  const rotate = useRotateCalendarFeed()
  const revoke = useRevokeCalendarFeed()
  const [url, setUrl] = useState<string | null>(null)
  const [confirming, confirm] = useDisclosure()

  const issue = async () => {
    try {
      const result = await rotate.mutateAsync()
      setUrl(result.url)
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }
  const turnOff = async () => {
    try {
      await revoke.mutateAsync()
      setUrl(null)
      confirm.close()
      notifications.show({ color: 'teal', message: t('feed.revoked') })
    } catch (error) {
      confirm.close()
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <SettingsLayout>
      <Card padding="lg" maw={720} data-testid="calendar-feed">
        <Title order={5} mb="xs">
          {t('feed.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('feed.description')}
        </Text>
        {feed.isPending ? <CenteredLoader /> : null}
        {feed.error ? <ErrorAlert error={feed.error} /> : null}
        {feed.data ? (
          <Stack gap="sm">
            <Text size="sm" data-testid="calendar-feed-status" data-active={feed.data.active ? 'true' : 'false'}>
              {feed.data.active ? t('feed.active', { prefix: feed.data.prefix, date: format.dateTime(feed.data.createdAt) }) : t('feed.inactive')}
            </Text>
            {url ? (
              <Group align="flex-end" wrap="nowrap">
                <TextInput label={t('feed.urlLabel')} value={url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} data-testid="calendar-feed-url" />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button variant="default" onClick={copy} data-testid="calendar-feed-copy">
                      {copied ? t('common:actions.copied') : t('common:actions.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            ) : null}
            <Group>
              <Button onClick={() => void issue()} loading={rotate.isPending} data-testid="calendar-feed-rotate">
                {feed.data.active ? t('feed.rotate') : t('feed.create')}
              </Button>
              {feed.data.active ? (
                <Button variant="light" color="red" onClick={confirm.open} data-testid="calendar-feed-revoke">
                  {t('feed.revoke')}
                </Button>
              ) : null}
            </Group>
            {feed.data.active ? (
              <Text size="xs" c="dimmed">
                {t('feed.rotateNote')}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Card>
      <ConfirmDialog
        opened={confirming}
        title={t('feed.confirmRevokeTitle')}
        message={t('feed.confirmRevokeMessage')}
        loading={revoke.isPending}
        onConfirm={() => void turnOff()}
        onClose={confirm.close}
      />
    </SettingsLayout>
  )
}
