/** The contracts (契約) of one account, for its page: status, period, renewal date, value, and "new contract". */
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconPlus, IconRefresh } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDay, formatMoney } from '../deals/api.ts'
import { useContractList } from './api.ts'
import { ContractStatusBadge } from './ContractStatusBadge.tsx'

export function AccountContracts({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation('contracts')
  const canRead = useCan('contracts', 'read')
  const canCreate = useCan('contracts', 'create')
  const list = useContractList({ accountId }, { pageSize: 20, enabled: canRead })
  if (!canRead) return null
  const rows = list.data?.pages.flatMap((p) => p.data) ?? []

  return (
    <Card padding="lg" data-testid="account-contracts">
      <Group justify="space-between" mb="sm">
        <Title order={5}>{t('title')}</Title>
        {canCreate ? (
          <Button size="xs" variant="light" component={Link} to={`/contracts/new?accountId=${accountId}`} leftSection={<IconPlus size={14} />} data-testid="account-contract-new">
            {t('new')}
          </Button>
        ) : null}
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {rows.length === 0 && !list.isPending ? (
        <Text size="sm" c="dimmed">
          {t('accountEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-testid="account-contract-row">
                  <Table.Td>
                    <Stack gap={0}>
                      <Anchor component={Link} to={`/contracts/${c.id}`} size="sm" fw={500}>
                        {c.title ?? '—'}
                      </Anchor>
                      {c.number ? (
                        <Text size="xs" c="dimmed">
                          {c.number}
                        </Text>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <ContractStatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {formatDay(c.startDate, i18n.language)} – {formatDay(c.endDate, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text size="xs">
                        {t('fields.renewalDate')} {formatDay(c.renewalDate ?? c.endDate, i18n.language)}
                      </Text>
                      {c.autoRenew ? <IconRefresh size={12} aria-label={t('fields.autoRenew')} color="var(--mantine-color-blue-6)" /> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{c.value !== undefined ? formatMoney(c.value, c.currency, i18n.language) : ''}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage ? (
        <Group justify="center" mt="xs">
          <Button variant="subtle" size="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common:actions.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Card>
  )
}
