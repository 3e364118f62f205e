/** Shared pieces of the admin list pages: a card with the table, states and "load more". */
import { Button, Card, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'

interface Props {
  toolbar?: ReactNode
  isPending: boolean
  error: unknown
  onRetry?: () => void
  count: number
  empty: string
  hasNextPage?: boolean
  isFetchingNextPage?: boolean
  fetchNextPage?: () => void
  testId: string
  children: ReactNode
}

export function AdminList({ toolbar, isPending, error, onRetry, count, empty, hasNextPage, isFetchingNextPage, fetchNextPage, testId, children }: Props) {
  const { t } = useTranslation()
  return (
    <Card padding={0}>
      {toolbar ? (
        <div style={{ padding: 'var(--mantine-spacing-md)', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>{toolbar}</div>
      ) : null}
      <ErrorAlert error={error} onRetry={onRetry} />
      {isPending ? (
        <CenteredLoader />
      ) : count === 0 ? (
        <EmptyState message={empty} />
      ) : (
        <div className="daifuku-table-wrap" data-testid={testId}>
          {children}
        </div>
      )}
      {hasNextPage ? (
        <Stack align="center" p="md">
          <Button variant="light" onClick={fetchNextPage} loading={isFetchingNextPage} data-testid={`${testId}-load-more`}>
            {t('actions.loadMore')}
          </Button>
        </Stack>
      ) : count > 0 ? (
        <Text size="xs" c="dimmed" ta="center" p="sm">
          {t('states.allLoaded')}
        </Text>
      ) : null}
    </Card>
  )
}
