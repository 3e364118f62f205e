/** 商談の詳細: profile, a clickable stage path, win/lose, stage history with time in stage. */
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Stepper, Text, Textarea, Timeline, Title } from '@mantine/core'
import { IconArrowLeft, IconEdit, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useCan } from '../../auth/session.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { CenteredLoader } from '../../components/StatusPage.tsx'
import { useFormat } from '../../i18n/format.ts'
import { formatDay, formatMoney, useDeal, useDeleteDeal, useMoveDeal, usePipelines, useSaveDeal, useStageHistory } from './api.ts'
import { DealFormModal } from './DealFormModal.tsx'
import { CreateQuoteButton } from '../billing/CreateQuoteButton.tsx'
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx'
import { CustomFieldValues } from '../custom-fields/CustomFieldValues.tsx'
import { DocumentsPanel } from '../documents/DocumentsPanel.tsx'
import { RecordComments } from '../customer-360/RecordComments.tsx'

function duration(seconds: number | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (seconds === null) return ''
  if (seconds < 3600) return t('duration.minutes', { count: Math.max(1, Math.round(seconds / 60)) })
  if (seconds < 86_400) return t('duration.hours', { count: Math.round(seconds / 3600) })
  return t('duration.days', { count: Math.round(seconds / 86_400) })
}

