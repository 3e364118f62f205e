/** インセンティブ明細: commission statements you may read (yours; your team's as a manager), lines and CSV. */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconDownload, IconReceipt2 } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BackLink } from '../../components/BackLink.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { formatMoney, type StatementSummary, useStatement, useStatements } from './api.ts'

export default function StatementsPage() {
  const { t } = useTranslation('incentives')
  const [openId, setOpenId] = useState<string | null>(null)
  if (openId) return <StatementDetail id={openId} onBack={() => setOpenId(null)} />
  return <StatementList onOpen={setOpenId} t={t} />
}

function StatementList({ onOpen, t }: { onOpen: (id: string) => void; t: (key: string, options?: Record<string, unknown>) => string }) {
  const { i18n } = useTranslation()
  const statements = useStatements()
  const list = statements.data ?? []
  const totalsByCurrency = new Map<string, number>()
  for (const s of list) totalsByCurrency.set(s.currency, (totalsByCurrency.get(s.currency) ?? 0) + s.totals.commission)
  return (
    <>
      <PageHeader title={t('statements.title')} description={t('statements.description')} />
      <Card padding="sm">
        <ErrorAlert error={statements.error} onRetry={() => void statements.refetch()} />
        {statements.isPending ? (
          <CenteredLoader />
        ) : list.length === 0 ? (
          <EmptyState message={t('statements.empty')} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="statement-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.rep')}</Table.Th>
                  <Table.Th>{t('fields.plan')}</Table.Th>
                  <Table.Th>{t('fields.period')}</Table.Th>
                  <Table.Th ta="right">{t('fields.base')}</Table.Th>
                  <Table.Th ta="right">{t('fields.commission')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((s: StatementSummary) => (
                  <Table.Tr key={s.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(s.id)} data-testid="statement-row">
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {s.userName ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.planName}</Table.Td>
                    <Table.Td>
                      {s.periodStart} 〜 {s.periodEnd}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(s.totals.base, s.currency, i18n.language)}</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="statement-commission">
                      {formatMoney(s.totals.commission, s.currency, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {list.length > 0 ? (
        <Group justify="flex-end" mt="sm" gap="lg">
          {[...totalsByCurrency].map(([currency, total]) => (
            <Text key={currency} size="sm" c="dimmed">
              {t('statements.grandTotal')}: <b>{formatMoney(total, currency, i18n.language)}</b>
            </Text>
          ))}
        </Group>
      ) : null}
    </>
  )
}

function StatementDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation('incentives')
  const statement = useStatement(id)
  const back = (
    <span onClick={onBack} style={{ cursor: 'pointer' }} data-testid="statement-back">
      <BackLink to="/incentives" label={t('statements.backToList')} />
    </span>
  )
  if (statement.isPending) return <CenteredLoader />
  if (statement.error)
    return (
      <>
        <PageHeader title={t('statements.title')} back={back} />
        <ErrorAlert error={statement.error} />
      </>
    )
  const s = statement.data
  const money = (v: number) => formatMoney(v, s.currency, i18n.language)
  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="statement-title">{t('statements.detailTitle', { name: s.userName ?? '—' })}</span>}
        description={`${s.planName} ・ ${s.periodStart} 〜 ${s.periodEnd}`}
        actions={
          <Button
            component="a"
            href={`/api/v1/commission-statements/${s.id}/csv?lang=${i18n.language.startsWith('en') ? 'en' : 'ja'}`}
            variant="default"
            leftSection={<IconDownload size={16} />}
            data-testid="statement-csv"
          >
            {t('statements.csv')}
          </Button>
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Card padding="lg">
            <Text size="xs" c="dimmed">
              {t('fields.base')}
            </Text>
            <Title order={3}>{money(s.totals.base)}</Title>
          </Card>
          <Card padding="lg">
            <Text size="xs" c="dimmed">
              {t('fields.commission')}
            </Text>
            <Title order={3} c="teal.7" data-testid="statement-total">
              {money(s.totals.commission)}
            </Title>
          </Card>
          <Card padding="lg">
            <Text size="xs" c="dimmed">
              {t('fields.rule')}
            </Text>
            <Group gap="xs" mt={6}>
              <Badge variant="light">{t(`basis.${s.basis}`)}</Badge>
              <Badge variant="light" color="grape">
                {s.method === 'flat' ? t('method.flat') : t(`tierMode.${s.tierMode}`)}
              </Badge>
            </Group>
          </Card>
        </SimpleGrid>
        <Card padding="sm">
          {s.lines.length === 0 ? (
            <EmptyState message={t('statements.noLines')} />
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" data-testid="statement-lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.date')}</Table.Th>
                    <Table.Th>{t('fields.source')}</Table.Th>
                    <Table.Th>{t('fields.lineDescription')}</Table.Th>
                    <Table.Th ta="right">{t('fields.base')}</Table.Th>
                    <Table.Th ta="right">{t('fields.rate')}</Table.Th>
                    <Table.Th ta="right">{t('fields.commission')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.lines.map((line, i) => (
                    <Table.Tr key={`${line.sourceId}-${i}`} data-testid="statement-line">
                      <Table.Td>{line.date}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <IconReceipt2 size={14} color="var(--mantine-color-gray-6)" />
                          <Text size="sm">
                            {t(`source.${line.sourceType}`)}: {line.sourceLabel}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>{line.sourceType === 'invoice' ? line.description : '—'}</Table.Td>
                      <Table.Td ta="right">{money(line.base)}</Table.Td>
                      <Table.Td ta="right">{line.rate}%</Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {money(line.commission)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={3}>{t('statements.total')}</Table.Th>
                    <Table.Th ta="right">{money(s.totals.base)}</Table.Th>
                    <Table.Th />
                    <Table.Th ta="right">{money(s.totals.commission)}</Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      </Stack>
    </>
  )
}
