/** ジョブ: background jobs by status (dead and failed first), with retry. */
import { Badge, Button, SegmentedControl, Table, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconRefresh } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../../api/client.ts'
import { useCan } from '../../../auth/session.tsx'
import { errorMessage } from '../../../components/errors.ts'
import { PageHeader } from '../../../components/PageHeader.tsx'
import { useFormat } from '../../../i18n/format.ts'
import { AdminList } from '../AdminList.tsx'
import { useKeysetList, type Job } from '../api.ts'

const STATUSES = ['dead', 'failed', 'pending', 'running', 'done'] as const
const statusColor: Record<Job['status'], string> = { dead: 'red', failed: 'orange', pending: 'gray', running: 'blue', done: 'teal' }

export default function JobsPage() {
  const { t } = useTranslation('admin')
  const format = useFormat()
  const client = useQueryClient()
  const canRetry = useCan('jobs', 'update')
  const [status, setStatus] = useState<Job['status']>('dead')
  const list = useKeysetList<Job>('jobs', '/api/v1/jobs', { status })
  const retry = useMutation({
    mutationFn: (job: Job) => api.post<Job>(`/api/v1/jobs/${job.id}/retry`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['jobs'] })
      notifications.show({ color: 'teal', message: t('jobs.retried') })
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err, t) }),
  })

  return (
    <>
      <PageHeader title={t('jobs.title')} description={t('jobs.description')} />
      <AdminList
        toolbar={
          <SegmentedControl
            value={status}
            onChange={(v) => setStatus(v as Job['status'])}
            data={STATUSES.map((s) => ({ value: s, label: t(`jobs.statuses.${s}`) }))}
            data-testid="job-status-filter"
            style={{ maxWidth: '100%', overflowX: 'auto' }}
          />
        }
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        count={list.rows.length}
        empty={t('jobs.empty')}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        testId="job-table"
      >
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('jobs.type')}</Table.Th>
              <Table.Th>{t('jobs.status')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('jobs.attempts')}</Table.Th>
              <Table.Th visibleFrom="md">{t('jobs.runAt')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('jobs.lastError')}</Table.Th>
              {canRetry ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((job) => (
              <Table.Tr key={job.id} data-testid="job-row">
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {job.type}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor[job.status]}>
                    {t(`jobs.statuses.${job.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  {job.attempts} / {job.maxAttempts}
                </Table.Td>
                <Table.Td visibleFrom="md" className="daifuku-nowrap">
                  {format.dateTime(job.runAt)}
                </Table.Td>
                <Table.Td visibleFrom="sm" maw={360}>
                  {job.lastError ? (
                    <Tooltip label={job.lastError} multiline w={420}>
                      <Text size="xs" c="red.7" lineClamp={2}>
                        {job.lastError}
                      </Text>
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                {canRetry ? (
                  <Table.Td>
                    {job.status === 'dead' || job.status === 'failed' ? (
                      <Button size="compact-sm" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => retry.mutate(job)} loading={retry.isPending && retry.variables?.id === job.id} data-testid="job-retry">
                        {t('jobs.retry')}
                      </Button>
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </AdminList>
    </>
  )
}