export default function DealDetailPage() {
  const { id = '' } = useParams()
  const { t, i18n } = useTranslation('deals')
  const format = useFormat()
  const navigate = useNavigate()
  const deal = useDeal(id)
  const history = useStageHistory(id)
  const pipelines = usePipelines()
  const move = useMoveDeal()
  const saveReason = useSaveDeal(id)
  const remove = useDeleteDeal()
  const canUpdate = useCan('deals', 'update')
  const canDelete = useCan('deals', 'delete')
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [reason, setReason] = useState<string | null>(null)

  if (deal.isPending) return <CenteredLoader />
  if (deal.error || !deal.data) return <ErrorAlert error={deal.error} onRetry={() => void deal.refetch()} />
  const d = deal.data
  const stages = pipelines.data?.data.find((p) => p.id === d.pipelineId)?.stages ?? []
  const openStages = stages.filter((s) => s.kind === 'open')
  const won = stages.find((s) => s.kind === 'won')
  const lost = stages.find((s) => s.kind === 'lost')
  const activeIndex = d.status === 'open' ? openStages.findIndex((s) => s.id === d.stageId) : openStages.length
  const statusColor = d.status === 'won' ? 'teal' : d.status === 'lost' ? 'gray' : 'blue'

  return (
    <>
      <PageHeader
        back={
          <Anchor component={Link} to={`/deals?pipeline=${d.pipelineId}`} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t('backToBoard')}
            </Group>
          </Anchor>
        }
        title={
          <Group gap="sm">
            <span data-testid="deal-title">{d.name}</span>
            <Badge color={statusColor} variant="light" data-testid="deal-status">
              {t(`status.${d.status}`)}
            </Badge>
          </Group>
        }
        actions={
          <>
            <CreateQuoteButton dealId={d.id} accountId={d.accountId} />
            {canUpdate ? (
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)} data-testid="deal-edit">
                {t('common:actions.edit')}
              </Button>
            ) : null}
            {canDelete ? (
              <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)} data-testid="deal-delete">
                {t('common:actions.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={move.error} />
      <Card mb="md">
        <Stepper
          active={activeIndex}
          size="sm"
          onStepClick={canUpdate ? (index) => openStages[index] && move.mutate({ id, stageId: openStages[index].id }) : undefined}
          allowNextStepsSelect={canUpdate}
          data-testid="deal-stage-path"
        >
          {openStages.map((s) => (
            <Stepper.Step key={s.id} label={s.name} description={`${s.probability}%`} data-testid={`deal-stage-${s.position}`} />
          ))}
        </Stepper>
        {canUpdate && d.status === 'open' ? (
          <Group mt="md" gap="sm">
            <Button color="teal" variant="light" onClick={() => won && move.mutate({ id, stageId: won.id })} loading={move.isPending} data-testid="deal-mark-won">
              {t('markWon')}
            </Button>
            <Button color="gray" variant="light" onClick={() => lost && move.mutate({ id, stageId: lost.id })} loading={move.isPending} data-testid="deal-mark-lost">
              {t('markLost')}
            </Button>
          </Group>
        ) : null}
        {canUpdate && d.status !== 'open' ? (
          <Stack mt="md" gap="xs">
            <Textarea
              label={t('fields.closeReason')}
              value={reason ?? d.closeReason ?? ''}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="deal-close-reason"
            />
            <Group>
              <Button size="xs" onClick={() => saveReason.mutate({ closeReason: (reason ?? '').trim() || null }, { onSuccess: () => setReason(null) })} disabled={reason === null} loading={saveReason.isPending}>
                {t('common:actions.save')}
              </Button>
              {openStages.at(-1) ? (
                <Button size="xs" variant="subtle" onClick={() => move.mutate({ id, stageId: openStages.at(-1)!.id })} data-testid="deal-reopen">
                  {t('reopen')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        ) : null}
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card>
            <Title order={4} mb="sm">
              {t('sections.details')}
            </Title>
            <Stack gap="xs">
              {[
                ['amount', d.amount !== undefined ? formatMoney(d.amount, d.currency, i18n.language) : undefined],
                ['probability', d.probability !== undefined ? `${d.probability}%` : undefined],
                ['expectedCloseDate', d.expectedCloseDate !== undefined ? formatDay(d.expectedCloseDate, i18n.language) : undefined],
                ['ownerId', d.ownerName ?? (d.ownerId === undefined ? undefined : '—')],
                ['competitors', d.competitors ? d.competitors.join('、') || '—' : undefined],
                ['closedAt', d.closedAt ? format.dateTime(d.closedAt) : undefined],
              ]
                .filter(([, value]) => value !== undefined)
                .map(([field, value]) => (
                  <Group key={field} gap="md" wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
                      {t(`fields.${field}`)}
                    </Text>
                    <Text size="sm" data-testid={`deal-${field}`}>
                      {value}
                    </Text>
                  </Group>
                ))}
              {d.accountId !== undefined ? (
                <Group gap="md" wrap="nowrap">
                  <Text size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
                    {t('fields.accountId')}
                  </Text>
                  {d.accountId ? (
                    <Anchor component={Link} to={`/accounts/${d.accountId}`} size="sm" data-testid="deal-account">
                      {d.accountName}
                    </Anchor>
                  ) : (
                    <Text size="sm">—</Text>
                  )}
                </Group>
              ) : null}
              {d.notes ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt="sm">
                  {d.notes}
                </Text>
              ) : null}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card>
            <Title order={4} mb="sm">
              {t('sections.history')}
            </Title>
            <ErrorAlert error={history.error} />
            <Timeline bulletSize={14} lineWidth={2} data-testid="deal-history">
              {(history.data?.data ?? [])
                .slice()
                .reverse()
                .map((h) => (
                  <Timeline.Item key={h.id} title={h.fromStageName ? `${h.fromStageName} → ${h.toStageName}` : t('historyCreated', { stage: h.toStageName })}>
                    <Text size="xs" c="dimmed">
                      {format.dateTime(h.changedAt)}
                      {h.changedByName ? ` · ${h.changedByName}` : ''}
                    </Text>
                    {h.secondsInFromStage !== null ? (
                      <Text size="xs" c="dimmed">
                        {t('timeInStage', { duration: duration(h.secondsInFromStage, t) })}
                      </Text>
                    ) : null}
                  </Timeline.Item>
                ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>
      <Stack gap="md" mt="md">
        <CustomFieldValues object="deals" values={d.custom} />
        <RecordComments type="deals" id={d.id} />
        <DocumentsPanel recordType="deal" recordId={d.id} />
        <ActivityTimeline relatedType="deals" relatedId={d.id} accountId={d.accountId ?? undefined} />
      </Stack>
      {editing ? <DealFormModal pipelineId={d.pipelineId} deal={d} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        opened={deleting}
        title={t('deleteTitle')}
        message={t('deleteMessage', { name: d.name })}
        confirmLabel={t('common:actions.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate(id, { onSuccess: () => navigate(`/deals?pipeline=${d.pipelineId}`) })}
        onClose={() => setDeleting(false)}
      />
    </>
  )
}
