/** 契約詳細: every field the role may see, renew and status actions, the status history and attached 資料. */
import { Anchor, Button, Card, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPencil, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { BackLink } from '../../components/BackLink.tsx'
import { DetailField } from '../../components/DetailField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { formatDay, formatMoney } from '../deals/api.ts'
import { DocumentsPanel } from '../documents/DocumentsPanel.tsx'
import { type Contract, daysUntil, useContract, useContractHistory, useDeleteContract } from './api.ts'
import { ContractStatusMenu, RenewContractButton } from './ContractActions.tsx'
import { ContractStatusBadge } from './ContractStatusBadge.tsx'

export default function ContractDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('contracts')
  const contract = useContract(id)
  const back = <BackLink to="/contracts" label={t('backToList')} />
  if (contract.isPending) return <CenteredLoader />
  if (contract.error)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorAlert error={contract.error} />
      </>
    )
  return <ContractDetail contract={contract.data} back={back} />
}

function ContractDetail({ contract: c, back }: { contract: Contract; back: ReactNode }) {
  const { t, i18n } = useTranslation('contracts')
  const format = useFormat()
  const navigate = useNavigate()
  const canUpdate = useCan('contracts', 'update')
  const canDelete = useCan('contracts', 'delete')
  const history = useContractHistory(c.id)
  const remove = useDeleteContract()
  const [confirming, confirm] = useDisclosure()
  const day = (v: string | null | undefined) => formatDay(v, i18n.language)
  const left = daysUntil(c.endDate)

  const fields: [string, ReactNode | undefined][] = [
    ['number', c.number === undefined ? undefined : c.number || '—'],
    [
      'accountId',
      c.accountId === undefined ? undefined : (
        <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
          {c.accountName}
        </Anchor>
      ),
    ],
    ['period', c.startDate !== undefined && c.endDate !== undefined ? `${day(c.startDate)} – ${day(c.endDate)}` : undefined],
    ['renewalDate', c.renewalDate === undefined ? undefined : c.renewalDate ? day(c.renewalDate) : t('renewalDateDefault', { date: day(c.endDate) })],
    ['noticeDays', c.noticeDays === undefined ? undefined : t('noticeDaysValue', { count: c.noticeDays })],
    ['autoRenew', c.autoRenew === undefined ? undefined : c.autoRenew ? t('autoRenewOn', { months: c.renewalTermMonths ?? 12 }) : t('autoRenewOff')],
    ['value', c.value === undefined ? undefined : formatMoney(c.value, c.currency, i18n.language)],
    ['billingCycle', c.billingCycle === undefined ? undefined : t(`billingCycle.${c.billingCycle}`)],
    ['ownerId', c.ownerId === undefined ? undefined : (c.ownerName ?? t('noOwner'))],
  ]

  const doDelete = async () => {
    try {
      await remove.mutateAsync(c.id)
      notifications.show({ color: 'teal', message: t('deleted', { name: c.title ?? '' }) })
      void navigate('/contracts', { replace: true })
    } catch (error) {
      confirm.close()
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="contract-title">{c.title ?? '—'}</span>}
        description={
          <Group component="span" gap="sm">
            <ContractStatusBadge status={c.status} testId="contract-status" />
            {left !== null && left >= 0 && c.status !== 'cancelled' && c.status !== 'draft' ? <span>{t('daysLeft', { count: left })}</span> : null}
          </Group>
        }
        actions={
          <>
            {canUpdate ? <RenewContractButton contract={c} /> : null}
            {canUpdate ? <ContractStatusMenu contract={c} /> : null}
            {canUpdate ? (
              <Button component={Link} to={`/contracts/${c.id}/edit`} variant="default" leftSection={<IconPencil size={16} />} data-testid="contract-edit">
                {t('common:actions.edit')}
              </Button>
            ) : null}
            {canDelete ? (
              <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirm.open} data-testid="contract-delete">
                {t('common:actions.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card padding="lg">
              <Title order={5} mb="md">
                {t('sections.basic')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
                {fields
                  .filter(([, value]) => value !== undefined)
                  .map(([name, value]) => (
                    <DetailField key={name} label={t(`fields.${name}`)} testId={`contract-${name}`}>
                      {value}
                    </DetailField>
                  ))}
              </SimpleGrid>
            </Card>
            {c.terms !== undefined ? (
              <Card padding="lg">
                <Title order={5} mb="sm">
                  {t('fields.terms')}
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="contract-terms">
                  {c.terms || '—'}
                </Text>
              </Card>
            ) : null}
            <DocumentsPanel recordType="contract" recordId={c.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="lg">
            <Title order={5} mb="sm">
              {t('sections.history')}
            </Title>
            <ErrorAlert error={history.error} />
            <Timeline bulletSize={14} lineWidth={2} data-testid="contract-history">
              {(history.data?.data ?? [])
                .slice()
                .reverse()
                .map((h) => (
                  <Timeline.Item
                    key={h.id}
                    data-testid="contract-history-item"
                    title={h.fromStatus ? `${t(`status.${h.fromStatus}`)} → ${t(`status.${h.toStatus}`)}` : t('historyCreated', { status: t(`status.${h.toStatus}`) })}
                  >
                    {h.note ? (
                      <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                        {h.note}
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      {format.dateTime(h.changedAt)}
                      {` · ${h.changedByName ?? t('automatic')}`}
                    </Text>
                  </Timeline.Item>
                ))}
            </Timeline>
          </Card>
          <Group gap="xl" c="dimmed" mt="md">
            <Text size="xs">
              {t('fields.createdAt')}: {format.dateTime(c.createdAt)}
            </Text>
            <Text size="xs">
              {t('fields.updatedAt')}: {format.dateTime(c.updatedAt)}
            </Text>
          </Group>
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={confirming}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: c.title ?? '' })}
        loading={remove.isPending}
        onConfirm={() => void doDelete()}
        onClose={confirm.close}
      />
    </>
  )
}
