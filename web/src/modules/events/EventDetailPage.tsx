/** イベント詳細: details, publish / cancel / finish, the public link, counts and the tabs for registrants, check-in, waitlist and follow-up. */
import { ActionIcon, Anchor, Badge, Button, Card, CopyButton, Grid, Group, Menu, SimpleGrid, Stack, Tabs, Text, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconCopy, IconDots, IconExternalLink, IconPencil, IconTrash } from '@tabler/icons-react'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { BackLink } from '../../components/BackLink.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { DetailField } from '../../components/DetailField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type CrmEvent, type EventStatus, formatEventRange, publicEventUrl, useDeleteEvent, useEvent, useSaveEvent } from './api.ts'
import { EventStatusBadge } from './EventBadges.tsx'
import { CheckInTab, FollowUpTab, RegistrationsTab, WaitlistTab } from './RegistrationTabs.tsx'

export default function EventDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('events')
  const event = useEvent(id)
  const back = <BackLink to="/events" label={t('backToList')} />
  if (event.isPending) return <CenteredLoader />
  if (event.error)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorAlert error={event.error} />
      </>
    )
  return <EventDetail event={event.data} back={back} />
}

function Stat({ label, value, testId, color }: { label: string; value: ReactNode; testId: string; color?: string }) {
  return (
    <Card padding="md">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  )
}

