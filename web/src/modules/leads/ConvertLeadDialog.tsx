/** 商談化 dialog: shows the 名寄せ matches for the company and the person, lets the user pick, and optionally opens a deal. */
import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Modal, NumberInput, Radio, Select, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCircleCheck } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { usePipelines } from '../deals/api.ts'
import { type Conversion, type ConvertedRecord, type Lead, type Match, useConvertLead, useLeadMatches } from './api.ts'

const NEW = 'new'

function MatchChoice({ label, matches, value, onChange, testId }: { label: string; matches: Match[]; value: string; onChange(v: string): void; testId: string }) {
  const { t } = useTranslation('leads')
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        {matches.length > 0 ? t('convert.matchesFound') : t('convert.noMatches')}
      </Text>
      <Radio.Group value={value} onChange={onChange}>
        <Stack gap={6} data-testid={testId}>
          {matches.map((m) => (
            <Radio
              key={m.id}
              value={m.id}
              data-testid={`${testId}-match`}
              label={
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={500}>
                    {m.name}
                  </Text>
                  <Badge size="xs" color={m.level === 'likely' ? 'orange' : 'gray'} variant="light">
                    {t(`convert.${m.level === 'likely' ? 'likely' : 'possible'}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {m.reasons.map((r) => t(`reasons.${r}`, { defaultValue: r })).join('・')}
                  </Text>
                </Group>
              }
            />
          ))}
          <Radio value={NEW} label={t('convert.newRecord')} data-testid={`${testId}-new`} />
        </Stack>
      </Radio.Group>
    </Stack>
  )
}

function ResultLine({ label, record, path }: { label: string; record: ConvertedRecord | { id: string; name: string; outcome?: undefined }; path: string }) {
  const { t } = useTranslation('leads')
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={600} w={72}>
        {label}
      </Text>
      <Anchor component={Link} to={`${path}/${record.id}`} size="sm">
        {record.name}
      </Anchor>
      {record.outcome ? (
        <Badge size="sm" color={record.outcome === 'created' ? 'teal' : 'indigo'} variant="light" data-testid={`convert-outcome-${path.slice(1)}`}>
          {t(`convert.${record.outcome}`)}
        </Badge>
      ) : null}
    </Group>
  )
}

export function ConvertLeadDialog({ lead, onClose }: { lead: Lead; onClose(): void }) {
  const { t } = useTranslation('leads')
  const matches = useLeadMatches(lead.id, true)
  const pipelines = usePipelines()
  const convert = useConvertLead(lead.id)
  const [accountChoice, setAccountChoice] = useState<string | null>(null)
  const [contactChoice, setContactChoice] = useState<string | null>(null)
  const [withDeal, setWithDeal] = useState(true)
  const [dealName, setDealName] = useState('')
  const [pipelineId, setPipelineId] = useState<string | null>(null)
  const [stageId, setStageId] = useState<string | null>(null)
  const [amount, setAmount] = useState<number | string>('')
  const [result, setResult] = useState<Conversion | null>(null)

  // Default choice: the likely match (what the server would link), else a new record.
  const firstLikely = (list: Match[] | undefined) => list?.find((m) => m.level === 'likely')?.id ?? NEW
  const account = accountChoice ?? firstLikely(matches.data?.accounts)
  const contact = contactChoice ?? firstLikely(matches.data?.contacts)
  const pipelineList = pipelines.data?.data ?? []
  const pipeline = pipelineList.find((p) => p.id === pipelineId) ?? pipelineList.find((p) => p.isDefault) ?? pipelineList[0]
  const openStages = pipeline?.stages.filter((s) => s.kind === 'open') ?? []

  const submit = () => {
    convert.mutate(
      {
        ...(account !== NEW ? { accountId: account } : {}),
        ...(contact !== NEW ? { contactId: contact } : {}),
        deal: withDeal
          ? {
              ...(dealName.trim() ? { name: dealName.trim() } : {}),
              ...(pipeline ? { pipelineId: pipeline.id } : {}),
              ...(stageId ? { stageId } : {}),
              amount: amount === '' ? null : Number(amount),
            }
          : null,
      },
      {
        onSuccess: (done) => {
          setResult(done)
          notifications.show({ color: 'teal', message: t('convert.done') })
        },
      },
    )
  }

  return (
    <Modal opened onClose={onClose} title={t('convert.title')} size="lg">
      {result ? (
        <Stack gap="sm" data-testid="convert-result">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
            {t('convert.done')}
          </Alert>
          {result.account ? <ResultLine label={t('convert.account')} record={result.account} path="/accounts" /> : null}
          <ResultLine label={t('convert.contact')} record={result.contact} path="/contacts" />
          {result.deal ? <ResultLine label={t('convert.deal')} record={result.deal} path="/deals" /> : null}
          <Group justify="flex-end">
            <Button onClick={onClose} data-testid="convert-close">
              {t('common:actions.close')}
            </Button>
          </Group>
        </Stack>
      ) : matches.isPending ? (
        <Group justify="center" p="lg">
          <Loader size="sm" />
        </Group>
      ) : (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('convert.intro')}
          </Text>
          <ErrorAlert error={matches.error ?? convert.error} />
          {lead.companyName ? (
            <MatchChoice label={`${t('convert.account')}：${lead.companyName}`} matches={matches.data?.accounts ?? []} value={account} onChange={setAccountChoice} testId="convert-account" />
          ) : (
            <Text size="sm">{t('convert.noCompany')}</Text>
          )}
          <MatchChoice label={`${t('convert.contact')}：${lead.displayName}`} matches={matches.data?.contacts ?? []} value={contact} onChange={setContactChoice} testId="convert-contact" />
          <Checkbox label={t('convert.createDeal')} checked={withDeal} onChange={(e) => setWithDeal(e.currentTarget.checked)} data-testid="convert-with-deal" />
          {withDeal ? (
            <Stack gap="sm">
              <TextInput label={t('convert.dealName')} placeholder={t('convert.dealNamePlaceholder', { name: lead.companyName ?? lead.displayName })} value={dealName} onChange={(e) => setDealName(e.currentTarget.value)} data-testid="convert-deal-name" />
              <Group grow wrap="wrap" gap="sm">
                <Select
                  label={t('convert.pipeline')}
                  data={pipelineList.map((p) => ({ value: p.id, label: p.name }))}
                  value={pipeline?.id ?? null}
                  onChange={(v) => {
                    setPipelineId(v)
                    setStageId(null)
                  }}
                  allowDeselect={false}
                  miw={180}
                  data-testid="convert-pipeline"
                />
                <Select
                  label={t('convert.stage')}
                  data={openStages.map((s) => ({ value: s.id, label: s.name }))}
                  value={stageId ?? openStages[0]?.id ?? null}
                  onChange={setStageId}
                  allowDeselect={false}
                  miw={180}
                  data-testid="convert-stage"
                />
              </Group>
              <NumberInput label={t('convert.amount')} value={amount} onChange={setAmount} min={0} thousandSeparator="," data-testid="convert-amount" />
            </Stack>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button onClick={submit} loading={convert.isPending} data-testid="convert-submit">
              {t('convert.submit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
