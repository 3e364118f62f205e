/**
 * 活動履歴 on a customer page: every activity linked to the account (or contact), newest
 * first, with quick-add on top. Other modules embed it: <ActivityTimeline accountId=… />,
 * <ActivityTimeline contactId=… /> or <ActivityTimeline relatedType="deals" relatedId=… accountId=… />.
 */
import { Button, Card, Divider, Stack, ThemeIcon, Timeline, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { ActivitySummary, KIND_COLORS, KIND_ICONS } from './ActivityItem.tsx'
import { useTimeline } from './api.ts'
import { type ActivityLinks, QuickAdd } from './QuickAdd.tsx'

export function ActivityTimeline(links: ActivityLinks) {
  const { t } = useTranslation('activities')
  const canRead = useCan('activities', 'read')
  const canCreate = useCan('activities', 'create')
  // The list shows what belongs to the most specific link; new activities carry every link.
  const filter = links.relatedId ? { relatedType: links.relatedType, relatedId: links.relatedId } : links.contactId ? { contactId: links.contactId } : { accountId: links.accountId }
  const timeline = useTimeline(filter, canRead)
  if (!canRead) return null
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? []
  return (
    <Card padding="lg" data-testid="activity-timeline">
      <Title order={5} mb="md">
        {t('timeline.title')}
      </Title>
      {canCreate ? (
        <>
          <QuickAdd links={links} />
          <Divider my="md" />
        </>
      ) : null}
      {timeline.isPending ? <CenteredLoader /> : null}
      {timeline.error ? <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
      {!timeline.isPending && items.length === 0 ? <EmptyState message={t('timeline.empty')} /> : null}
      {items.length > 0 ? (
        <Stack gap="xs">
          <Timeline bulletSize={26} lineWidth={2}>
            {items.map((a) => {
              const Icon = KIND_ICONS[a.kind]
              return (
                <Timeline.Item
                  key={a.id}
                  bullet={
                    <ThemeIcon size={26} radius="xl" color={KIND_COLORS[a.kind]} variant="light">
                      <Icon size={14} />
                    </ThemeIcon>
                  }
                >
                  <ActivitySummary activity={a} />
                </Timeline.Item>
              )
            })}
          </Timeline>
          {timeline.hasNextPage ? (
            <Button variant="subtle" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage} data-testid="activity-load-more">
              {t('timeline.loadMore')}
            </Button>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  )
}
