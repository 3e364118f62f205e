/**
 * The 360° panel of an account or contact page: stage steppers and customer type, then one timeline
 * of everything that happened (filter chips, load more) with the comment box on top. One overview
 * request fills it; the page mounts it with <Customer360Panel type="accounts" id=… />.
 */
import { Button, Card, Chip, Divider, Group, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { type CustomerRecordType, type Page, TIMELINE_KINDS, type TimelineItem, type TimelineKind, useCustomerOverview, useCustomerTimeline } from './api.ts'
import { CommentBox } from './CommentBox.tsx'
import { StagesCard } from './StagesCard.tsx'
import { TimelineEntry } from './TimelineEntry.tsx'

function CustomerTimeline({ type, id, firstPage }: { type: CustomerRecordType; id: string; firstPage: Page<TimelineItem> }) {
  const { t } = useTranslation('customer360')
  const session = useSession()
  const [kinds, setKinds] = useState<TimelineKind[]>([...TIMELINE_KINDS])
  const timeline = useCustomerTimeline(type, id, kinds, firstPage)
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? []
  return (
    <Card padding="lg" data-testid="customer-timeline">
      <Title order={5} mb="md">
        {t('timeline.title')}
      </Title>
      <CommentBox type={type} id={id} />
      <Divider my="md" />
      <Stack gap={6} mb="md">
        <Text size="xs" c="dimmed">
          {t('timeline.filter')}
        </Text>
        <Chip.Group multiple value={kinds} onChange={(value) => setKinds(TIMELINE_KINDS.filter((k) => value.includes(k)))}>
          <Group gap={6}>
            {TIMELINE_KINDS.map((kind) => (
              <Chip key={kind} value={kind} size="xs" variant="light" wrapperProps={{ 'data-testid': `timeline-filter-${kind}` }}>
                {t(`timeline.kinds.${kind}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Stack>
      {timeline.isPending && kinds.length > 0 ? <CenteredLoader /> : null}
      {timeline.error ? <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
      {!timeline.isPending && items.length === 0 ? <EmptyState message={t('timeline.empty')} /> : null}
      {kinds.length === 0 ? <EmptyState message={t('timeline.empty')} /> : null}
      {items.length > 0 ? (
        <Stack gap="md">
          {items.map((item) => (
            <TimelineEntry key={`${item.kind}:${item.id}`} item={item} type={type} recordId={id} currentUserId={session.user.id} />
          ))}
          {timeline.hasNextPage ? (
            <Button variant="subtle" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage} data-testid="timeline-load-more">
              {t('timeline.loadMore')}
            </Button>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  )
}

export function Customer360Panel({ type, id }: { type: CustomerRecordType; id: string }) {
  const overview = useCustomerOverview(type, id)
  if (overview.isPending) return <CenteredLoader />
  if (overview.error) return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
  return (
    <Stack gap="md" data-testid="customer-360">
      <StagesCard type={type} id={id} stages={overview.data.stages} canUpdate={overview.data.canUpdate} />
      <CustomerTimeline type={type} id={id} firstPage={overview.data.timeline} />
    </Stack>
  )
}
