/** マイタスク: tasks assigned to me, soonest due first; tick to complete; quick-add a task. */
import { Button, Card, Collapse, Group, SegmentedControl, Stack } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { ActivitySummary } from './ActivityItem.tsx'
import { type TaskFilter, useMyTasks } from './api.ts'
import { QuickAdd } from './QuickAdd.tsx'

export default function MyTasksPage() {
  const { t } = useTranslation('activities')
  const [filter, setFilter] = useState<TaskFilter>('open')
  const [adding, add] = useDisclosure(false)
  const canCreate = useCan('activities', 'create')
  const tasks = useMyTasks(filter)
  const items = tasks.data?.pages.flatMap((p) => p.data) ?? []
  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        description={t('tasks.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={add.toggle} data-testid="task-new">
              {t('tasks.new')}
            </Button>
          ) : null
        }
      />
      <Collapse in={adding}>
        <Card padding="lg" mb="md">
          <QuickAdd kinds={['task']} onDone={add.close} />
        </Card>
      </Collapse>
      <SegmentedControl
        mb="md"
        value={filter}
        onChange={(v) => setFilter(v as TaskFilter)}
        data={(['open', 'overdue', 'done'] as const).map((f) => ({ value: f, label: t(`tasks.filter.${f}`) }))}
        data-testid="task-filter"
      />
      {tasks.error ? <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
      <Card padding="md" data-testid="task-list">
        {tasks.isPending ? <CenteredLoader /> : null}
        {!tasks.isPending && items.length === 0 ? <EmptyState message={t('tasks.empty')} /> : null}
        <Stack gap="md">
          {items.map((a) => (
            <ActivitySummary key={a.id} activity={a} showAccount />
          ))}
        </Stack>
        {tasks.hasNextPage ? (
          <Group justify="center" mt="md">
            <Button variant="subtle" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage} data-testid="task-load-more">
              {t('common:actions.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Card>
    </>
  )
}
