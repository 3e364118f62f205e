/** 名寄せ queue: candidate pairs best first with why they match, "not a duplicate", and "scan now" with its progress. */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowsJoin2, IconRefresh, IconX } from '@tabler/icons-react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { useCan } from '../../auth/session.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { type DuplicateCandidate, type DuplicateType, type RecordSummary, useDismissCandidate, useDuplicateQueue, useScanStatus, useStartScan } from './api.ts'
import { LEVEL_COLOR } from './levels.ts'

const TYPES: DuplicateType[] = ['contacts', 'accounts']

export default function DuplicateQueuePage() {
  const { t } = useTranslation('duplicates')
  const [params, setParams] = useSearchParams()
  const type: DuplicateType = params.get('type') === 'accounts' ? 'accounts' : 'contacts'
  const canUpdate = useCan(type, 'update')
  const canDelete = useCan(type, 'delete')
  const canMerge = canUpdate && canDelete
  const queue = useDuplicateQueue(type)
  const dismiss = useDismissCandidate(type)
  const rows = queue.data?.pages.flatMap((p) => p.data) ?? []

  const setType = (value: string) => setParams(value === 'accounts' ? { type: 'accounts' } : {}, { replace: true })

  const onDismiss = async (pair: DuplicateCandidate) => {
    await dismiss.mutateAsync(pair.id)
    notifications.show({ color: 'teal', message: t('dismissed') })
  }

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={canMerge ? <ScanButton type={type} /> : null} />
      <Card padding={0}>
        <Group p="md" gap="sm" justify="space-between" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <SegmentedControl value={type} onChange={setType} data={TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))} data-testid="duplicates-type" />
          <ScanStatusLine key={type} type={type} />
        </Group>
        <ErrorAlert error={queue.error ?? dismiss.error} onRetry={() => void queue.refetch()} />
        {queue.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState message={t('empty')} />
        ) : (
          <Stack gap={0} data-testid="duplicates-queue">
            {rows.map((pair) => (
              <Group
                key={pair.id}
                p="md"
                gap="md"
                wrap="wrap"
                justify="space-between"
                style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                data-testid="duplicate-pair"
                data-id={pair.id}
              >
                <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
                  <Group gap="xs">
                    <Badge color={LEVEL_COLOR[pair.level]} variant="light">
                      {t(`levels.${pair.level}`)}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {t('score', { percent: Math.round(pair.score * 100) })}
                    </Text>
                  </Group>
                  <Group gap="lg" wrap="wrap" align="flex-start">
                    <RecordCell type={type} record={pair.a} />
                    <RecordCell type={type} record={pair.b} />
                  </Group>
                  <Group gap={6}>
                    {pair.reasons.map((reason) => (
                      <Badge key={reason} size="sm" variant="outline" color="gray" data-testid="duplicate-reason">
                        {t(`reasons.${reason}`)}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
                {canMerge ? (
                  <Group gap="xs">
                    <Button
                      variant="default"
                      leftSection={<IconX size={16} />}
                      onClick={() => void onDismiss(pair)}
                      loading={dismiss.isPending && dismiss.variables === pair.id}
                      data-testid="duplicate-dismiss"
                    >
                      {t('dismiss')}
                    </Button>
                    <Button
                      component={Link}
                      to={`/duplicates/merge?type=${type}&a=${pair.a.id}&b=${pair.b.id}`}
                      leftSection={<IconArrowsJoin2 size={16} />}
                      data-testid="duplicate-compare"
                    >
                      {t('compare')}
                    </Button>
                  </Group>
                ) : null}
              </Group>
            ))}
          </Stack>
        )}
        {rows.length > 0 ? (
          <Stack align="center" p="md" gap={4}>
            <Text size="xs" c="dimmed">
              {t('count', { count: rows.length })}
            </Text>
            {queue.hasNextPage ? (
              <Button variant="light" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
                {t('common:actions.loadMore')}
              </Button>
            ) : null}
          </Stack>
        ) : null}
      </Card>
    </>
  )
}

function RecordCell({ type, record }: { type: DuplicateType; record: RecordSummary }) {
  return (
    <Stack gap={0} style={{ minWidth: 0, flex: '1 1 200px' }}>
      <Anchor component={Link} to={`/${type}/${record.id}`} fw={600} size="sm" data-testid="duplicate-record">
        {record.name || '—'}
      </Anchor>
      {record.detail ? (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {record.detail}
        </Text>
      ) : null}
    </Stack>
  )
}

function ScanButton({ type }: { type: DuplicateType }) {
  const { t } = useTranslation('duplicates')
  const status = useScanStatus(type)
  const start = useStartScan(type)
  const busy = status.data?.status === 'pending' || status.data?.status === 'running'
  return (
    <Button leftSection={<IconRefresh size={16} />} onClick={() => start.mutate()} loading={start.isPending || busy} data-testid="duplicates-scan">
      {t('scan.start')}
    </Button>
  )
}

/** Where the latest scan stands; when one finishes while the page is open, the queue reloads and a notice says so. */
function ScanStatusLine({ type }: { type: DuplicateType }) {
  const { t } = useTranslation('duplicates')
  const format = useFormat()
  const client = useQueryClient()
  const status = useScanStatus(type)
  const previous = useRef<string | undefined>(undefined)
  const current = status.data ? `${status.data.jobId ?? ''}:${status.data.status}` : undefined
  const finished = status.data?.status === 'done' || status.data?.status === 'failed'
  const openCandidates = status.data?.openCandidates ?? 0
  const doneNow = status.data?.status === 'done'
  useEffect(() => {
    const was = previous.current
    previous.current = current
    // A scan that finished since the page loaded (even one too quick to be seen running) reloads the queue.
    if (was !== undefined && current !== undefined && was !== current && finished) {
      void client.invalidateQueries({ queryKey: ['duplicates', 'queue', type] })
      if (doneNow) notifications.show({ color: 'teal', message: t('scan.finished', { count: openCandidates }) })
    }
  }, [current, finished, doneNow, openCandidates, client, type, t])

  if (!status.data) return null
  const s = status.data
  if (s.status === 'failed') {
    return (
      <Alert color="red" variant="light" py={6} data-testid="duplicates-scan-status" data-status={s.status}>
        {t('scan.failed')}
      </Alert>
    )
  }
  return (
    <Group gap="xs" data-testid="duplicates-scan-status" data-status={s.status}>
      {s.status === 'pending' || s.status === 'running' ? <Loader size={14} /> : null}
      <Text size="sm" c="dimmed">
        {s.status === 'done' && s.finishedAt ? t('scan.done', { time: format.dateTime(s.finishedAt) }) : t(`scan.${s.status}`)}
      </Text>
      <Text size="sm" c="dimmed">
        · {t('scan.open', { count: s.openCandidates })}
      </Text>
    </Group>
  )
}
