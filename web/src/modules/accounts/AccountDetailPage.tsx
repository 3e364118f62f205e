/** 取引先詳細: every field the role may see, with edit and delete (after a confirm). */
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconMap2, IconPencil, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan, useFieldRules } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { errorMessage } from '../../components/errors.ts'
import { BackLink } from '../../components/BackLink.tsx'
import { DetailField } from '../../components/DetailField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx'
import { AccountRelations } from '../contacts/AccountRelations.tsx'
import { Customer360Panel } from '../customer-360/Customer360Panel.tsx'
import { AccountDeals } from '../deals/AccountDeals.tsx'
import { SegmentBadge } from '../analytics/SegmentBadge.tsx'
import { AccountInsightsCard } from '../analytics/AccountInsightsCard.tsx'
import { useAccount, useDeleteAccount, type Account, type AccountField } from './api.ts'
import { CustomFieldValues } from '../custom-fields/CustomFieldValues.tsx'
import { AccountContracts } from '../contracts/AccountContracts.tsx'
import { DocumentsPanel } from '../documents/DocumentsPanel.tsx'

export default function AccountDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('accounts')
  const account = useAccount(id)
  const back = <BackLink to="/accounts" label={t('backToList')} />
  if (account.isPending) return <CenteredLoader />
  if (account.error)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorAlert error={account.error} />
      </>
    )
  return <AccountDetail account={account.data} back={back} />
}

function AccountDetail({ account, back }: { account: Account; back: ReactNode }) {
  const { t } = useTranslation('accounts')
  const format = useFormat()
  const navigate = useNavigate()
  const rule = useFieldRules('accounts')
  const canUpdate = useCan('accounts', 'update')
  const canDelete = useCan('accounts', 'delete')
  const remove = useDeleteAccount()
  const [confirming, confirm] = useDisclosure()

  const shown = (field: AccountField) => rule(field) !== 'hidden' && field in account
  const value = (field: AccountField): ReactNode => {
    const v = account[field]
    if (field === 'ownerId' && !v) return t('noOwner')
    if (v === null || v === undefined || v === '') return '—'
    if (field === 'annualRevenue') return format.yen(v as number)
    if (field === 'employeeCount') return t('employees', { value: format.number(v as number) })
    if (field === 'ownerId') return account.ownerName ?? t('noOwner')
    if (field === 'website')
      return (
        <Anchor href={String(v)} target="_blank" rel="noopener noreferrer" size="sm">
          {String(v)}
        </Anchor>
      )
    if (field === 'email')
      return (
        <Anchor href={`mailto:${String(v)}`} size="sm">
          {String(v)}
        </Anchor>
      )
    return String(v)
  }
  const grid = (fields: AccountField[]) => {
    const visible = fields.filter(shown)
    if (visible.length === 0) return null
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
        {visible.map((f) => (
          <DetailField key={f} label={t(`fields.${f}`)} testId={`account-${f}`}>
            {value(f)}
          </DetailField>
        ))}
      </SimpleGrid>
    )
  }

  const doDelete = async () => {
    try {
      await remove.mutateAsync(account.id)
      notifications.show({ color: 'teal', message: t('deleted', { name: account.name ?? '' }) })
      void navigate('/accounts', { replace: true })
    } catch (error) {
      confirm.close()
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="account-title">{account.name ?? '—'}</span>}
        description={
          <Group component="span" gap="sm">
            {account.nameKana ? <span data-testid="account-nameKana">{account.nameKana}</span> : null}
            {account.territoryName ? (
              <Badge variant="light" color="grape" leftSection={<IconMap2 size={12} />} data-testid="account-territory">
                {t('territory', { name: account.territoryName })}
              </Badge>
            ) : null}
            <SegmentBadge accountId={account.id} />
          </Group>
        }
        actions={
          <>
            {canUpdate ? (
              <Button component={Link} to={`/accounts/${account.id}/edit`} variant="default" leftSection={<IconPencil size={16} />} data-testid="account-edit">
                {t('common:actions.edit')}
              </Button>
            ) : null}
            {canDelete ? (
              <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirm.open} data-testid="account-delete">
                {t('common:actions.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md">
        <Card padding="lg">
          <Title order={5} mb="md">
            {t('sections.basic')}
          </Title>
          {grid(['industry', 'phone', 'email', 'website', 'annualRevenue', 'employeeCount', 'ownerId'])}
        </Card>
        {account.prefecture || account.address || account.postalCode || account.territoryName ? (
          <Card padding="lg">
            <Title order={5} mb="md">
              {t('sections.address')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
              <DetailField label={t('fields.address')} testId="account-address">
                {[account.postalCode ? `〒${account.postalCode}` : null, `${account.prefecture ?? ''}${account.address ?? ''}`].filter(Boolean).join(' ') || '—'}
              </DetailField>
              <DetailField label={t('fields.territory')} testId="account-territory-field">
                {account.territoryName ?? t('noTerritory')}
              </DetailField>
            </SimpleGrid>
          </Card>
        ) : null}
        {shown('notes') ? (
          <Card padding="lg">
            <Title order={5} mb="sm">
              {t('sections.notes')}
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="account-notes">
              {account.notes || '—'}
            </Text>
          </Card>
        ) : null}
        <CustomFieldValues object="accounts" values={account.custom} />
        <AccountInsightsCard accountId={account.id} />
        <Customer360Panel type="accounts" id={account.id} />
        <AccountRelations accountId={account.id} />
        <AccountDeals accountId={account.id} accountName={account.name} />
        <AccountContracts accountId={account.id} />
        <DocumentsPanel recordType="account" recordId={account.id} />
        <ActivityTimeline accountId={account.id} />
        <Group gap="xl" c="dimmed">
          <Text size="xs">
            {t('fields.createdAt')}: {format.dateTime(account.createdAt)}
          </Text>
          <Text size="xs">
            {t('fields.updatedAt')}: {format.dateTime(account.updatedAt)}
          </Text>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: account.name ?? '' })}
        loading={remove.isPending}
        onConfirm={() => void doDelete()}
        onClose={confirm.close}
      />
    </>
  )
}
