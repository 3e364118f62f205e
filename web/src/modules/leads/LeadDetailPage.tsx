/** リード詳細: every field the role may see, status actions (qualify / disqualify), edit, delete and 商談化. */
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconPencil, IconTransform, IconTrash, IconX } from '@tabler/icons-react'
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
import { type Lead, type LeadStatus, useDeleteLead, useLead, useSaveLead } from './api.ts'
import { ConvertLeadDialog } from './ConvertLeadDialog.tsx'
import { LeadStatusBadge, ScoreBadge } from './LeadBadges.tsx'
import { LeadFormModal } from './LeadFormModal.tsx'

type FieldKey = 'familyNameKana' | 'title' | 'email' | 'phone' | 'companyName' | 'industry' | 'prefecture' | 'website' | 'ownerId' | 'source' | 'formSubmissions'

export default function LeadDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation('leads')
  const lead = useLead(id)
  const back = <BackLink to="/leads" label={t('backToList')} />
  if (lead.isPending) return <CenteredLoader />
  if (lead.error)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorAlert error={lead.error} />
      </>
    )
  return <LeadDetail lead={lead.data} back={back} />
}

function LeadDetail({ lead, back }: { lead: Lead; back: ReactNode }) {
  const { t } = useTranslation('leads')
  const format = useFormat()
  const navigate = useNavigate()
  const rule = useFieldRules('leads')
  const canUpdate = useCan('leads', 'update')
  const canDelete = useCan('leads', 'delete')
  const save = useSaveLead(lead.id)
  const remove = useDeleteLead()
  const [confirming, confirm] = useDisclosure()
  const [editing, edit] = useDisclosure()
  const [converting, convert] = useDisclosure()
  const converted = lead.status === 'converted'

  const setStatus = (status: Exclude<LeadStatus, 'converted'>) =>
    save.mutate(
      { status },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('statusChanged', { status: t(`status.${status}`) }) }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
      },
    )

  const value = (field: FieldKey): ReactNode => {
    if (field === 'source') return t(`source.${lead.source}`)
    if (field === 'formSubmissions') return String(lead.formSubmissions)
    if (field === 'ownerId') return lead.ownerName ?? t('noOwner')
    if (field === 'familyNameKana') return [lead.familyNameKana, lead.givenNameKana].filter(Boolean).join(' ') || '—'
    const v = lead[field]
    if (!v) return '—'
    if (field === 'email') return <Anchor href={`mailto:${v}`} size="sm">{v}</Anchor>
    if (field === 'website') return <Anchor href={v} target="_blank" rel="noopener noreferrer" size="sm">{v}</Anchor>
    return v
  }
  const grid = (fields: FieldKey[]) => (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
      {fields
        .filter((f) => rule(f) !== 'hidden')
        .map((f) => (
          <DetailField key={f} label={t(`fields.${f}`)} testId={`lead-${f}`}>
            {value(f)}
          </DetailField>
        ))}
    </SimpleGrid>
  )

  const doDelete = async () => {
    try {
      await remove.mutateAsync(lead.id)
      notifications.show({ color: 'teal', message: t('deleted', { name: lead.displayName }) })
      void navigate('/leads', { replace: true })
    } catch (error) {
      confirm.close()
      notifications.show({ color: 'red', message: errorMessage(error, t) })
    }
  }

  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="lead-heading">{lead.displayName}</span>}
        description={
          <Group component="span" gap="xs">
            <LeadStatusBadge status={lead.status} />
            {lead.companyName ? <span>{lead.companyName}</span> : null}
          </Group>
        }
        actions={
          canUpdate && !converted ? (
            <>
              {lead.status !== 'qualified' ? (
                <Button variant="light" color="teal" leftSection={<IconCheck size={16} />} onClick={() => setStatus('qualified')} loading={save.isPending} data-testid="lead-qualify">
                  {t('actions.qualify')}
                </Button>
              ) : null}
              {lead.status !== 'unqualified' ? (
                <Button variant="light" color="gray" leftSection={<IconX size={16} />} onClick={() => setStatus('unqualified')} loading={save.isPending} data-testid="lead-disqualify">
                  {t('actions.disqualify')}
                </Button>
              ) : null}
              <Button leftSection={<IconTransform size={16} />} onClick={convert.open} data-testid="lead-convert">
                {t('actions.convert')}
              </Button>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open} data-testid="lead-edit">
                {t('common:actions.edit')}
              </Button>
              {canDelete ? (
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirm.open} data-testid="lead-delete">
                  {t('common:actions.delete')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <Stack gap="md">
        {converted ? (
          <Alert color="grape" variant="light" title={t('sections.conversion')} data-testid="lead-converted">
            <Stack gap={4}>
              <Text size="sm">{t('readOnly')}</Text>
              <Group gap="md">
                {lead.convertedAccountId ? (
                  <Anchor component={Link} to={`/accounts/${lead.convertedAccountId}`} size="sm" data-testid="lead-converted-account">
                    {t('convert.account')}
                  </Anchor>
                ) : null}
                {lead.convertedContactId ? (
                  <Anchor component={Link} to={`/contacts/${lead.convertedContactId}`} size="sm" data-testid="lead-converted-contact">
                    {t('convert.contact')}
                  </Anchor>
                ) : null}
                {lead.convertedDealId ? (
                  <Anchor component={Link} to={`/deals/${lead.convertedDealId}`} size="sm" data-testid="lead-converted-deal">
                    {t('convert.deal')}
                  </Anchor>
                ) : null}
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <Card padding="lg">
          <Group justify="space-between" mb="md">
            <Title order={5}>{t('sections.score')}</Title>
            <ScoreBadge score={lead.score} />
          </Group>
          <Group gap="lg">
            <Badge variant="outline" color="indigo">
              {t('fields.fitScore')}: {lead.fitScore}
            </Badge>
            <Badge variant="outline" color="orange">
              {t('fields.engagementScore')}: {lead.engagementScore}
            </Badge>
          </Group>
        </Card>
        <Card padding="lg">
          <Title order={5} mb="md">
            {t('sections.person')}
          </Title>
          {grid(['familyNameKana', 'title', 'email', 'phone', 'ownerId', 'source', 'formSubmissions'])}
        </Card>
        <Card padding="lg">
          <Title order={5} mb="md">
            {t('sections.company')}
          </Title>
          {grid(['companyName', 'industry', 'prefecture', 'website'])}
        </Card>
        {lead.message || lead.notes ? (
          <Card padding="lg">
            <Title order={5} mb="sm">
              {t('sections.inquiry')}
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="lead-message">
              {lead.message || '—'}
            </Text>
            {lead.notes ? (
              <Text size="sm" c="dimmed" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {lead.notes}
              </Text>
            ) : null}
          </Card>
        ) : null}
        <Group gap="xl" c="dimmed">
          <Text size="xs">
            {t('fields.createdAt')}: {format.dateTime(lead.createdAt)}
          </Text>
          <Text size="xs">
            {t('fields.updatedAt')}: {format.dateTime(lead.updatedAt)}
          </Text>
        </Group>
      </Stack>
      {editing ? <LeadFormModal opened lead={lead} onClose={edit.close} /> : null}
      {converting ? <ConvertLeadDialog lead={lead} onClose={convert.close} /> : null}
      <ConfirmDialog
        opened={confirming}
        title={t('common:confirm.deleteTitle')}
        message={t('common:confirm.deleteMessage', { name: lead.displayName })}
        loading={remove.isPending}
        onConfirm={() => void doDelete()}
        onClose={confirm.close}
      />
    </>
  )
}
