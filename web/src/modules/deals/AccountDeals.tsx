/** The deals of one account, for its page: stage, amount, close date, and a quick "new deal". */
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { type Deal, formatDay, formatMoney, usePipelines } from './api.ts'
import { DealFormModal } from './DealFormModal.tsx'

export function AccountDeals({ accountId, accountName }: { accountId: string; accountName?: string }) {
  const { t, i18n } = useTranslation('deals')
  const canRead = useCan('deals', 'read')
  const canCreate = useCan('deals', 'create')
  const pipelines = usePipelines()
  const [creating, setCreating] = useState(false)
  const deals = useQuery({
    queryKey: ['deals', 'account', accountId],
    queryFn: () => api.get<Page<Deal>>('/api/v1/deals', { accountId, limit: 50 }),
    enabled: canRead,
  })
  if (!canRead) return null
  const rows = deals.data?.data ?? []
  const open = rows.filter((d) => d.status === 'open')
  const defaultPipeline = pipelines.data?.data.find((p) => p.isDefault) ?? pipelines.data?.data[0]
  const color = (status: Deal['status']) => (status === 'won' ? 'teal' : status === 'lost' ? 'gray' : 'blue')

  return (
    <Card padding="lg" data-testid="account-deals">
      <Group justify="space-between" mb="sm">
        <Stack gap={0}>
          <Title order={5}>{t('title')}</Title>
          {rows.length > 0 ? (
            <Text size="xs" c="dimmed">
              {t('accountSummary', { open: open.length, amount: formatMoney(open.reduce((sum, d) => sum + (d.currency === 'JPY' ? (d.amount ?? 0) : 0), 0), 'JPY', i18n.language) })}
            </Text>
          ) : null}
        </Stack>
        {canCreate && defaultPipeline ? (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="account-deal-new">
            {t('new')}
          </Button>
        ) : null}
      </Group>
      <ErrorAlert error={deals.error} onRetry={() => void deals.refetch()} />
      {rows.length === 0 && !deals.isPending ? (
        <Text size="sm" c="dimmed">
          {t('accountEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {rows.map((deal) => (
                <Table.Tr key={deal.id} data-testid="account-deal-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={500}>
                      {deal.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={color(deal.status)}>
                      {deal.status === 'open' ? (deal.stageName ?? t('status.open')) : t(`status.${deal.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{deal.amount !== undefined ? formatMoney(deal.amount, deal.currency, i18n.language) : ''}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {formatDay(deal.expectedCloseDate, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {deal.ownerName ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && defaultPipeline ? (
        <DealFormModal pipelineId={defaultPipeline.id} account={{ id: accountId, name: accountName ?? '' }} onClose={() => setCreating(false)} />
      ) : null}
    </Card>
  )
}