function EventDetail({ event: e, back }: { event: CrmEvent; back: ReactNode }) {
  const { t, i18n } = useTranslation('events')
  const format = useFormat()
  const navigate = useNavigate()
  const canUpdate = useCan('events', 'update')
  const canDelete = useCan('events', 'delete')
  const save = useSaveEvent(e.id)
  const remove = useDeleteEvent()
  const [deleting, deleteDialog] = useDisclosure()
  const [cancelling, cancelDialog] = useDisclosure()
  const [tab, setTab] = useState<string | null>('registrations')
  const url = publicEventUrl(e.publicKey)

  const setStatus = async (status: EventStatus) => {
    try {
      await save.mutateAsync({ status })
      cancelDialog.close()
      notifications.show({ color: 'teal', message: t(`changed.${status}`) })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  const seatsLeft = e.capacity === null ? t('unlimited') : Math.max(0, e.capacity - e.counts.confirmed)
  const rate = e.counts.attendanceRate === null ? '—' : `${Math.round(e.counts.attendanceRate * 100)}%`

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span data-testid="event-title">{e.title}</span>
            <EventStatusBadge status={e.status} />
          </Group>
        }
        description={`${t(`kind.${e.kind}`)} · ${formatEventRange(e, i18n.language)}`}
        back={back}
        actions={
          canUpdate ? (
            <Group gap="xs">
              {e.status === 'draft' ? (
                <Button onClick={() => void setStatus('published')} loading={save.isPending} data-testid="event-publish">
                  {t('actions.publish')}
                </Button>
              ) : null}
              {e.status === 'cancelled' || e.status === 'finished' ? (
                <Button variant="light" onClick={() => void setStatus('published')} loading={save.isPending} data-testid="event-reopen">
                  {t('actions.reopen')}
                </Button>
              ) : null}
              <Button variant="default" component={Link} to={`/events/${e.id}/edit`} leftSection={<IconPencil size={16} />} data-testid="event-edit">
                {t('common:actions.edit')}
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label={t('common:actions.openMenu')} data-testid="event-menu">
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {e.status === 'published' ? <Menu.Item onClick={() => void setStatus('finished')} data-testid="event-finish">{t('actions.finish')}</Menu.Item> : null}
                  {e.status === 'published' || e.status === 'draft' ? (
                    <Menu.Item color="orange" onClick={cancelDialog.open} data-testid="event-cancel">
                      {t('actions.cancelEvent')}
                    </Menu.Item>
                  ) : null}
                  {canDelete ? (
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={deleteDialog.open} data-testid="event-delete">
                      {t('common:actions.delete')}
                    </Menu.Item>
                  ) : null}
                </Menu.Dropdown>
              </Menu>
            </Group>
          ) : null
        }
      />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card padding="lg" h="100%">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
              <DetailField label={t('fields.schedule')} testId="event-schedule">
                {formatEventRange(e, i18n.language)}
                <Text size="xs" c="dimmed">
                  {e.timeZone}
                </Text>
              </DetailField>
              <DetailField label={t('fields.place')} testId="event-place">
                {e.venue ?? '—'}
                {e.onlineUrl ? (
                  <Anchor href={e.onlineUrl} target="_blank" rel="noreferrer" size="sm" display="block">
                    {e.onlineUrl}
                  </Anchor>
                ) : null}
              </DetailField>
              <DetailField label={t('fields.capacity')} testId="event-capacity">
                {e.capacity ?? t('unlimited')}
              </DetailField>
              <DetailField label={t('fields.ownerId')} testId="event-owner">
                {e.ownerName ?? '—'}
              </DetailField>
              <DetailField label={t('fields.registrationOpensAt')} testId="event-opens">
                {e.registrationOpensAt ? format.dateTime(e.registrationOpensAt) : '—'}
              </DetailField>
              <DetailField label={t('fields.registrationClosesAt')} testId="event-closes">
                {e.registrationClosesAt ? format.dateTime(e.registrationClosesAt) : t('closesAtStart')}
              </DetailField>
            </SimpleGrid>
            {e.description ? (
              <Stack mt="md" gap={2}>
                <DetailField label={t('fields.description')} testId="event-description">
                  {e.description}
                </DetailField>
              </Stack>
            ) : null}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="lg" h="100%">
            <Text size="xs" c="dimmed" fw={600} mb={4}>
              {t('fields.publicUrl')}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Anchor href={url} target="_blank" rel="noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="event-public-link">
                {url}
              </Anchor>
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common:actions.copied') : t('actions.copyLink')}>
                    <ActionIcon variant="subtle" onClick={copy} aria-label={t('actions.copyLink')}>
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
              <ActionIcon variant="subtle" component="a" href={url} target="_blank" rel="noreferrer" aria-label={t('actions.openPage')}>
                <IconExternalLink size={16} />
              </ActionIcon>
            </Group>
            {e.status === 'draft' ? (
              <Badge mt="sm" color="gray" variant="light">
                {t('status.draft')}
              </Badge>
            ) : null}
          </Card>
        </Grid.Col>
      </Grid>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md" mt="md">
        <Stat label={t('stats.confirmed')} value={e.capacity ? `${e.counts.confirmed} / ${e.capacity}` : e.counts.confirmed} testId="event-count-confirmed" />
        <Stat label={t('stats.seatsLeft')} value={seatsLeft} testId="event-count-seats" />
        <Stat label={t('stats.waitlisted')} value={e.counts.waitlisted} testId="event-count-waitlisted" color={e.counts.waitlisted > 0 ? 'orange' : undefined} />
        <Stat label={t('stats.checkedIn')} value={e.counts.checkedIn} testId="event-count-checked-in" />
        <Stat label={t('stats.attendanceRate')} value={rate} testId="event-attendance-rate" color="teal" />
      </SimpleGrid>
      <Card padding={0} mt="md" mb="xl">
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List px="md" pt="xs">
            <Tabs.Tab value="registrations" data-testid="event-tab-registrations">
              {t('tabs.registrations')}
            </Tabs.Tab>
            <Tabs.Tab value="checkIn" data-testid="event-tab-check-in">
              {t('tabs.checkIn')}
            </Tabs.Tab>
            <Tabs.Tab value="waitlist" data-testid="event-tab-waitlist" rightSection={e.counts.waitlisted > 0 ? <Badge size="xs" color="orange">{e.counts.waitlisted}</Badge> : null}>
              {t('tabs.waitlist')}
            </Tabs.Tab>
            <Tabs.Tab value="followUp" data-testid="event-tab-follow-up">
              {t('tabs.followUp')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="registrations">
            <RegistrationsTab event={e} />
          </Tabs.Panel>
          <Tabs.Panel value="checkIn">
            <CheckInTab event={e} />
          </Tabs.Panel>
          <Tabs.Panel value="waitlist">
            <WaitlistTab event={e} />
          </Tabs.Panel>
          <Tabs.Panel value="followUp">
            <FollowUpTab event={e} />
          </Tabs.Panel>
        </Tabs>
      </Card>
      <ConfirmDialog
        opened={cancelling}
        title={t('confirmCancelTitle')}
        message={t('confirmCancelMessage')}
        confirmLabel={t('actions.cancelEvent')}
        loading={save.isPending}
        onConfirm={() => void setStatus('cancelled')}
        onClose={cancelDialog.close}
      />
      <ConfirmDialog
        opened={deleting}
        title={t('deleteTitle')}
        message={t('deleteMessage')}
        confirmLabel={t('common:actions.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          void remove.mutateAsync(e.id).then(
            () => {
              notifications.show({ color: 'teal', message: t('deleted') })
              void navigate('/events', { replace: true })
            },
            (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
          )
        }
        onClose={deleteDialog.close}
      />
    </>
  )
}
